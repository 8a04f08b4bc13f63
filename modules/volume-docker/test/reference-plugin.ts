// The project's reference Docker volume plugin (examples/docker-volume-plugin), started as its
// own process (in its own process group) on a unix socket, for tests that talk to a real plugin.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startProcess, type StartedProcess } from '@plateau/testkit/proc';
import { makeTempDir } from '@plateau/testkit/tmp';

/** The plugin's entry point (built by `npm run build` with the rest). */
export const PLUGIN_MAIN = path.resolve(__dirname, '..', '..', '..', '..', 'examples', 'docker-volume-plugin', 'lib', 'src', 'main.js');

/** A running reference plugin. */
export interface ReferencePlugin {
  /** The driver name (the socket's base name). */
  name: string;
  socket: string;
  /** The directory searched for sockets (configure it as socketDirs). */
  socketDir: string;
  /** Where its volumes live. */
  root: string;
  proc: StartedProcess;
  /** The calls it served so far, one line each: `<Call> <body> -> ok|<Err>`. */
  calls(): string[];
  /** Mount IDs holding `volume`, read from the plugin's own state file. */
  mountIds(volume: string): string[];
  stop(): Promise<void>;
}

/** Starts the plugin as `<socketDir>/<name>.sock` (or `<socketDir>/<name>/<name>.sock` with nested). */
export async function startReferencePlugin(opts: { name?: string; socketDir?: string; root?: string; nested?: boolean } = {}): Promise<ReferencePlugin> {
  if (!fs.existsSync(PLUGIN_MAIN)) throw new Error(`${PLUGIN_MAIN} is missing: run npm run build`);
  const name = opts.name ?? 'plateau-local';
  const socketDir = opts.socketDir ?? makeTempDir('plateau-dvp-sock-');
  const root = opts.root ?? makeTempDir('plateau-dvp-root-');
  const socket = opts.nested ? path.join(socketDir, name, `${name}.sock`) : path.join(socketDir, `${name}.sock`);
  const proc = startProcess(process.execPath, [PLUGIN_MAIN, '--socket', socket, '--root', root], { name: `plugin:${name}`, tailLines: 5000 });
  await proc.waitForLine(/^listening on /, 10_000);
  return {
    name,
    socket,
    socketDir,
    root,
    proc,
    calls: () => proc.stderr().split('\n').filter((l) => / -> /.test(l)).map((l) => l.replace(/^\S+ /, '')),
    mountIds(volume) {
      const state = JSON.parse(fs.readFileSync(path.join(root, 'state.json'), 'utf8')) as { volumes: Record<string, { mounts: string[] }> };
      return state.volumes[volume]?.mounts ?? [];
    },
    stop: async () => {
      await proc.stop('SIGTERM', 3000);
    },
  };
}
