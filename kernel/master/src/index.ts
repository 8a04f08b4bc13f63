/**
 * The master role: the Mesos v1 scheduler and operator APIs over HTTP, the agent link over
 * gRPC on the same port, offers from the allocator, and leadership through the contender module.
 */
export { Master, type MasterRole } from './master';
export { MASTER_DEFAULTS, parseDuration, parseHostPort, formatHostPort, formatDuration, type MasterOptions, type HostPort } from './options';
export { masterModules, type MasterModules, type MasterModuleConfig } from './modules';
export { exposeModuleMetrics } from './metrics/index';
export { AllocatorError, HierarchicalDRFAllocator } from './allocator/index';
export type { HierarchicalDRFOptions, Offer } from './allocator/index';
export { AgentRecord, MasterState, TaskRecord } from './state/index';
export { statusToJson } from './tasks';
export { resourceJson } from './views/json';
export { legacyStatusJson, snapshotLegacyState, warmLegacyState, writeLegacyState } from './views/legacy';
export { JsonSink, StreamSink } from './views/sink';
export { snapshotState, warmState, writeState, writeStateNow, writeTaskV1 } from './views/v1';
export { buildRoutes } from './routes';
export type { Route, RouteAuth } from './http/router';
export { Turns } from './agent-link/turns';
export { Leadership, type LeadershipHandlers } from './leadership';
