/**
 * Module call overhead: one small method (registry Get of a key held in memory, served by the
 * real contender-standalone module) called in-process, over gRPC on a unix socket (module served
 * in this process, dialed as an endpoint), and spawned as its own binary, beside a bare grpc-js
 * unary call (the transport's floor). Latency is measured one call at a time; throughput with 64
 * calls in flight. The table's ratios are against in-process; the gRPC records' against the floor.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import pino from 'pino';
import { type ModuleDefinition, type ModuleEntry, ModuleHost, type ModuleServer, startModuleServer } from '@plateau/kernel';
import { type Cell, printTable } from './table.js';
import { record } from './record.js';

/** Runner metadata (test/bench/run.js). */
export const benchmark = { description: 'module call latency and rate: in-process vs gRPC over a unix socket vs spawned' };

interface RegistryApi {
  get(req: { key: string }): Promise<unknown>;
  apply(req: { key: string; value: Buffer }): Promise<unknown>;
}

const ROOT = resolve(__dirname, '..', '..', '..');
const MODULE_DIR = join(ROOT, 'modules', 'contender-standalone');
const quick = process.env.BENCH_QUICK === '1';
const SEQUENTIAL = quick ? 2_000 : 20_000;
const CONCURRENT = quick ? 5_000 : 50_000;
const IN_FLIGHT = 64;

async function open(mode: 'in-process' | 'grpc' | 'spawn', work: string) {
  let server: ModuleServer | undefined;
  let entry: ModuleEntry;
  if (mode === 'in-process') entry = { use: MODULE_DIR };
  else if (mode === 'grpc') {
    const def = (require(MODULE_DIR) as { default: ModuleDefinition }).default;
    server = await startModuleServer(def, { address: `unix://${join(work, 'bench.sock')}`, log: pino({ level: 'error' }) });
    entry = { kind: 'contender', endpoint: server.target };
  } else {
    entry = { kind: 'contender', exec: { path: process.execPath, args: [join(MODULE_DIR, 'lib', 'src', 'main.js')] } };
  }
  const host = new ModuleHost({ modules: { m: entry }, workDir: work, logger: pino({ level: 'error' }) });
  host.load();
  await host.start();
  return {
    api: host.instance<RegistryApi>('m')!,
    close: async () => {
      await host.stop(5000);
      await server?.close(2000);
    },
  };
}

/**
 * The floor under any gRPC module call here: a bare @grpc/grpc-js unary call (bytes in, bytes
 * out, no protobuf, no Plateau code on either side) over a unix socket in this process, with the
 * same channel options the host uses.
 */
async function openBareGrpc(work: string) {
  const method = { path: '/bench.Bare/Get', requestStream: false, responseStream: false, requestSerialize: (b: Buffer) => b, requestDeserialize: (b: Buffer) => b, responseSerialize: (b: Buffer) => b, responseDeserialize: (b: Buffer) => b };
  const service = { Get: method } as unknown as grpc.ServiceDefinition;
  const server = new grpc.Server({ 'grpc.enable_channelz': 0 });
  const value = Buffer.from('value');
  server.addService(service, { Get: (_call: unknown, cb: grpc.sendUnaryData<Buffer>) => cb(null, value) });
  const address = `unix://${join(work, 'bare.sock')}`;
  await new Promise<void>((ok, fail) => server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err) => (err ? fail(err) : ok())));
  const Ctor = grpc.makeGenericClientConstructor(service as never, 'Bare');
  const client = new Ctor(address, grpc.credentials.createInsecure(), { 'grpc.enable_channelz': 0 }) as unknown as Record<string, Function> & grpc.Client;
  const key = Buffer.from('bench/key');
  const api: RegistryApi = {
    get: () => new Promise((ok, fail) => client.Get!(key, new grpc.Metadata(), { deadline: Date.now() + 10_000 }, (err: Error | null, res: Buffer) => (err ? fail(err) : ok(res)))),
    apply: async () => ({}),
  };
  return {
    api,
    close: async () => {
      client.close();
      await new Promise<void>((ok) => server.tryShutdown(() => ok()));
    },
  };
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(api: RegistryApi) {
  await api.apply({ key: 'bench/key', value: Buffer.from('value') });
  for (let i = 0; i < 500; i++) await api.get({ key: 'bench/key' }); // warm-up
  const lat = new Float64Array(SEQUENTIAL);
  for (let i = 0; i < SEQUENTIAL; i++) {
    const t0 = process.hrtime.bigint();
    await api.get({ key: 'bench/key' });
    lat[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  lat.sort();
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next++ < CONCURRENT) await api.get({ key: 'bench/key' });
    }),
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { p50: percentile(lat, 50), p99: percentile(lat, 99), rate: CONCURRENT / seconds };
}

async function main(): Promise<void> {
  process.stdout.write(`module-calls benchmark: registry Get, ${SEQUENTIAL} sequential calls, ${CONCURRENT} calls with ${IN_FLIGHT} in flight${quick ? ' (BENCH_QUICK=1)' : ''}\n`);
  const rows: Cell[][] = [];
  let base: { p50: number; rate: number } | undefined;
  let bare: { p50: number } | undefined;
  for (const mode of ['in-process', 'bare', 'grpc', 'spawn'] as const) {
    const work = mkdtempSync(join(tmpdir(), `plateau-bench-${mode}-`));
    const m = mode === 'bare' ? await openBareGrpc(work) : await open(mode, work);
    try {
      const r = await measure(m.api);
      base ??= r;
      const label = { 'in-process': 'in-process', bare: 'bare grpc-js unary, unix socket (floor)', grpc: 'gRPC, unix socket (same process)', spawn: 'spawned binary, unix socket' }[mode];
      if (mode === 'bare') {
        bare = r;
        record({ id: 'module_calls.bare_grpc_p50_us', measure: `bare grpc-js unary call p50, unix socket, same process (no module, no protobuf)`, value: r.p50, unit: 'µs', size: `${SEQUENTIAL} calls` });
      } else if (mode !== 'in-process') {
        const id = mode === 'grpc' ? 'module_calls.grpc_p50_us' : 'module_calls.spawned_p50_us';
        const baseline = bare ? { label: 'bare grpc-js unary', value: bare.p50 } : { label: 'in-process', value: base.p50 };
        record({ id, measure: `module call p50, ${label} (registry Get)`, value: r.p50, unit: 'µs', baseline, size: `${SEQUENTIAL} calls` });
      }
      rows.push([label, r.p50, r.p99, Math.round(r.rate), `${(r.p50 / base.p50).toFixed(1)}x`, `${(base.rate / r.rate).toFixed(1)}x`]);
    } finally {
      await m.close();
      rmSync(work, { recursive: true, force: true });
    }
  }
  printTable(['mode', 'p50 µs', 'p99 µs', 'calls/s', 'p50 vs in-process', 'slower than in-process'], rows);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
