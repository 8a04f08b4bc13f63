// Runs the isolator contract (isolator-contract.ts) against one isolator module package through
// the kernel's real module host, the way test/conformance does: in-process, over gRPC served in
// this process, and spawned as its own binary.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { suite } from 'uvu';
import { type ModuleDefinition, type ModuleEntry, ModuleHost, type ModuleServer, startModuleServer } from '@plateau/kernel';
import { type Harness, type IsolatorApi, isolatorSuite, type SuiteContext } from './isolator-contract';
import { printSkip } from '@plateau/testkit/skip';

/** The ways the module is reached. */
export type Mode = 'inproc' | 'grpc' | 'spawn';

const log = pino({ level: process.env.PLATEAU_TEST_LOG ?? 'silent' });

interface PackageMeta {
  main: string;
  bin: Record<string, string>;
  kernel: { kind: string; name: string; conformance?: { config?: unknown } };
}

/** Boots the module package in `dir` through a ModuleHost in `mode`; null when it skipped itself. */
export async function openIsolator(dir: string, mode: Mode, config?: unknown): Promise<Harness<IsolatorApi> | string> {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageMeta;
  const workDir = mkdtempSync(join(tmpdir(), `plateau-contract-${pkg.kernel.name}-`));
  const cfg = structuredClone(config ?? pkg.kernel.conformance?.config ?? {});
  let server: ModuleServer | undefined;
  let entry: ModuleEntry;
  if (mode === 'inproc') {
    entry = { use: dir, config: cfg };
  } else if (mode === 'grpc') {
    const def = (require(join(dir, pkg.main)) as { default: ModuleDefinition }).default;
    server = await startModuleServer(def, { address: `unix://${join(workDir, 'module.sock')}`, log });
    entry = { kind: pkg.kernel.kind, name: pkg.kernel.name, endpoint: server.target, config: cfg };
  } else {
    const bin = Object.values(pkg.bin)[0]!;
    entry = { kind: pkg.kernel.kind, name: pkg.kernel.name, exec: { path: process.execPath, args: [join(dir, bin)], cwd: dir }, config: cfg };
  }
  const host = new ModuleHost({ modules: { m: entry }, workDir, logger: log });
  const close = async () => {
    await host.stop(5000);
    await server?.close(2000);
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    host.load();
    await host.start();
  } catch (err) {
    await close();
    throw err;
  }
  const handle = host.handles.get('m')!;
  if (handle.state === 'skipped') {
    await close();
    return handle.detail ?? 'skipped';
  }
  return { instance: host.instance<IsolatorApi>('m')!, mode, uri: `${handle.kind}.${handle.name}`, close };
}

/** Registers and runs the isolator contract for the package in `dir`, once per mode. */
export function runContract(dir: string, modes: Mode[] = ['inproc', 'grpc', 'spawn']): void {
  for (const mode of modes) {
    const name = `${dir.split('/').pop()} isolator contract [${mode}]`;
    const s = suite<SuiteContext<IsolatorApi>>(name);
    let skipped: string | undefined;
    const opened: Harness<IsolatorApi>[] = [];
    s.before(async (ctx) => {
      const h = await openIsolator(dir, mode);
      if (typeof h === 'string') {
        skipped = h;
        return;
      }
      ctx.h = h;
      ctx.open = async () => {
        const other = await openIsolator(dir, mode);
        if (typeof other === 'string') throw new Error(`second instance skipped itself: ${other}`);
        opened.push(other);
        return other;
      };
    });
    s.after(async (ctx) => {
      for (const h of opened) await h.close();
      await ctx.h?.close();
    });
    const guarded = ((title: string, fn: (ctx: SuiteContext<IsolatorApi>) => unknown) =>
      s(title, async (ctx) => {
        if (skipped) {
          printSkip(`${name} › ${title}`, skipped);
          return;
        }
        await fn(ctx);
      })) as typeof s;
    Object.assign(guarded, s);
    isolatorSuite(guarded);
    s.run();
  }
}
