/**
 * @plateau/cli: the `plateau` command (`main`), the clients of the master's and agent's APIs,
 * and the simulated agents that tests and benchmarks use in thousands.
 */
export { main, takeLogLevel } from './main';
export { SimFleet, type SimFleetOptions } from './sim/index';
export { podLaunchOf, podNeeds, PodFileError, type PodLaunch } from './pod-file';
export { chooseLogFormat, logDestination, LOG_FORMATS, prettyOptions, type LogFormat } from './log-format';
export { StartupGate } from './startup-gate';
export { volumeOption, VolumeOptionError } from './volume-option';
export { bar, completed, formatBytes, layerLine, PlainPullLines, pullLines, pullOfStatus, type PullData } from './progress/pull-bars';
export { spinnerLine, SPINNER_FRAMES } from './progress/spinner';
export { splitResources } from './up-agents/split-resources';
export { systemdUnit } from './systemd-unit';
export { cgroupLayout, cniPluginTypes } from './doctor/host-checks';
export { failureHint, podExitCode, taskExitCode } from './task-exit';
