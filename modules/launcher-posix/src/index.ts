/**
 * launcher-posix: runs each container as a plain process in its own session, without isolation,
 * under a small detached monitor that outlives the agent and records the exit status. For
 * machines without root or runc.
 */
import { defineModule, SkipModule, Tokens } from '@plateau/kernel';
import { PosixConfigSchema, type PosixConfig } from './config';
import { findTools, PosixLauncher } from './posix-launcher';

export { PosixLauncher, findTools, CONTAINER_ID_RE } from './posix-launcher';
export type { PosixLauncherOptions } from './posix-launcher';
export type { PosixConfig } from './config';

/** The warning every agent using this launcher logs at start. */
export const NO_ISOLATION_WARNING =
  'launcher.posix provides NO ISOLATION: tasks run as plain host processes (no namespaces, no rootfs, no seccomp, no capability limits). Use launcher.runc on machines with root and runc.';

export default defineModule<PosixLauncher, PosixConfig, { log: typeof Tokens.logger }>({
  kind: 'launcher',
  name: 'posix',
  version: '0.1.0',
  apiVersions: ['v1'],
  configSchema: PosixConfigSchema,
  deps: { log: Tokens.logger },
  create({ config, dirs, log }) {
    if (process.platform === 'win32') throw new SkipModule('launcher.posix needs a POSIX system');
    const tools = findTools();
    if (typeof tools === 'string') throw new SkipModule(`launcher.posix: ${tools}`);
    log.warn(NO_ISOLATION_WARNING);
    return new PosixLauncher({ stateDir: dirs.state, launchTimeoutMs: config.launchTimeoutMs }, tools, log);
  },
  stop: (l) => l.close(),
});
