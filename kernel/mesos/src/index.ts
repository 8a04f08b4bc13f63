/**
 * The wire layer of the v1 APIs (scheduler, executor, operator, agent): Mesos message types, their
 * JSON schema tables and codec, the protobuf codec bridged to them, RecordIO framing, call
 * validation, content negotiation, and HTTP answers and their one writer.
 */
export * from './generated/types';
export * from './helpers';
export * from './json';
export * from './generated/schema';
export * from './recordio';
export * from './validate';
export * from './docker-info';
export * from './validate-checks';
export * from './errors';
export * from './negotiate';
export * from './protobuf';
export * from './agent-calls';
export * from './executor-calls';
export * from './resources';
export * from './mesos-error';
export * from './read-call';
export * from './secrets';
export * from './logging-level';
export * from './agent-networks';
