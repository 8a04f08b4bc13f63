import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { type ModuleDefinition, type ModuleEntry, type ModuleServer, startModuleServer } from '@plateau/kernel';
import { openEntry, Skipped, type Harness } from '@plateau/conformance';
import { execOf, type FoundModule } from './discover';
import { startEtcd } from '@plateau/testkit/etcd';
import { startZooKeeper } from '@plateau/testkit/zookeeper';

export { Skipped };

/** The ways a module is reached in conformance runs. */
export type Mode = 'inproc' | 'grpc' | 'spawn';

const log = pino({ level: process.env.PLATEAU_TEST_LOG ?? 'error' });

/**
 * openModule: boots `m` through @plateau/conformance's openEntry (the real ModuleHost, as
 * `plateau modules test` does) in `mode`: in-process (`use:`), served over gRPC in this process
 * and dialed (`endpoint:`), or spawned as its own binary (`exec:`).
 */
export async function openModule(m: FoundModule, mode: Mode): Promise<Harness> {
  const config = substitute(structuredClone(m.meta.conformance?.config ?? {}), { MODULE_DIR: m.dir, ...(await servicesFor(m)) });
  let server: ModuleServer | undefined;
  let socketDir: string | undefined;
  let entry: ModuleEntry;
  if (mode === 'inproc') {
    entry = { use: m.dir, config };
  } else if (mode === 'grpc') {
    const def = (require(m.main!) as { default: ModuleDefinition }).default;
    socketDir = mkdtempSync(join(tmpdir(), `plateau-conf-${m.meta.name}-`));
    server = await startModuleServer(def, { address: `unix://${join(socketDir, 'module.sock')}`, log });
    entry = { kind: m.meta.kind, name: m.meta.name, endpoint: server.target, config };
  } else {
    entry = { kind: m.meta.kind, name: m.meta.name, exec: execOf(m)!, config };
  }
  const stopServer = async () => {
    await server?.close(2000);
    if (socketDir) rmSync(socketDir, { recursive: true, force: true });
  };
  let h: Harness;
  try {
    h = await openEntry({ instance: 'm', entry, logger: log, mode });
  } catch (err) {
    await stopServer();
    throw err;
  }
  return {
    ...h,
    close: async () => {
      await h.close();
      await stopServer();
    },
  };
}

// Real services a module's conformance run needs (package.json kernel.conformance.needs). Each is
// started once per module, at its first open, and stopped when another module is opened (and,
// through test/helpers/proc, when this process exits). What it answers fills the config's
// placeholders, as does `${MODULE_DIR}` (the module package's directory, for fixtures): a string
// that is exactly `${NAME}` becomes the value (which may be an array); a longer string gets the
// value joined by commas.
type Vars = Record<string, string | string[]>;
const SERVICES: Record<string, { binary: string; start(): Promise<{ vars: Vars; stop(): Promise<void> }> }> = {
  zookeeper: {
    binary: 'java',
    async start() {
      const zk = await startZooKeeper();
      zk.unref(); // the last module's service must not keep the run alive; it dies with it
      return { vars: { ZK_SERVERS: zk.servers, ZK_CONNECT: zk.connectString }, stop: () => zk.stop() };
    },
  },
  etcd: {
    binary: 'etcd',
    async start() {
      const etcd = await startEtcd();
      etcd.unref();
      return { vars: { ETCD_ENDPOINTS: etcd.endpoints }, stop: () => etcd.stop() };
    },
  },
};
let running: { dir: string; vars: Vars; stops: Array<() => Promise<void>> } | undefined;

async function servicesFor(m: FoundModule): Promise<Vars> {
  const needs = [m.meta.conformance?.needs ?? []].flat();
  if (running && running.dir !== m.dir) {
    for (const stop of running.stops) await stop();
    running = undefined;
  }
  if (needs.length === 0) return {};
  if (running) return running.vars;
  const started = { dir: m.dir, vars: {} as Vars, stops: [] as Array<() => Promise<void>> };
  for (const need of needs) {
    const svc = SERVICES[need];
    if (!svc) throw new Error(`${m.packageName}: kernel.conformance.needs names '${need}'; known: ${Object.keys(SERVICES).join(', ')}`);
    if (!onPath(svc.binary)) throw new Skipped(`needs ${need}, and '${svc.binary}' is not installed (scripts/setup.js installs it)`);
    const s = await svc.start();
    Object.assign(started.vars, s.vars);
    started.stops.push(s.stop);
  }
  running = started;
  return started.vars;
}

function onPath(binary: string): boolean {
  return (process.env.PATH ?? '').split(':').some((d) => d && existsSync(join(d, binary)));
}

function substitute(value: unknown, vars: Vars): Record<string, unknown> {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const whole = /^\$\{(\w+)\}$/.exec(v);
      if (whole && whole[1]! in vars) return vars[whole[1]!];
      return v.replace(/\$\{(\w+)\}/g, (all, name: string) => (name in vars ? [vars[name]!].flat().join(',') : all));
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as Record<string, unknown>;
}
