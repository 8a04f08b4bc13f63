/**
 * @plateau/kernel: the only import surface for modules. A module package imports from here and
 * nowhere else in the kernel: the contract (defineModule, SkipModule), DI tokens, coded errors,
 * the kinds table, and serveModule to ship the module as its own binary.
 */
import 'reflect-metadata';

export { defineModule, isModuleDefinition, kindsOf, chooseApiVersion } from './host/module';
export type { ModuleDefinition, CreateContext, StopContext, JsonSchema, ResolvedDeps } from './host/module';
export { Tokens, systemClock } from './host/services';
export type { Clock, ModuleDirs, Logger, Registry } from './host/services';
export { createToken, kindRef, moduleRef, tokenId } from './host/tokens';
export type { Token } from './host/tokens';
export {
  PlateauError,
  ErrorCodes,
  SkipModule,
  ModuleDownError,
  NotFoundError,
  InvalidError,
  UnsupportedError,
  ConflictError,
  BusyError,
  hasCode,
  messageOf,
} from './host/errors';
export { KINDS, isKind } from './host/kinds';
export type { KindName, KindSpec } from './host/kinds';
export { pushStream } from './host/push-stream';
export { writeFileAtomic } from './host/atomic-file';
export { CONTAINER_ID_PATTERN, containerIdOf, containerKey, scalarOf } from './host/container-id';
export type { ContainerIdLike, ScalarResourceLike } from './host/container-id';
export { emptyLaunchInfo, scalarResource, recoverStates, recoverOrphans, isolatePid, ContainerWatches, IsolatorContainers } from './host/isolator-kit';
export type { IsolatorRequest, IsolatorResponse, IsolatorLaunchInfo, Limitation, ResourceStatistics, RecoverState, WatchedContainer } from './host/isolator-kit';
export { toMesosJson, fromMesosData, ipToMesosInt, mesosIntToIp } from './host/mesos-master-info';
export type { ContenderMasterInfo, DetectedMasterInfo } from './host/mesos-master-info';
export { serveModule } from './remote/serve';
export { startModuleServer } from './remote/module-server';
export type { ModuleServer } from './remote/module-server';
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
} from './generated/kinds';
