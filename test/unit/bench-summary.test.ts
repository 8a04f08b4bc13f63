// The benchmark table and the comparison of two runs, built from recorded results (no timing).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSummary, compareRuns, summaryMarkdown, summaryText, type RunResults } from '../bench/summary.js';
import { parseRecords, record, RECORD_PREFIX } from '../bench/record.js';
import { loopDelayBetween } from '../bench/loop-windows.js';
import { GOALS } from '../bench/goals.js';

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'bench');
const load = (name: string): RunResults => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));
const RUN_JS = path.resolve(__dirname, '..', '..', 'bench', 'run.js');

test('a ratio goal is judged on figure / baseline of the same run', () => {
  const rows = buildSummary(load('run-a.json'));
  const r = rows.find((x) => x.id === 'containers.running_p50_ms')!;
  assert.is(r.figure, '54 ms');
  assert.is(r.baseline, '27 ms (runc run -d)');
  assert.is(r.ratio, '2.00×');
  assert.is(r.goal, '≤ 1.5×');
  assert.is(r.verdict, 'missed');
  assert.is(r.load, '3.50');
  const b = buildSummary(load('run-b.json')).find((x) => x.id === 'containers.running_p50_ms')!;
  assert.is(b.ratio, '1.20×');
  assert.is(b.verdict, 'met');
});

test('value goals: ≥, ≤ at the limit, < ; a null figure is not measured', () => {
  const rows = buildSummary(load('run-a.json'));
  const by = (id: string) => rows.find((x) => x.id === id)!;
  assert.is(by('containers.launches_per_s').verdict, 'missed');
  assert.is(by('module_calls.grpc_p50_us').verdict, 'met', '150 µs meets ≤ 150');
  assert.is(by('state.master_state_slowest_ms').verdict, 'met at another size');
  assert.is(by('state.event_loop_max_ms').verdict, 'not measured');
  assert.is(by('state.event_loop_max_ms').figure, '-');
});

test('a goal stated at another size says so beside the figure', () => {
  const r = buildSummary(load('run-a.json')).find((x) => x.id === 'state.master_state_slowest_ms')!;
  assert.is(r.size, '2,000 agents / 20,000 tasks');
  assert.is(r.goal, '< 500 at 20,000 agents / 200,000 tasks');
  assert.is(r.verdict, 'met at another size', 'a smaller run does not meet the goal');
  const full = load('run-a.json');
  full.benches[2]!.records[0]!.size = '20,000 agents / 200,000 tasks';
  const f = buildSummary(full).find((x) => x.id === 'state.master_state_slowest_ms')!;
  assert.is(f.goal, '< 500');
  assert.is(f.verdict, 'met');
});

test('one goal covers every record under its id (one per contender)', () => {
  const rows = buildSummary(load('run-a.json')).filter((x) => x.id.startsWith('failover.serving_ms.'));
  assert.equal(
    rows.map((r) => [r.id, r.verdict]),
    [
      ['failover.serving_ms.zookeeper.1000', 'met'],
      ['failover.serving_ms.etcd.1000', 'missed'],
    ],
  );
});

test('every goal has a row; a goal without a record names the failed bench or says no record', () => {
  const rows = buildSummary(load('run-a.json'));
  for (const g of GOALS) assert.ok(rows.some((r) => r.id === g.id || r.id.startsWith(`${g.id}.`)), `no row for ${g.id}`);
  const launch = rows.find((x) => x.id === 'launch.launches_per_s')!;
  assert.is(launch.verdict, 'not measured');
  assert.is(launch.size, 'bench failed (exit 1)');
  assert.is(rows.find((x) => x.id === 'failover.reregistered_ms')!.size, 'no record');
  assert.is(rows.find((x) => x.id === 'state.get_state_median_ms')!.size, 'no record');
  const skipped = load('run-a.json');
  skipped.benches[0]!.records = [];
  skipped.benches[0]!.skips = ['SKIP containers benchmark: runc not found'];
  assert.is(buildSummary(skipped).find((x) => x.id === 'containers.running_p50_ms')!.size, 'SKIP containers benchmark: runc not found');
  assert.is(buildSummary(load('run-b.json')).find((x) => x.id === 'launch.launches_per_s')!.size, 'bench not run');
});

test('records without a goal follow the goals, with their baseline and ratio', () => {
  const rows = buildSummary(load('run-a.json'));
  const pod = rows.find((x) => x.id === 'pod.launch_p50_ms')!;
  assert.is(pod.verdict, 'no goal');
  assert.is(pod.ratio, '2.00×');
  assert.is(pod.goal, '-');
  assert.ok(rows.indexOf(pod) > rows.findIndex((x) => x.id === 'module_calls.grpc_p50_us'));
});

test('text and Markdown tables hold every row', () => {
  const rows = buildSummary(load('run-a.json'));
  const text = summaryText(rows).split('\n');
  assert.is(text.length, rows.length + 2);
  assert.match(text[0]!, /^measure\s+figure\s+baseline \(same run\)\s+ratio\s+goal\s+met\?\s+load 1m\s+size$/);
  const md = summaryMarkdown(rows).split('\n');
  assert.is(md.length, rows.length + 2);
  assert.ok(md.every((l) => l.startsWith('| ') && l.endsWith(' |')));
});

test('compare: side by side by id, change B/A, ratios and loads; absent on either side', () => {
  const out = compareRuns(load('run-a.json'), load('run-b.json'));
  const line = (measure: string) => out.split('\n').find((l) => l.startsWith(measure))!;
  assert.match(line('container ACCEPT→RUNNING p50'), /54 ms \(2\.00×\)\s+36 ms \(1\.20×\)\s+-33\.3%\s+3\.50\s+1\.20$/);
  assert.match(line('container launches/s'), /22 \/s .*27\.5 \/s .*\+25\.0%/);
  assert.match(line('module call p50, spawned'), /absent\s+130 µs \(26\.00×\)\s+-\s+-\s+1\.10$/);
  assert.match(line('2-task pod'), /120 ms \(2\.00×\)\s+absent/);
  const order = ['container ACCEPT→RUNNING p50', 'module call p50, gRPC', '2-task pod', 'module call p50, spawned'].map((m) => out.indexOf(`\n${m}`));
  assert.equal([...order].sort((x, y) => x - y), order, 'goal figures first, then the rest');
  assert.ok(order.every((i) => i > 0));
});

test('records: printed with the load, parsed back; NaN becomes null; a malformed line is named', () => {
  const lines: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((s: string) => lines.push(s) > 0) as typeof process.stdout.write;
  try {
    record({ id: 'x.a', measure: 'a', value: 1.5, unit: 'ms', baseline: { label: 'b', value: NaN } });
    record({ id: 'x.b', measure: 'b', value: NaN, unit: 'ms' });
  } finally {
    process.stdout.write = write;
  }
  const parsed = parseRecords(`noise\n${lines.join('')}more noise\n`);
  assert.is(parsed.length, 2);
  assert.is(parsed[0]!.value, 1.5);
  assert.is(parsed[0]!.baseline!.value, null);
  assert.type(parsed[0]!.load, 'number');
  assert.is(parsed[1]!.value, null);
  assert.throws(() => parseRecords(`${RECORD_PREFIX}{not json`), /malformed benchmark record: BENCH-RECORD \{not json/);
  assert.throws(() => parseRecords(`${RECORD_PREFIX}{"id":"x"}`), /without id or numeric value/);
});

test('event-loop windows: the worst max and p99 among the windows in the interval', () => {
  const text = [
    { t: 1000, maxMs: 900, p99Ms: 800 },
    { t: 2000, maxMs: 40, p99Ms: 20 },
    { t: 2250, maxMs: 120, p99Ms: 30 },
    { t: 9000, maxMs: 999, p99Ms: 999 },
  ]
    .map((w) => JSON.stringify(w))
    .join('\n');
  assert.equal(loopDelayBetween(text, 1500, 3000), { maxMs: 120, p99Ms: 30, windows: 2 });
  assert.ok(Number.isNaN(loopDelayBetween(text, 3000, 4000).maxMs));
});

test('run.js --compare prints two recorded runs; a missing file is named and exits 2', () => {
  const ok = spawnSync(process.execPath, [RUN_JS, '--compare', path.join(FIXTURES, 'run-a.json'), path.join(FIXTURES, 'run-b.json')], { encoding: 'utf8', timeout: 20_000 });
  assert.is(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /A: 2026-12-07T17:00:00\.000Z \(--quick\)/);
  assert.match(ok.stdout, /change B\/A/);
  const bad = spawnSync(process.execPath, [RUN_JS, '--compare', 'no-such-run.json', path.join(FIXTURES, 'run-b.json')], { encoding: 'utf8', timeout: 20_000 });
  assert.is(bad.status, 2);
  assert.match(bad.stderr, /no results file no-such-run\.json/);
});

test('run.js --table rebuilds a recorded run\'s table from its records', () => {
  const r = spawnSync(process.execPath, [RUN_JS, '--table', path.join(FIXTURES, 'run-a.json'), '--markdown'], { encoding: 'utf8', timeout: 20_000 });
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /^bench run 2026-12-07T17:00:00\.000Z \(--quick\): 2 CPUs/);
  assert.match(r.stdout, /\| container ACCEPT→RUNNING p50 \| 54 ms \| 27 ms \(runc run -d\) \| 2\.00× \| ≤ 1\.5× \| missed \| 3\.50 \| 30 launches \|/);
});

test.run();
