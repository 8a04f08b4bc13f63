/** Config of the gpu isolator (the single source of truth is this schema). */
export const GpuConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    devices: {
      type: 'array',
      description: 'GPUs listed explicitly; when given, nvidia-smi is not asked. Major and minor come from the node (stat) unless given.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['index', 'path'],
        properties: {
          index: { type: 'integer', minimum: 0, description: 'nvidia-smi index of the GPU.' },
          path: { type: 'string', description: 'Host path of the GPU\'s device node, e.g. /dev/nvidia0.' },
          uuid: { type: 'string', description: 'GPU UUID (GPU-...), used for NVIDIA_VISIBLE_DEVICES and to key assignments.' },
          name: { type: 'string', description: 'Model name, for status and logs.' },
          major: { type: 'integer', minimum: 0, description: 'Device major (195 for NVIDIA GPUs); read from the node when omitted.' },
          minor: { type: 'integer', minimum: 0, description: 'Device minor; read from the node when omitted.' },
          containerPath: { type: 'string', description: 'Path of the node inside the container; /dev/nvidia<minor> by default.' },
        },
      },
    },
    nvidiaSmi: { type: 'string', default: 'nvidia-smi', description: 'nvidia-smi to run for discovery (a name looked up in PATH, or a path).' },
    discoveryTimeoutMs: { type: 'integer', minimum: 100, default: 10000, description: 'How long nvidia-smi may take.' },
    devDir: { type: 'string', default: '/dev', description: 'Where the control devices (nvidiactl, nvidia-uvm, nvidia-uvm-tools, nvidia-modeset) and /dev/nvidia<minor> are looked for.' },
    procDir: { type: 'string', default: '/proc', description: 'Where devices and driver/nvidia/gpus/*/information are read (minor numbers, the nvidia-uvm major).' },
    driverVolume: {
      type: 'string',
      description: 'Host directory of driver binaries and libraries (bin/, lib/, lib64/), mounted read-only in containers that have an image and GPUs.',
    },
    driverVolumeTarget: { type: 'string', default: '/usr/local/nvidia', description: 'Where the driver volume appears in the container.' },
    controlDevicesForAll: {
      type: 'boolean',
      default: false,
      description: 'Also give containers without GPUs the control devices (Mesos does, so that nvidia-smi runs there).',
    },
    access: { type: 'string', pattern: '^[rwm]+$', default: 'rwm', description: 'Devices-cgroup access granted on GPU and control devices.' },
  },
} as const;

/** A GPU listed in config. */
export interface GpuDeviceConfig {
  index: number;
  path: string;
  uuid?: string;
  name?: string;
  major?: number;
  minor?: number;
  containerPath?: string;
}

/** The gpu isolator's config, with defaults applied. */
export interface GpuConfig {
  devices?: GpuDeviceConfig[];
  nvidiaSmi: string;
  discoveryTimeoutMs: number;
  devDir: string;
  procDir: string;
  driverVolume?: string;
  driverVolumeTarget: string;
  controlDevicesForAll: boolean;
  access: string;
}

/** Fills what the host's schema defaults would; lets the isolator be built directly (tests, tools). */
export function withDefaults(c: Partial<GpuConfig> = {}): GpuConfig {
  return {
    devices: c.devices,
    nvidiaSmi: c.nvidiaSmi ?? 'nvidia-smi',
    discoveryTimeoutMs: c.discoveryTimeoutMs ?? 10000,
    devDir: c.devDir ?? '/dev',
    procDir: c.procDir ?? '/proc',
    driverVolume: c.driverVolume,
    driverVolumeTarget: c.driverVolumeTarget ?? '/usr/local/nvidia',
    controlDevicesForAll: c.controlDevicesForAll ?? false,
    access: c.access ?? 'rwm',
  };
}
