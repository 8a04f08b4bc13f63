// The project's reference Docker volume plugin (examples/docker-volume-plugin) as a real process
// in its own process group, listening on `<socketDir>/<name>.sock`, for suites and benches that
// run the volume-docker isolator against a real plugin.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startProcess, type StartedProcess } from '@plateau/testkit/proc';
import { makeTempDir } from '@plateau/testkit/tmp';

/** The plugin's entry point (built with the rest by `npm run build`). */
export const DOCKER_VOLUME_PLUGIN = path.resolve(__dirname, '..', '..', '..', 'examples', 'docker-volume-plugin', 'lib', 'src', 'main.js');

/** A reference plugin started by a test. */
export interface DockerVolumePlugin {
  /** Driver name (the socket's base name). */
  name: string;
  /** The directory to configure as the isolator's socketDirs. */
  socketDir: string;
  socket: string;
  /** Where its volumes live (`<root>/volumes/<name>`). */
  root: string;
  proc: StartedProcess;
  /** Resolves once it listens. */
  ready: Promise<unknown>;
  /** Mount IDs holding `volume` (from the plugin's own state file). */
  mountIds(volume: string): string[];
  stop(): Promise<void>;
}

/** Starts the plugin; `ready` resolves once it listens. Synchronous so that agent setups can call it. */
export function startDockerVolumePlugin(opts: { name?: string; quiet?: boolean } = {}): DockerVolumePlugin {
  if (!fs.existsSync(DOCKER_VOLUME_PLUGIN)) throw new Error(`${DOCKER_VOLUME_PLUGIN} is missing: run npm run build`);
  const name = opts.name ?? 'plateau-local';
  const socketDir = makeTempDir('plateau-dvp-sock-');
  const root = makeTempDir('plateau-dvp-root-');
  const socket = path.join(socketDir, `${name}.sock`);
  const proc = startProcess(process.execPath, [DOCKER_VOLUME_PLUGIN, '--socket', socket, '--root', root, ...(opts.quiet ? ['--quiet'] : [])], { name: `plugin:${name}`, tailLines: 2000 });
  return {
    name,
    socketDir,
    socket,
    root,
    proc,
    ready: proc.waitForLine(/^listening on /, 10_000),
    mountIds(volume) {
      const file = path.join(root, 'state.json');
      if (!fs.existsSync(file)) return [];
      return (JSON.parse(fs.readFileSync(file, 'utf8')) as { volumes: Record<string, { mounts: string[] }> }).volumes[volume]?.mounts ?? [];
    },
    stop: async () => {
      await proc.stop('SIGTERM', 3000);
    },
  };
}

/** The isolator's module entry (YAML flow) for an agent config, discovering plugins in `socketDir` only. */
export function dockerVolumeModuleEntry(socketDir: string, connectRetryMs = 2000): string {
  return `{ use: volume-docker, config: { socketDirs: [${JSON.stringify(socketDir)}], specDirs: [], connectRetryMs: ${connectRetryMs} } }`;
}
