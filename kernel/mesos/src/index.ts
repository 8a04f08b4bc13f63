/**
 * The wire layer of the v1 APIs (scheduler and operator): Mesos message types, their JSON schema
 * tables and codec, RecordIO framing, call validation, and HTTP answers. Transport-agnostic.
 */
export * from './types';
export * from './json';
export * from './schema';
export * from './recordio';
export * from './validate';
export * from './errors';
export * from './agent-calls';
export * from './executor-calls';
export * from './resources';
export * from './mesos-error';
