/**
 * Aligned text tables for benchmark output: numbers right-aligned, text left-aligned.
 */

/** A table cell. */
export type Cell = string | number;

/** Renders `rows` under `header` with columns padded to the widest cell. */
export function formatTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = rows.map((r) => r.map((c) => (typeof c === 'number' ? formatNumber(c) : c)));
  const widths = header.map((h, i) => Math.max(h.length, ...text.map((r) => (r[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || r[i] === '-' || r[i] === ''));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n');
}

/** Prints `formatTable(header, rows)` to stdout. */
export function printTable(header: readonly string[], rows: readonly (readonly Cell[])[]): void {
  process.stdout.write(`${formatTable(header, rows)}\n`);
}

/** Integers as is; other numbers with one decimal below 100 and none above. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n) || Math.abs(n) >= 100) return String(Math.round(n));
  return n.toFixed(1);
}
