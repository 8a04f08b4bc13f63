/**
 * Machine-readable figures: a benchmark prints each figure it measured as one line
 * `BENCH-RECORD {json}` on stdout; the runner (test/bench/run.js) collects them and builds the
 * table against the goals (summary.ts) from these values only.
 */
import * as os from 'node:os';

/** The prefix of a record line. */
export const RECORD_PREFIX = 'BENCH-RECORD ';

/** One measured figure. */
export interface BenchRecord {
  /** Stable id of the figure, matched against the goals (e.g. "containers.running_p50_ms"). */
  id: string;
  /** What was measured, in words. */
  measure: string;
  /** null where it could not be measured (printed as "-"). */
  value: number | null;
  unit: string;
  /** The same measure of the baseline, taken in the same run (e.g. bare runc). */
  baseline?: { label: string; value: number | null };
  /** The size it ran at (e.g. "2,000 agents / 20,000 tasks"). */
  size?: string;
  /** 1-minute load average when the figure was taken; filled in by `record`. */
  load?: number;
}

/** Prints `r` as a record line, with the machine's 1-minute load average now. */
export function record(r: BenchRecord): void {
  const finite = (x: number | null) => (x !== null && Number.isFinite(x) ? x : null);
  const withLoad: BenchRecord = {
    ...r,
    value: finite(r.value),
    ...(r.baseline ? { baseline: { label: r.baseline.label, value: finite(r.baseline.value) } } : {}),
    load: r.load ?? Number(os.loadavg()[0]!.toFixed(2)),
  };
  process.stdout.write(`${RECORD_PREFIX}${JSON.stringify(withLoad)}\n`);
}

/** The records in a benchmark's output (other lines ignored); a malformed record line throws, naming it. */
export function parseRecords(output: string): BenchRecord[] {
  const out: BenchRecord[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith(RECORD_PREFIX)) continue;
    let r: BenchRecord;
    try {
      r = JSON.parse(line.slice(RECORD_PREFIX.length));
    } catch (e) {
      throw new Error(`malformed benchmark record: ${line.slice(0, 200)} (${(e as Error).message})`);
    }
    if (typeof r.id !== 'string' || (typeof r.value !== 'number' && r.value !== null)) throw new Error(`benchmark record without id or numeric value: ${line.slice(0, 200)}`);
    out.push(r);
  }
  return out;
}
