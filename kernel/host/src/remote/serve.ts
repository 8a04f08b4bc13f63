import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { chooseApiVersion, type ModuleDefinition } from '../contract/module';
import { messageOf } from '../contract/errors';
import { startModuleServer } from './module-server';
import { API_VERSIONS_KEY, COOKIE_KEY, COOKIE_VALUE, SOCKET_DIR_KEY, formatHandshake } from './handshake';

/**
 * serveModule: turns a module definition into a standalone module binary. Started by the kernel
 * (which sets the cookie), it serves the module on a unix socket, prints the one handshake line
 * on stdout, logs to stderr (the kernel forwards it), and exits when told to stop.
 */
export async function serveModule(def: ModuleDefinition): Promise<void> {
  const uri = `${def.kind}.${def.name}`;
  if (process.env[COOKIE_KEY] !== COOKIE_VALUE) {
    process.stderr.write(
      `This binary is a Plateau kernel module (${uri} ${def.version}). The kernel starts it: ` +
        `name it in a module's exec: in plateau.yaml; it is not meant to be run by hand.\n`,
    );
    process.exit(1);
  }
  const hostVersions = (process.env[API_VERSIONS_KEY] ?? 'v1').split(',').filter(Boolean);
  const api = chooseApiVersion(hostVersions, def.apiVersions);
  if (!api) {
    process.stderr.write(`${uri} serves API ${def.apiVersions.join(',')}, the kernel speaks ${hostVersions.join(',')}: no version in common\n`);
    process.exit(1);
  }
  const ownDir = !process.env[SOCKET_DIR_KEY];
  const dir = process.env[SOCKET_DIR_KEY] || mkdtempSync(join(tmpdir(), 'plateau-module-'));
  const socket = join(dir, `${def.kind}-${def.name}-${process.pid}.sock`);
  rmSync(socket, { force: true });
  const log = pino({ base: { module: uri } }, pino.destination(2));
  const server = await startModuleServer(def, { address: `unix://${socket}`, log });
  process.stdout.write(`${formatHandshake({ api, network: 'unix', address: socket })}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await server.close();
    } catch (err) {
      log.error({ err: messageOf(err) }, 'module stop failed');
    }
    rmSync(ownDir ? dir : socket, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
