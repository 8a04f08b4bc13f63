import * as fs from 'node:fs';
import { defineModule, SkipModule, Tokens } from '@plateau/kernel';
import { openCgroupFs } from './cgroupfs';
import { CgroupsConfigSchema, type CgroupsConfig } from './config';
import { CgroupsIsolator } from './isolator';

export { CgroupsIsolator } from './isolator';
export { openCgroupFs, type CgroupFs } from './cgroupfs';
export { computeLimits, toSettings, sharesToWeight, blkioToIoWeight, type Limits, type Features } from './limits';
export { CgroupsConfigSchema, withDefaults, type CgroupsConfig } from './config';

/**
 * isolator-cgroups: cpu shares (and CFS quota), memory limit with OOM reporting, pids, blkio
 * weight and cpuset for every container, on cgroup v1 or v2 (detected at create). A container's
 * cgroup is `<root>/<containerId>` under every controller (v1) or the unified root (v2); Prepare
 * creates it and hands the same path and limits to the launcher in LaunchInfo.cgroups.
 * Skipped (not failed) on a host without a writable cgroup filesystem.
 */
export default defineModule<CgroupsIsolator, CgroupsConfig, { log: typeof Tokens.logger }>({
  kind: 'isolator',
  name: 'cgroups',
  version: '0.1.0',
  apiVersions: ['v1'],
  configSchema: CgroupsConfigSchema,
  deps: { log: Tokens.logger },
  create: ({ config, deps }) => {
    const cgroups = openCgroupFs(config);
    if (typeof cgroups === 'string') throw new SkipModule(cgroups);
    for (const dir of cgroups.managed()) {
      try {
        fs.accessSync(dir, fs.constants.W_OK);
      } catch {
        throw new SkipModule(`cgroup hierarchy ${dir} is not writable by uid ${process.getuid?.()} (the cgroups isolator needs root)`);
      }
    }
    return new CgroupsIsolator(config, cgroups, deps.log);
  },
  start: async (isolator) => {
    await isolator.start();
  },
  stop: (isolator) => isolator.close(),
});
