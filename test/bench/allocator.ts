/**
 * Allocator benchmark, after Mesos's HierarchicalAllocator_BENCHMARK_Test.DeclineOffers.
 *
 * For each cell (agents x frameworks), every agent is `cpus:24;mem:4096;disk:4096;ports:[31000-32000]`
 * and every framework subscribes to a role of its own. Measured:
 *  - first cycle: `allocate()` with everything free (every agent is offered);
 *  - declined cycle: all offers of the previous cycle are declined with a one-day filter, the
 *    clock moves one allocation interval, and `allocate()` runs again; median of 3 such rounds.
 *    Each agent now has filters for the frameworks that declined it, so the cycle passes them
 *    (filter checks) and offers the agent to the next framework in DRF order;
 *  - all-filtered cycle (where reachable in a few seconds): declining rounds go on until every
 *    framework has filtered every agent and a cycle makes no offer; median of 3 such cycles;
 *  - revive-one cycle: then one framework revives (its filters go), and the next cycle walks every
 *    agent past the other frameworks' filters to offer it everything.
 * Plus the quota case: 3000 agents, 3000 roles each with a quota (guarantee cpus:8;mem:1024,
 * limit cpus:48;mem:8192), one framework per role.
 *
 * BENCH_QUICK=1 runs a small subset. BENCH_BUDGET_S (default 240) bounds the grid: once that many
 * seconds have passed, the remaining grid cells are skipped (and listed); the quota case always
 * runs. Times are wall-clock milliseconds of `allocate()` only, except "decline all" (all the
 * `recoverResources` calls of one round) and "setup" (adding frameworks and agents).
 */

import * as os from 'node:os';
import { HierarchicalDRFAllocator, type Offer } from '@plateau/master';
import { Resources } from '@plateau/mesos';
import { printTable, type Cell } from './table.js';
import { record } from './record.js';

/** Runner metadata (test/bench/run.js). */
export const benchmark = {
  description: 'allocator cycle time over agents x frameworks (Mesos DeclineOffers) and 3000 quota roles',
  nodeArgs: ['--expose-gc', '--max-old-space-size=4096'],
};

const AGENT_RESOURCES = 'cpus:24;mem:4096;disk:4096;ports:[31000-32000]';
const ONE_DAY = 24 * 3600;
const ROUNDS = 3;
/** Reach the all-filtered state only when it takes at most this many agent offers in total. */
const ALL_FILTERED_BUDGET = 2_000_000;

/** Mesos figures for the same shape, where known (per allocation cycle). */
const MESOS_REFERENCE: Readonly<Record<string, string>> = {
  '10000x1000': '~1060',
  'quota 3000x3000': '~15000',
};

interface CellSpec {
  readonly agents: number;
  readonly frameworks: number;
  readonly quota?: boolean;
}

interface CellResult {
  readonly spec: CellSpec;
  readonly setupMs: number;
  readonly firstMs: number;
  readonly firstOffers: number;
  readonly declineMs: number;
  readonly declinedMs: number;
  readonly declinedOffers: number;
  readonly allFilteredMs: number | null;
  readonly roundsToAllFiltered: number | null;
  readonly reviveOneMs: number | null;
  readonly reviveOneOffers: number | null;
}

const gc = (globalThis as { gc?: () => void }).gc;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timed<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const r = fn();
  return [r, performance.now() - t];
}

function runCell(spec: CellSpec): CellResult {
  let now = 0;
  const allocator = new HierarchicalDRFAllocator({ clock: () => now });
  const agentTotal = Resources.parse(AGENT_RESOURCES);
  const [, setupMs] = timed(() => {
    for (let i = 0; i < spec.frameworks; i++) {
      const role = `role-${i}`;
      if (spec.quota) allocator.setQuota(role, { guarantee: 'cpus:8;mem:1024', limit: 'cpus:48;mem:8192' });
      allocator.addFramework(`framework-${i}`, { roles: [role] });
    }
    for (let i = 0; i < spec.agents; i++) allocator.addAgent(`agent-${i}`, agentTotal);
  });
  gc?.();

  let [offers, firstMs] = timed(() => allocator.allocate());
  const firstOffers = offers.length;
  const decline = (list: readonly Offer[]) => {
    for (const o of list) allocator.recoverResources(o.frameworkId, o.agentId, o.resources, { refuseSeconds: ONE_DAY });
  };

  const declineTimes: number[] = [];
  const cycleTimes: number[] = [];
  let declinedOffers = 0;
  for (let r = 0; r < ROUNDS; r++) {
    declineTimes.push(timed(() => decline(offers))[1]);
    now += 1000;
    let ms: number;
    [offers, ms] = timed(() => allocator.allocate());
    cycleTimes.push(ms);
    declinedOffers = offers.length;
  }

  let allFilteredMs: number | null = null;
  let roundsToAllFiltered: number | null = null;
  let reviveOneMs: number | null = null;
  let reviveOneOffers: number | null = null;
  // With quota, guarantee-stage offers are cut to what each role still needs, so a role is
  // offered many differently shaped parts of an agent: reaching "all filtered" takes far more
  // rounds than frameworks, and is not measured.
  if (!spec.quota && spec.agents * spec.frameworks <= ALL_FILTERED_BUDGET) {
    let rounds = ROUNDS;
    while (offers.length > 0) {
      if (rounds > spec.frameworks + 10) throw new Error(`${label(spec)}: still offering after ${rounds} declining rounds`);
      decline(offers);
      now += 1000;
      offers = allocator.allocate();
      rounds++;
    }
    roundsToAllFiltered = rounds;
    const times: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      now += 1000;
      let ms: number;
      [offers, ms] = timed(() => allocator.allocate());
      if (offers.length !== 0) throw new Error('an all-filtered cycle made offers');
      times.push(ms);
    }
    allFilteredMs = median(times);
    allocator.revive(`framework-${spec.frameworks - 1}`);
    now += 1000;
    [offers, reviveOneMs] = timed(() => allocator.allocate());
    reviveOneOffers = offers.length;
  }
  return {
    spec,
    setupMs,
    firstMs,
    firstOffers,
    declineMs: median(declineTimes),
    declinedMs: median(cycleTimes),
    declinedOffers,
    allFilteredMs,
    roundsToAllFiltered,
    reviveOneMs,
    reviveOneOffers,
  };
}

function label(spec: CellSpec): string {
  return spec.quota ? `quota ${spec.agents}x${spec.frameworks}` : `${spec.agents}x${spec.frameworks}`;
}

function main(): void {
  const quick = process.env.BENCH_QUICK === '1';
  const budgetS = Number(process.env.BENCH_BUDGET_S ?? 240);
  const started = performance.now();
  const agentCounts = quick ? [1000, 5000] : [1000, 5000, 10000, 20000, 50000];
  const frameworkCounts = quick ? [10, 100] : [10, 100, 1000, 3000];
  const skipped = new Map<string, string>();
  const cells: CellSpec[] = [];
  for (const agents of agentCounts) {
    for (const frameworks of frameworkCounts) cells.push({ agents, frameworks });
  }
  cells.push(quick ? { agents: 1000, frameworks: 1000, quota: true } : { agents: 3000, frameworks: 3000, quota: true });

  const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
  process.stdout.write(
    `allocator benchmark${quick ? ' (BENCH_QUICK=1: subset)' : ''}: agent ${AGENT_RESOURCES}, one role per framework, node ${process.version}, ` +
      `${os.cpus().length} CPUs, load average ${load()}\n`,
  );
  const results: CellResult[] = [];
  for (const spec of cells) {
    const elapsedS = (performance.now() - started) / 1000;
    if (!spec.quota && elapsedS > budgetS) {
      skipped.set(label(spec), `time budget BENCH_BUDGET_S=${budgetS} used up after ${elapsedS.toFixed(0)} s`);
      continue;
    }
    const r = runCell(spec);
    results.push(r);
    record({ id: `allocator.declined_cycle_ms.${label(spec).replace(/ /g, '_')}`, measure: `allocator declined cycle, ${label(spec)} agents x frameworks`, value: r.declinedMs, unit: 'ms', size: label(spec) });
    process.stdout.write(
      `  ${label(spec)}: first ${r.firstMs.toFixed(1)} ms (${r.firstOffers} offers), declined ${r.declinedMs.toFixed(1)} ms (${r.declinedOffers} offers)` +
        (r.allFilteredMs === null ? '' : `, all-filtered ${r.allFilteredMs.toFixed(1)} ms after ${r.roundsToAllFiltered} rounds, revive-one ${r.reviveOneMs!.toFixed(1)} ms (${r.reviveOneOffers} offers)`) +
        '\n',
    );
    gc?.();
  }

  const header = ['agents', 'frameworks', 'setup ms', 'first cycle ms', 'offers', 'decline all ms', 'declined cycle ms', 'offers', 'all-filtered ms', 'revive-one ms', 'Mesos ms'];
  const rows: Cell[][] = results.map((r) => [
    r.spec.quota ? `${r.spec.agents} (quota)` : r.spec.agents,
    r.spec.frameworks,
    r.setupMs,
    r.firstMs,
    r.firstOffers,
    r.declineMs,
    r.declinedMs,
    r.declinedOffers,
    r.allFilteredMs ?? '-',
    r.reviveOneMs ?? '-',
    MESOS_REFERENCE[label(r.spec)] ?? '-',
  ]);
  process.stdout.write('\n');
  printTable(header, rows);
  process.stdout.write(
    `\ndeclined cycle: median of ${ROUNDS} cycles, each after all offers of the previous one were declined with a 1-day filter.\n` +
      `all-filtered: median of ${ROUNDS} cycles once every framework has declined every agent (agents nobody can take are skipped until something changes); '-' where not measured: reaching that state takes more than ${ALL_FILTERED_BUDGET} offers, or (quota) far more rounds than frameworks.\n` +
      `revive-one: the cycle after one framework revives in the all-filtered state: every agent is walked past the other frameworks' filters.\n` +
      `Mesos ms: reference figures for the same shapes as given with this benchmark's specification (not measured here; other hardware, a different process model).\n`,
  );
  process.stdout.write(`load average at the end: ${load()} (other work on the machine slows every figure)\n`);
  if (skipped.size === 0) process.stdout.write(`no cell skipped (${((performance.now() - started) / 1000).toFixed(0)} s in all)\n`);
  for (const [cell, why] of skipped) process.stdout.write(`skipped ${cell}: ${why}\n`);
}

if (require.main === module) main();
