/**
 * @plateau/kernel: the only import surface for modules. A module package imports from here and
 * nowhere else in the kernel: the contract (defineModule, SkipModule), DI tokens, coded errors,
 * the kinds table, and serveModule to ship the module as its own binary.
 */
import 'reflect-metadata';

export { defineModule, isModuleDefinition, kindsOf, chooseApiVersion } from './contract/module';
export type { ModuleDefinition, CreateContext, StopContext, JsonSchema, ResolvedDeps } from './contract/module';
export { Tokens, systemClock } from './contract/services';
export type { Clock, ModuleDirs, Logger, Registry } from './contract/services';
export { createToken, kindRef, moduleRef, tokenId } from './contract/tokens';
export type { Token } from './contract/tokens';
export {
  PlateauError,
  ErrorCodes,
  SkipModule,
  ModuleDownError,
  NotFoundError,
  InvalidError,
  UnsupportedError,
  ConflictError,
  FencedError,
  BusyError,
  hasCode,
  messageOf,
} from './contract/errors';
export { KINDS, isKind } from './contract/kinds';
export { buildInfo } from './host/build-info';
export type { BuildInfo } from './host/build-info';
export type { KindName, KindSpec } from './contract/kinds';
export { pushStream } from './contract/push-stream';
export { writeFileAtomic } from './sdk/atomic-file';
export { CONTAINER_SANDBOX, containerTarget } from './sdk/container-path';
export { CONTAINER_ID_PATTERN, containerIdOf, containerKey, scalarOf } from './sdk/container-id';
export type { ContainerIdLike, ScalarResourceLike } from './sdk/container-id';
export { emptyLaunchInfo, scalarResource, recoverStates, recoverOrphans, isolatePid, ContainerWatches, IsolatorContainers, supportsNothing, isolatorSupports } from './sdk/isolator-kit';
export type { IsolatorRequest, IsolatorResponse, IsolatorLaunchInfo, Limitation, ResourceStatistics, RecoverState, WatchedContainer, Supported } from './sdk/isolator-kit';
export { toMesosJson, fromMesosData, ipToMesosInt, mesosIntToIp } from './sdk/mesos-master-info';
export type { ContenderMasterInfo, DetectedMasterInfo } from './sdk/mesos-master-info';
export { serveModule } from './remote/serve';
export { MODULE_TLS_ENV, moduleServerTlsFromEnv, startModuleServer } from './remote/module-server';
export type { ModuleServer, ModuleServerTls } from './remote/module-server';
/** Kind interfaces, generated from kernel/proto: what an instance of each kind must implement. */
export type {
  KindInterfaces,
  Contender,
  Detector,
  Registry as RegistryService,
  Launcher,
  Provisioner,
  Isolator,
  Hook,
  Authenticator,
  Authorizer,
  SecretResolver,
} from './generated/kinds';

// ---------------------------------------------------------------------------------------------
// What the roles (master, agent, CLI) build on: the host itself, config, the gRPC plumbing, the
// agent link's wire, and the container-facing message types that the generated protos declare.

export { ModuleHost } from './host/host';
export type { HostOptions, ModuleEntry } from './host/host';
export { prepareModules } from './host/boot';
export { ConfigError, SCHEMA_FILE, configJsonSchema, configJsonSchemaText, loadConfig, parseConfig, validateModuleConfigs } from './config/index';
export type { ConfigProblem } from './config/index';
export { readClientTls, readRoleTls, readServerTls, tlsBase, TlsFileError } from './config/index';
export type { ClientTlsConfig, RoleTls, ServerTlsConfig } from './config/index';
export { CLIENT_AUTH_MODES } from './contract/tls';
export type { ClientAuth, ClientTls, ServerTls } from './contract/tls';
export { createHttpsServer, PLAIN_HTTP_ON_TLS_PORT, TLS_HANDSHAKE_BYTE, tlsServerFor } from './remote/tls-server';
export type { AgentConfig, CredentialConfig, MasterConfig, PlateauConfig } from './config/schema';
export { PROTO_DIR, LEADER_METADATA, agentLinkService, healthService, kindService, messageType, methodsOf, moduleService, serviceClient, serviceDefinition } from './contract/proto';
export { validateWithSchema } from './contract/schema';
export { asInjection } from './contract/tokens';
export { spawnModule } from './remote/spawn';
export type { AgentLinkClient } from './generated/kernel/agent/v1/AgentLink';
export type { AgentMessage, AgentMessage__Output } from './generated/kernel/agent/v1/AgentMessage';
export type { ExecutorMessage__Output } from './generated/kernel/agent/v1/ExecutorMessage';
export type { MasterMessage, MasterMessage__Output } from './generated/kernel/agent/v1/MasterMessage';
export type { MasterInfo as ModuleMasterInfo } from './generated/kernel/master/v1/MasterInfo';
export type { ReRegister__Output } from './generated/kernel/agent/v1/ReRegister';
export type { Register__Output } from './generated/kernel/agent/v1/Register';
export type { StatusUpdate__Output } from './generated/kernel/agent/v1/StatusUpdate';
export type { Attribute as ContainerAttribute } from './generated/kernel/container/v1/Attribute';
export type { CgroupSettings } from './generated/kernel/container/v1/CgroupSettings';
export type { ContainerConfig } from './generated/kernel/container/v1/ContainerConfig';
export type { ContainerState } from './generated/kernel/container/v1/ContainerState';
export type { EnvVar } from './generated/kernel/container/v1/EnvVar';
export type { ImageConfig__Output } from './generated/kernel/container/v1/ImageConfig';
export type { Label } from './generated/kernel/container/v1/Label';
export type { LaunchInfo, LaunchInfo__Output } from './generated/kernel/container/v1/LaunchInfo';
export type { PersistentVolume } from './generated/kernel/container/v1/PersistentVolume';
export type { Resource as ContainerResource } from './generated/kernel/container/v1/Resource';
export type { ResourceStatistics__Output } from './generated/kernel/container/v1/ResourceStatistics';
export type { AgentPreLaunchRequest } from './generated/kernel/hook/v1/AgentPreLaunchRequest';
export type { AgentRemoveExecutorRequest } from './generated/kernel/hook/v1/AgentRemoveExecutorRequest';
export type { AgentResourcesRequest } from './generated/kernel/hook/v1/AgentResourcesRequest';
export type { AgentRunTaskRequest } from './generated/kernel/hook/v1/AgentRunTaskRequest';
export type { AgentTaskStatusRequest } from './generated/kernel/hook/v1/AgentTaskStatusRequest';
export type { Decoration__Output } from './generated/kernel/hook/v1/Decoration';
export type { MasterLaunchTaskRequest } from './generated/kernel/hook/v1/MasterLaunchTaskRequest';
export type { Limitation as LimitationMessage, Limitation__Output } from './generated/kernel/isolator/v1/Limitation';
export * from './sdk/launcher-kit';
export { Candidacies, type Candidacy, type CandidacyFactory, type LeadershipEvent } from './sdk/candidacies';
export { machineBootId, monotonicMs, proofValidUntil, stampProof, type ProofFields } from './sdk/proof-deadline';
export { moduleLabel, moduleRuns, moduleServes, pickModule, runningModulesOf } from './host/pick';
export { HOOK_TIMEOUT_MS, HookTimeout, callHook, decorate, decoratedAttributes, decoratedEnvironment, decoratedLabels, decoration, notifyHooks, stampPairs } from './sdk/hooks';
export type { DecorateOptions, DecoratorPoint, HookRequest, NamedHook, NotifyPoint } from './sdk/hooks';
export { authorizeMany } from './sdk/authorize-many';
export type { AuthorizationDecision } from './sdk/authorize-many';
export { ModuleAuth, type AuthCaller, type AuthObject, type Authentication } from './sdk/module-auth';
export type { AuthorizationRequest } from './generated/kernel/authorizer/v1/AuthorizationRequest';
export type { AuthorizationBatchRequest } from './generated/kernel/authorizer/v1/AuthorizationBatchRequest';
export type { AuthorizationObject } from './generated/kernel/authorizer/v1/AuthorizationObject';
export type { AuthorizationResponse__Output } from './generated/kernel/authorizer/v1/AuthorizationResponse';
export type { AuthorizationBatchResponse__Output } from './generated/kernel/authorizer/v1/AuthorizationBatchResponse';
export type { ResolveRequest, ResolveRequest__Output } from './generated/kernel/secret_resolver/v1/ResolveRequest';
export type { ResolveResponse, ResolveResponse__Output } from './generated/kernel/secret_resolver/v1/ResolveResponse';
export type { Secret as ResolverSecret, Secret__Output as ResolverSecret__Output } from './generated/kernel/secret_resolver/v1/Secret';
