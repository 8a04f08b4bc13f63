/**
 * The agent role: resource discovery, registration with the leading master, task launch through
 * the containerizer, status updates retried until acknowledged, checkpoint and recovery.
 */
export { Agent, AGENT_DEFAULTS, attributesOf, terminalStatus, type AgentModules, type AgentOptions } from './agent';
export { agentModules, type AgentModuleChoice } from './modules';
export { AgentRouter, type AgentHttpRequest, type AgentRoute } from './http/router';
export { agentState, statistics } from './http/routes';
export { browse, closeSandboxPath, fileRoutes, openSandboxPath, readAt, type Opened, type Resolved } from './http/files';
export { MasterLink, leaderAddress, type DetectedLeader } from './link-client';
export { AgentAuth, type AgentCaller } from './http/auth';
export { peerOf, procAddress, socketAddress, PeerContainers, type Peer, type PeerCandidate } from './http/peer-container';
export { agentResources, discover, memoryToOffer, diskToOffer, DEFAULT_PORTS } from './resources';
export { commandExecutorInfo, containerAttribute, decorateAdvertised, decorateRunTask, mesosAttribute } from './hook-points';
export { segment, unsegment, sandboxDir } from './paths';
export { rotateIfLarge, type SandboxLogFile, SandboxLogs, type SandboxLogOptions, UnsafeSandboxLog } from './sandbox-logs';
export { CheckpointStore } from './checkpoint';
export { exposeModuleMetrics } from './metrics/index';
export { commandArgs, mergeEnvironment } from './containerizer/index';
export { mergeLaunchInfo } from './containerizer/merge-launch-info';
export { Escalation } from './containerizer/escalation';
export { CONTAINER_SANDBOX, hasSecrets, removeSecrets, resolveSecrets, secretsDirOf, type ContainerSecrets, type SecretsSetup } from './containerizer/index';
export { hostOwnerOf, type HostOwner } from './containerizer/task-user';
export { volumeMountsOf } from './containerizer/container-volumes';
export { chainValues, depthOf, MAX_NESTING_DEPTH, nestedRefusal, nestedSandbox, nestLaunchInfo, parseIdMap, type ContainerIdChain, type NamespaceReader } from './containerizer/nested';
export { askSupport, checkNetworks, noSupport, type IsolatorSupport } from './containerizer/isolator-support';
export { AgentStore, type AgentTask } from './state';
export { StatusUpdates } from './status-updates';
export { FETCHER_DEFAULTS, FetchError, Fetcher, FetcherCache, type FetcherOptions, type FetchRequest } from './fetcher/index';
export { formatBytes, PULL_DATA_KEY, PULL_STATUS_DELAY_MS, PULL_STATUS_INTERVAL_MS, PullStatusThrottle, pullData, pullMessage, shortLayer, type PullData, type PullLayer } from './pull-status';
export { followPull, PullTracker, type PullEvent, type PullView } from './containerizer/pull-progress';
