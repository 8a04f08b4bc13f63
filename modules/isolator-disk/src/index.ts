import { defineModule, Tokens } from '@plateau/kernel';
import { DiskConfigSchema, type DiskConfig } from './config';
import { DiskIsolator } from './isolator';

export { DiskIsolator, quotaOf } from './isolator';
export { diskUsage } from './du';
export { mountAt, rootfsMount, type RootfsMount } from './overlay';
export { DiskConfigSchema, withDefaults, type DiskConfig } from './config';

/**
 * isolator-disk: a disk quota per container by periodic measurement (Mesos disk/du). The sandbox
 * and the container's own writes to its rootfs (the upper dir of an overlayfs rootfs; with
 * countRootfs the whole rootfs) are measured every pollMs; usage over the
 * container's `disk` resource is a REASON_CONTAINER_LIMITATION_DISK limitation on Watch, and the
 * agent kills the container. Works on any filesystem and needs no privileges.
 */
export default defineModule<DiskIsolator, DiskConfig, { log: typeof Tokens.logger }>({
  kind: 'isolator',
  name: 'disk',
  version: '0.1.0',
  apiVersions: ['v1'],
  configSchema: DiskConfigSchema,
  deps: { log: Tokens.logger },
  create: ({ config, deps }) => new DiskIsolator(config, deps.log),
  stop: (isolator) => isolator.close(),
});
