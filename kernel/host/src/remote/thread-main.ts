/**
 * The entry of a module thread (see thread.ts): loads the module file the host resolved, serves
 * it over gRPC on a unix socket, tells the host where, and closes on the host's 'stop'.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import pino from 'pino';
import { chooseApiVersion, definitionOf, isModuleDefinition } from '../contract/module';
import { messageOf } from '../contract/errors';
import { startModuleServer } from './module-server';
import type { ThreadData, ThreadMessage } from './thread';

async function main(): Promise<void> {
  const data = workerData as ThreadData;
  const port = parentPort!;
  const post = (m: ThreadMessage) => port.postMessage(m);
  const def = definitionOf(require(data.modulePath));
  if (!isModuleDefinition(def)) throw new Error(`${data.modulePath} does not export a module definition`);
  const uri = `${def.kind}.${def.name}`;
  const api = chooseApiVersion(data.apiVersions, def.apiVersions);
  if (!api) throw new Error(`${uri} serves API ${def.apiVersions.join(',')}, the kernel speaks ${data.apiVersions.join(',')}: no version in common`);
  // Log records go to the host as lines; it files them in its own log under this module.
  const lines = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n')) if (line) post({ type: 'log', line });
      cb();
    },
  });
  const log = pino({ base: { module: uri }, level: data.logLevel ?? 'info' }, lines);
  const socket = join(data.socketDir, `${def.kind}-${def.name}-${threadId}.sock`);
  rmSync(socket, { force: true });
  const server = await startModuleServer(def, { address: `unix://${socket}`, log });
  port.on('message', (m: { type?: string }) => {
    if (m?.type !== 'stop') return;
    server
      .close()
      .catch((err: unknown) => log.error({ err: messageOf(err) }, 'module stop failed'))
      .finally(() => {
        rmSync(socket, { force: true });
        process.exit(0); // in a worker this ends the thread only
      });
  });
  post({ type: 'handshake', api, network: 'unix', address: socket });
}

main().catch((err: unknown) => {
  // Thrown from the thread: the host sees it as the worker's 'error' and names it.
  setImmediate(() => {
    throw err;
  });
});
