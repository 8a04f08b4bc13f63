/**
 * Conformance runner: finds every module package (modules/*, examples/* with a `kernel` field in
 * package.json) and runs its kinds' suites in every mode: in-process, over gRPC in this process,
 * and spawned as its own binary (when PLATEAU_CONFORMANCE_SPAWN=1, which `npm test` sets).
 * Non-TypeScript modules run spawned only. A module that skips itself shows as skipped, with why.
 * The suites and the module opener are @plateau/conformance's, which `plateau modules test` runs.
 */
import { suite, type Test } from 'uvu';
import * as assert from 'uvu/assert';
import { discoverModules, execOf, type FoundModule } from './discover';
import { openModule, Skipped, type Mode } from './open';
import { SUITES as PORTABLE_SUITES, type SuiteContext } from '@plateau/conformance';
import { launcherSuite } from '@plateau/testkit/launcher-contract';
import { isolatorSuite } from '@plateau/testkit/isolator-contract';
import { provisionerSuite } from './provisioner.suite';

// The suites `plateau modules test` runs (@plateau/conformance), and those that need this
// repository's fixtures (a busybox rootfs and image, runc).
const SUITES: Record<string, (test: Test<SuiteContext<any>>) => void> = {
  ...PORTABLE_SUITES,
  launcher: launcherSuite,
  isolator: isolatorSuite,
  provisioner: provisionerSuite,
};

const only = process.env.PLATEAU_CONFORMANCE_ONLY; // e.g. "contender-standalone"

function modesOf(m: FoundModule): Mode[] {
  const spawn = process.env.PLATEAU_CONFORMANCE_SPAWN === '1' && execOf(m) ? (['spawn'] as Mode[]) : [];
  return m.main ? ['inproc', 'grpc', ...spawn] : spawn;
}

async function main(): Promise<void> {
  const modules = discoverModules().filter((m) => !only || m.dir.includes(only));
  if (modules.length === 0) throw new Error('conformance: no module packages found');
  for (const m of modules) {
    const kinds = [m.meta.kind, ...(m.meta.provides ?? [])];
    for (const mode of modesOf(m)) {
      for (const kind of kinds) register(m, mode, kind);
    }
  }
}

function register(m: FoundModule, mode: Mode, kind: string): void {
  const name = `${m.packageName} ${kind} [${mode}]`;
  const s = suite<SuiteContext>(name);
  const body = SUITES[kind];
  if (!body) {
    s(`${name}: has a conformance suite`, () => assert.unreachable(`no conformance suite for kind '${kind}'`));
    s.run();
    return;
  }
  let skipped: string | undefined;
  const opened: Array<{ close(): Promise<void> }> = [];
  s.before(async (ctx) => {
    try {
      ctx.h = await openModule(m, mode);
      ctx.open = async () => {
        const h = await openModule(m, mode);
        opened.push(h);
        return h;
      };
    } catch (err) {
      if (err instanceof Skipped) skipped = err.message;
      else throw err;
    }
  });
  s.after(async (ctx) => {
    for (const h of opened) await h.close();
    await ctx.h?.close();
  });
  // A module that skips itself turns every test into a skip that says why.
  const guarded = ((title: string, fn: (ctx: SuiteContext) => unknown) =>
    s(title, async (ctx) => {
      if (skipped) {
        process.stdout.write(`\nSKIP ${name} › ${title}: ${skipped}\n`);
        return;
      }
      await fn(ctx);
    })) as typeof s;
  Object.assign(guarded, s);
  s(`${name}: instance serves every method of its kinds`, (ctx) => {
    if (skipped) return;
    assert.ok(ctx.h.instance, 'module instance');
    assert.is(ctx.h.mode, mode);
  });
  body(guarded);
  s.run();
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
