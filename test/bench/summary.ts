/**
 * The benchmark run's one table, built from the records the benchmarks printed (record.ts) and
 * the goals (goals.ts); a run's results file; two runs compared figure by figure. Pure functions:
 * test/unit/bench-summary.test.ts checks them on recorded fixtures.
 */
import type { BenchRecord } from './record.js';
import { GOALS, goalMatches, goalText, meets, type Goal } from './goals.js';
import { formatNumber, formatTable } from './table.js';

/** One benchmark process of a run. */
export interface BenchOutcome {
  name: string;
  /** 'ok', 'failed (exit 1)', ... */
  status: string;
  seconds: number;
  records: BenchRecord[];
  /** The `SKIP <what>: <why>` lines it printed. */
  skips?: string[];
}

/** What `npm run bench` writes to bench-results/<timestamp>.json. */
export interface RunResults {
  started: string;
  quick: boolean;
  machine: { cpus: number; node: string; loadAtStart: number[] };
  benches: BenchOutcome[];
}

/** A row of the table. */
export interface SummaryRow {
  id: string;
  measure: string;
  figure: string;
  baseline: string;
  ratio: string;
  goal: string;
  /** "… at another size" where the goal is stated for a size other than the one measured: not the goal's verdict. */
  verdict: 'met' | 'missed' | 'met at another size' | 'missed at another size' | 'no goal' | 'not measured';
  load: string;
  size: string;
}

function fmt(x: number | null | undefined, unit = ''): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '-';
  return `${formatNumber(x)}${unit ? ` ${unit}` : ''}`;
}

function ratioOf(r: BenchRecord): number | null {
  const b = r.baseline?.value;
  if (r.value === null || b === null || b === undefined || b === 0) return null;
  return r.value / b;
}

function rowFor(r: BenchRecord, goal: Goal | undefined): SummaryRow {
  const ratio = ratioOf(r);
  const judged = goal ? (goal.on === 'ratio' ? ratio : r.value) : null;
  let verdict: SummaryRow['verdict'] = goal ? 'not measured' : 'no goal';
  const size = r.size ?? '';
  const otherSize = goal?.at !== undefined && goal.at !== size;
  if (goal && judged !== null) verdict = `${meets(goal, judged) ? 'met' : 'missed'}${otherSize ? ' at another size' : ''}` as SummaryRow['verdict'];
  return {
    id: r.id,
    measure: r.measure,
    figure: fmt(r.value, r.unit),
    baseline: r.baseline ? `${fmt(r.baseline.value, r.unit)} (${r.baseline.label})` : '-',
    ratio: ratio === null ? '-' : `${ratio.toFixed(2)}×`,
    goal: goal ? goalText(goal) + (otherSize ? ` at ${goal.at}` : '') : '-',
    verdict,
    load: r.load === undefined ? '-' : r.load.toFixed(2),
    size,
  };
}

/** Every record of the run, in the goals' order first (a goal without a record is a "not measured" row), then the rest in run order. */
export function buildSummary(results: RunResults): SummaryRow[] {
  const records = results.benches.flatMap((b) => b.records);
  const used = new Set<BenchRecord>();
  const rows: SummaryRow[] = [];
  for (const goal of GOALS) {
    const matching = records.filter((r) => goalMatches(goal, r.id));
    if (matching.length === 0) {
      const bench = results.benches.find((b) => goal.id.startsWith(`${b.name.replace(/-/g, '_')}.`));
      let why = 'no record';
      if (bench && bench.status !== 'ok') why = `bench ${bench.status}`;
      else if (bench?.skips?.length) why = bench.skips.join('; ');
      else if (!bench) why = 'bench not run';
      rows.push({ id: goal.id, measure: goal.measure, figure: '-', baseline: '-', ratio: '-', goal: goalText(goal), verdict: 'not measured', load: '-', size: why });
      continue;
    }
    for (const r of matching) {
      used.add(r);
      rows.push(rowFor(r, goal));
    }
  }
  for (const r of records) if (!used.has(r)) rows.push(rowFor(r, undefined));
  return rows;
}

const HEADER = ['measure', 'figure', 'baseline (same run)', 'ratio', 'goal', 'met?', 'load 1m', 'size'];
const cells = (r: SummaryRow) => [r.measure, r.figure, r.baseline, r.ratio, r.goal, r.verdict, r.load, r.size];

/** The table as aligned text. */
export function summaryText(rows: readonly SummaryRow[]): string {
  return formatTable(HEADER, rows.map(cells));
}

/** The table as Markdown. */
export function summaryMarkdown(rows: readonly SummaryRow[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [`| ${HEADER.join(' | ')} |`, `| ${HEADER.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${cells(r).map(esc).join(' | ')} |`)].join('\n');
}

/** The run's heading: when, quick or full, machine, load, each bench's status and time. */
export function runHeading(results: RunResults): string {
  const benches = results.benches.map((b) => `${b.name} ${b.status} ${b.seconds.toFixed(0)} s`).join(', ');
  return (
    `bench run ${results.started}${results.quick ? ' (--quick)' : ''}: ${results.machine.cpus} CPUs, node ${results.machine.node}, ` +
    `load average at start ${results.machine.loadAtStart.map((l) => l.toFixed(2)).join(' ')}\n${benches}`
  );
}

/** Two runs side by side, figure by figure (by record id, in the table's order): A, B, change B/A, and the load of each. */
export function compareRuns(a: RunResults, b: RunResults): string {
  const index = (r: RunResults) => new Map(r.benches.flatMap((x) => x.records).map((rec) => [rec.id, rec] as const));
  const ra = index(a);
  const rb = index(b);
  // In the table's order: the goals' figures first.
  const ids = [...new Set([...buildSummary(a), ...buildSummary(b)].map((r) => r.id))].filter((id) => ra.has(id) || rb.has(id));
  const rows = ids.map((id) => {
    const x = ra.get(id);
    const y = rb.get(id);
    const unit = (x ?? y)!.unit;
    const change = x?.value && y?.value !== null && y?.value !== undefined ? `${y.value / x.value >= 1 ? '+' : ''}${((y.value / x.value - 1) * 100).toFixed(1)}%` : '-';
    const ratio = (r: BenchRecord | undefined) => {
      const q = r ? ratioOf(r) : null;
      return q === null ? '' : ` (${q.toFixed(2)}×)`;
    };
    return [
      (x ?? y)!.measure,
      x ? `${fmt(x.value, unit)}${ratio(x)}` : 'absent',
      y ? `${fmt(y.value, unit)}${ratio(y)}` : 'absent',
      change,
      x?.load?.toFixed(2) ?? '-',
      y?.load?.toFixed(2) ?? '-',
    ];
  });
  return `A: ${a.started}${a.quick ? ' (--quick)' : ''}\nB: ${b.started}${b.quick ? ' (--quick)' : ''}\n\n${formatTable(['measure', 'A', 'B', 'change B/A', 'load A', 'load B'], rows)}`;
}
