/** Config of the disk isolator (the single source of truth is this schema). */
export const DiskConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    pollMs: {
      type: 'integer',
      minimum: 10,
      default: 5000,
      description: 'How often each container\'s disk usage is measured (Mesos --container_disk_watch_interval, 15 s there).',
    },
    enforce: {
      type: 'boolean',
      default: true,
      description: 'Report a limitation (the agent then kills the container) when usage exceeds the quota; false only measures (Mesos --enforce_container_disk_quota).',
    },
    graceFactor: {
      type: 'number',
      minimum: 1,
      default: 1,
      description: 'The limitation fires when usage exceeds quota × graceFactor; 1.2 tolerates 20 % over the quota.',
    },
    countRootfsWrites: {
      type: 'boolean',
      default: true,
      description: 'Count the container\'s own writes to its root filesystem against the quota: when ContainerConfig.rootfs is an overlayfs mount (provisioner-oci\'s overlay backend), its upper dir, which holds only what the container wrote. Without it a task could fill the host disk through its rootfs.',
    },
    countRootfs: {
      type: 'boolean',
      default: false,
      description: 'Count the container\'s whole root filesystem (ContainerConfig.rootfs) against the quota instead of its overlay upper dir: right when the provisioner gives each container a writable copy; with a shared or overlay rootfs it would count the image too.',
    },
    oneFileSystem: {
      type: 'boolean',
      default: true,
      description: 'Do not descend into other filesystems mounted inside the measured trees (volumes, tmpfs), as `du -x`.',
    },
  },
} as const;

/** The disk isolator's config, after defaults. */
export interface DiskConfig {
  pollMs: number;
  enforce: boolean;
  graceFactor: number;
  countRootfsWrites: boolean;
  countRootfs: boolean;
  oneFileSystem: boolean;
}

/** The config with every default applied. */
export function withDefaults(partial: Partial<DiskConfig> = {}): DiskConfig {
  return { pollMs: 5000, enforce: true, graceFactor: 1, countRootfsWrites: true, countRootfs: false, oneFileSystem: true, ...partial };
}
