/**
 * launcher-runc: runs containers with runc from OCI bundles built from the merged LaunchInfo,
 * each under a small detached monitor that outlives the agent and records the exit status.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defineModule, SkipModule, Tokens, which } from '@plateau/kernel';
import { type RuncConfig, RuncConfigSchema } from './config';
import { RuncLauncher } from './runc-launcher';

export { RuncLauncher, runcIdOf } from './runc-launcher';
export type { RuncLauncherOptions } from './runc-launcher';
export { ociSpec, specJson, SANDBOX_TARGET, INIT_TARGET, CONTAINER_ID_RE } from './spec';
export type { OciSpec, SpecOptions, LaunchInfo } from './spec';
export type { RuncConfig } from './config';

/** Static inits looked for when `init` is "auto". */
export const INIT_CANDIDATES = ['/usr/bin/tini-static', '/usr/bin/catatonit', '/usr/libexec/podman/catatonit'];

/** Resolves the `init` config entry to a host path, or undefined for none. */
export function resolveInit(init: string): string | undefined {
  if (init === 'none') return undefined;
  if (init === 'auto') return INIT_CANDIDATES.find((p) => fs.existsSync(p));
  if (!path.isAbsolute(init) || !fs.existsSync(init)) throw new Error(`init ${init} does not exist (want an absolute path, "auto" or "none")`);
  return init;
}

export default defineModule<RuncLauncher, RuncConfig, { log: typeof Tokens.logger }>({
  kind: 'launcher',
  name: 'runc',
  version: '0.1.0',
  apiVersions: ['v1'],
  configSchema: RuncConfigSchema,
  deps: { log: Tokens.logger },
  create({ config: c, dirs, log }) {
    if (process.platform !== 'linux') throw new SkipModule('runc needs Linux');
    if (process.getuid?.() !== 0) throw new SkipModule('launcher.runc needs root (rootless runc is not supported); use launcher.posix');
    const runc = which(c.runc);
    if (!runc) throw new SkipModule(`runc not found (${c.runc}); install the runc package`);
    const init = resolveInit(c.init);
    if (!init) log.info('no static init found: a container\'s command runs as its pid 1 and ignores signals it has no handler for (install tini for tini-static)');
    return new RuncLauncher(
      {
        runc,
        root: c.root ?? path.join(dirs.state, 'runc'),
        stateDir: dirs.state,
        init,
        newNetworkNamespace: c.network === 'new',
        cgroupParent: c.cgroupParent,
        hostRootfsWritable: c.hostRootfsWritable ?? false,
        launchTimeoutMs: c.launchTimeoutMs,
      },
      log,
    );
  },
  stop: (l) => l.close(),
});
