/**
 * launcher-posix: runs each container as a plain process in its own session, without isolation,
 * under a small detached monitor that outlives the agent and records the exit status. For
 * machines without root or runc.
 */
import { defineModule, SkipModule, Tokens } from '@plateau/kernel';
import { PosixConfigSchema, type PosixConfig } from './config';
import { findTools, PosixLauncher } from './posix-launcher';

export { PosixLauncher, findTools, CONTAINER_ID_RE, NO_ISOLATION_WARNING } from './posix-launcher';
export type { PosixLauncherOptions } from './posix-launcher';
export type { PosixConfig } from './config';


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
    return new PosixLauncher({ stateDir: dirs.state, launchTimeoutMs: config.launchTimeoutMs }, tools, log);
  },
  stop: (l) => l.close(),
});
