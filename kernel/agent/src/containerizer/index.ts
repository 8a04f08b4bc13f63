/** The containerizer: the launch pipeline over launcher, provisioner, isolator and hook modules. */
export {
  Containerizer,
  ContainerLaunchError,
  configFromJson,
  configToJson,
  imageOf,
  type ContainerizerModules,
  type ContainerLimitation,
  type ContainerSpec,
  type ContainerTermination,
  type LaunchedContainer,
  type LaunchStep,
  type NamedModule,
  type RecoveredContainer,
} from './containerizer';
export { commandArgs, environmentOf, imageEnvironment, mergeEnvironment } from './command';
export { containerLimits, containerResource, scalarSum } from './resources';
export { mergeLaunchInfo, type LaunchInfoPart, type MergedLaunchInfo } from './merge-launch-info';
export { volumeMountsOf } from './container-volumes';
export { askSupport, checkNetworks, noSupport, type IsolatorSupport } from './isolator-support';
export { CONTAINER_SANDBOX } from '@plateau/kernel';
export { chownSecrets, describeSecret, hasSecrets, removeSecrets, resolveSecrets, secretsDirOf, type ContainerSecrets, type SecretsSetup } from './secrets';
