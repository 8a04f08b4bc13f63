#!/usr/bin/env node
/**
 * plateau-docker-volume-plugin: a Docker volume plugin keeping each volume as a directory.
 *
 *   plateau-docker-volume-plugin [--socket /run/docker/plugins/plateau-local.sock]
 *                                [--listen tcp://127.0.0.1:PORT] [--root /var/lib/plateau-docker-volumes]
 *
 * Docker (or Plateau's volume-docker isolator) finds it by the socket's name: the driver is
 * `plateau-local` with the default socket. Prints `listening on <address>` once it serves;
 * SIGTERM or SIGINT closes it and removes its socket.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { pluginServer } from './plugin-server';
import { VolumeStore } from './volume-store';

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: plateau-docker-volume-plugin [--socket PATH | --listen tcp://HOST:PORT] [--root DIR] [--quiet]\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): { socket?: string; listen?: { host: string; port: number }; root: string; quiet: boolean } {
  let socket: string | undefined;
  let listen: { host: string; port: number } | undefined;
  let root = '/var/lib/plateau-docker-volumes';
  let quiet = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => argv[++i] ?? usage(`${a} needs a value`);
    if (a === '--socket') socket = path.resolve(value());
    else if (a === '--root') root = path.resolve(value());
    else if (a === '--quiet') quiet = true;
    else if (a === '--listen') {
      const m = /^tcp:\/\/([^:]+):(\d+)$/.exec(value());
      if (!m) usage('--listen: expected tcp://HOST:PORT');
      listen = { host: m[1]!, port: Number(m[2]) };
    } else usage(`unknown argument '${a}'`);
  }
  if (socket === undefined && listen === undefined) socket = '/run/docker/plugins/plateau-local.sock';
  return { socket, listen, root, quiet };
}

/** Removes a socket file nobody listens on (left by a plugin that was killed); refuses a live one. */
async function clearStaleSocket(p: string): Promise<void> {
  if (!fs.existsSync(p)) return;
  const live = await new Promise<boolean>((resolve) => {
    const c = net.connect(p, () => {
      c.destroy();
      resolve(true);
    });
    c.on('error', () => resolve(false));
  });
  if (live) usage(`${p}: another plugin is listening there`);
  fs.unlinkSync(p);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const store = new VolumeStore(args.root);
  const server = pluginServer(store, args.quiet ? undefined : (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`));
  let address: string;
  if (args.socket !== undefined) {
    fs.mkdirSync(path.dirname(args.socket), { recursive: true });
    await clearStaleSocket(args.socket);
    await new Promise<void>((resolve) => server.listen(args.socket, resolve));
    fs.chmodSync(args.socket, 0o660);
    address = `unix://${args.socket}`;
  } else {
    await new Promise<void>((resolve) => server.listen(args.listen!.port, args.listen!.host, resolve));
    const a = server.address() as net.AddressInfo;
    address = `tcp://${args.listen!.host}:${a.port}`;
  }
  process.stdout.write(`listening on ${address} (volumes under ${args.root})\n`);
  const stop = () => {
    server.close();
    server.closeAllConnections();
    if (args.socket !== undefined) fs.rmSync(args.socket, { force: true });
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main().catch((err: unknown) => {
  process.stderr.write(`plateau-docker-volume-plugin: ${(err as Error).message}\n`);
  process.exit(1);
});
