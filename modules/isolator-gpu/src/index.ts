import { defineModule, SkipModule, Tokens } from '@plateau/kernel';
import { GpuConfigSchema, withDefaults, type GpuConfig } from './config';
import { discover } from './discovery';
import { GpuIsolator } from './gpu-isolator';

export { GpuIsolator, requestedGpus, RESOURCES_STATUS_NAME, type AdvertisedResource } from './gpu-isolator';
export { discover, controlDevices, runNvidiaSmi, NVIDIA_MAJOR, type Gpu, type ControlDevice, type Discovery } from './discovery';
export { parseQueryGpu, parseDriverInformation, parseSmiQuery, parseProcDevices, normalizeBusId, devNumbers, QUERY_ARGS, QUERY_FIELDS } from './nvidia';
export { GpuConfigSchema, withDefaults, type GpuConfig, type GpuDeviceConfig } from './config';

/**
 * isolator-gpu: NVIDIA GPU isolation. Discovers GPUs (config list, or nvidia-smi plus the
 * driver's /proc files), advertises `gpus`, assigns specific GPUs to containers, lets only their
 * /dev/nvidiaN plus the control devices through the devices cgroup, and mounts the driver volume.
 * Skips itself when there is no GPU.
 */
export default defineModule<GpuIsolator, GpuConfig, { log: typeof Tokens.logger }>({
  kind: 'isolator',
  name: 'gpu',
  version: '0.1.0',
  apiVersions: ['v1'],
  configSchema: GpuConfigSchema,
  deps: { log: Tokens.logger },
  async create({ config, deps, dirs }) {
    const cfg = withDefaults(config);
    const found = await discover(cfg, deps.log);
    if (found.gpus.length === 0) throw new SkipModule(`no NVIDIA GPU found (${found.none ?? 'none detected'}; none listed in config)`);
    deps.log.info({ gpus: found.gpus.map((g) => ({ index: g.index, minor: g.minor, uuid: g.uuid, name: g.name })), control: found.control.map((c) => c.containerPath) }, 'GPUs found');
    return new GpuIsolator(cfg, found.gpus, found.control, dirs.state, deps.log);
  },
  stop: (isolator) => isolator.close(),
});
