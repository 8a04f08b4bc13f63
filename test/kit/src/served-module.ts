import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { type ModuleDefinition, ModuleHost, startModuleServer } from '@plateau/kernel';

// A module reached the way the agent reaches a remote one: served over gRPC on a unix socket in
// this process and dialed through a ModuleHost. Module tests load this from its compiled output
// (test/lib/helpers/served-module.js).

const log = pino({ level: 'silent' });

/**
 * Serves `definition` and dials it as module `name` of `kind` with the config `config(dir)` gives
 * (dir: a fresh temp dir), runs `fn` with the instance the host hands out, then stops the host and
 * the server and removes the temp dir, whatever happened.
 */
export async function withServedModule<T>(
  definition: ModuleDefinition,
  kind: string,
  name: string,
  config: (dir: string) => unknown,
  fn: (instance: T) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `plateau-${name}-grpc-`));
  const server = await startModuleServer(definition, { address: `unix://${join(dir, 'm.sock')}`, log });
  const host = new ModuleHost({ modules: { [name]: { kind, name, endpoint: server.target, config: config(dir) } }, workDir: dir, logger: log });
  try {
    host.load();
    await host.start();
    await fn(host.instance(name) as T);
  } finally {
    await host.stop(5000);
    await server.close(2000);
    rmSync(dir, { recursive: true, force: true });
  }
}
