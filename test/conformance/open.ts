import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { ModuleHost, type ModuleEntry } from '@plateau/kernel/lib/host/host';
import { startModuleServer, type ModuleServer } from '@plateau/kernel/lib/remote/module-server';
import type { ModuleDefinition } from '@plateau/kernel/lib/host/module';
import { execOf, type FoundModule } from './discover';
import type { Harness } from './harness';

/** The ways a module is reached in conformance runs. */
export type Mode = 'inproc' | 'grpc' | 'spawn';

/** Thrown by `openModule` when the module skipped itself (SkipModule) on this machine. */
export class Skipped extends Error {}

const log = pino({ level: process.env.PLATEAU_TEST_LOG ?? 'error' });

/**
 * openModule: boots `m` through the real ModuleHost in `mode`: in-process (`use:`), served over
 * gRPC in this process and dialed (`endpoint:`), or spawned as its own binary (`exec:`).
 */
export async function openModule(m: FoundModule, mode: Mode): Promise<Harness> {
  const workDir = mkdtempSync(join(tmpdir(), `plateau-conf-${m.meta.name}-`));
  const config = structuredClone(m.meta.conformance?.config ?? {});
  let server: ModuleServer | undefined;
  let entry: ModuleEntry;
  if (mode === 'inproc') {
    entry = { use: m.dir, config };
  } else if (mode === 'grpc') {
    const def = (require(m.main!) as { default: ModuleDefinition }).default;
    server = await startModuleServer(def, { address: `unix://${join(workDir, 'module.sock')}`, log });
    entry = { kind: m.meta.kind, name: m.meta.name, endpoint: server.target, config };
  } else {
    entry = { kind: m.meta.kind, name: m.meta.name, exec: execOf(m)!, config };
  }
  const host = new ModuleHost({ modules: { m: entry }, workDir, logger: log });
  const cleanup = async () => {
    await host.stop(5000);
    await server?.close(2000);
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    host.load();
    await host.start();
  } catch (err) {
    await cleanup();
    throw err;
  }
  const handle = host.handles.get('m')!;
  if (handle.state === 'skipped') {
    await cleanup();
    throw new Skipped(handle.detail ?? 'skipped');
  }
  return { instance: host.instance('m')!, mode, uri: `${handle.kind}.${handle.name}`, close: cleanup };
}
