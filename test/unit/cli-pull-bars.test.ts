// How `task run` draws an image pull: bars of exact widths, layer lines that fit the terminal,
// the pull read from a TASK_STARTING's data, plain lines once per finished layer, the spinner's line.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bar, completed, formatBytes, layerLine, PlainPullLines, pullLines, pullOfStatus, spinnerLine, SPINNER_FRAMES, type PullData } from '@plateau/cli';

const layer = (index: number, phase: string, done: number, total: number) => ({ layer: `sha256:${String(index).repeat(64)}`, index, phase, bytes_done: done, bytes_total: total });

test('a bar is exactly as wide as asked, filled by its fraction', () => {
  for (const width of [3, 10, 17, 40]) {
    for (const f of [0, 0.01, 0.5, 0.99, 1, 1.5, -1, NaN]) assert.is(bar(f, width).length, width, `width ${width}, fraction ${f}: '${bar(f, width)}'`);
  }
  assert.is(bar(0, 10), '[>       ]');
  assert.is(bar(0.5, 10), '[====>   ]');
  assert.is(bar(1, 10), '[========]');
  assert.is(bar(2, 6), '[====]', 'more than done is full');
});

test('bytes read as B, KiB, MiB and GiB', () => {
  assert.is(formatBytes(0), '0 B');
  assert.is(formatBytes(1023), '1023 B');
  assert.is(formatBytes(1536), '1.5 KiB');
  assert.is(formatBytes(3 * 1024 * 1024), '3.0 MiB');
  assert.is(formatBytes(5 * 1024 ** 3), '5.0 GiB');
});

test('a layer line fits the terminal, whatever its width', () => {
  const l = layer(1, 'downloading', 1024 * 1024, 3 * 1024 * 1024);
  for (const columns of [20, 40, 60, 80, 100, 200]) {
    const line = layerLine(l, columns);
    assert.ok(line.length <= columns - 1, `${columns} columns: '${line}' (${line.length})`);
  }
  assert.match(layerLine(l, 100), /^111111111111 downloading +\[=+>? *\] 1\.0 MiB\/3\.0 MiB$/);
  assert.ok(layerLine(l, 200).includes(`[${'='.repeat(12)}>`), 'the bar is at most 40 wide and a third full');
  assert.match(layerLine(layer(2, 'done', 5, 2048), 80), /^222222222222 pulled +\[=+\] 2\.0 KiB$/);
  assert.match(layerLine(layer(3, 'cached', 0, 0), 80), /^333333333333 already here +\[=+\] 0 B$/);
  assert.match(layerLine(layer(4, 'downloading', 10, 0), 80), /\[> +\] 10 B$/, 'an unknown size: an empty bar and the bytes so far');
});

test('a pull: a header with layers ready, then its layers in image order; completed fills them all', () => {
  const pull: PullData = { image: 'reg:5000/team/app:1', layer_count: 3, done: false, layers: [layer(2, 'unpacking', 10, 20), layer(0, 'cached', 5, 5)] };
  const lines = pullLines(pull, 80);
  assert.is(lines[0], 'pulling image reg:5000/team/app:1 (1/3 layers)');
  assert.match(lines[1]!, /^000000000000 already here/);
  assert.match(lines[2]!, /^222222222222 unpacking/);
  const full = pullLines(completed(pull), 80);
  assert.is(full[0], 'pulled image reg:5000/team/app:1 (2/3 layers)');
  assert.match(full[2]!, /^222222222222 pulled +\[=+\] 20 B$/);
});

test('the pull comes from TASK_STARTING data only; other data or states are not a pull', () => {
  const pull = { image: 'busybox', layer_count: 1, done: false, layers: [layer(0, 'downloading', 1, 2)] };
  const data = Buffer.from(JSON.stringify({ plateau_pull: pull })).toString('base64');
  assert.equal(pullOfStatus({ state: 'TASK_STARTING', data }), pull);
  assert.is(pullOfStatus({ state: 'TASK_RUNNING', data }), undefined);
  assert.is(pullOfStatus({ state: 'TASK_STARTING', data: Buffer.from('not json').toString('base64') }), undefined);
  assert.is(pullOfStatus({ state: 'TASK_STARTING', data: Buffer.from('{"other":1}').toString('base64') }), undefined);
  assert.is(pullOfStatus({ state: 'TASK_STARTING' }), undefined);
});

test('plain lines: one when the pull starts, then one per layer as it finishes, each once', () => {
  const plain = new PlainPullLines();
  const at = (layers: ReturnType<typeof layer>[]): PullData => ({ image: 'busybox', layer_count: 3, done: false, layers });
  assert.equal(plain.next(at([layer(0, 'cached', 7, 7), layer(1, 'downloading', 1, 4096)])), ['pulling image busybox (3 layers)', '  layer 1/3 000000000000 already here (7 B)']);
  assert.equal(plain.next(at([layer(0, 'cached', 7, 7), layer(1, 'downloading', 2, 4096)])), [], 'nothing while bytes grow');
  assert.equal(plain.next(at([layer(0, 'cached', 7, 7), layer(1, 'done', 4096, 4096), layer(2, 'unpacking', 1, 2)])), ['  layer 2/3 111111111111 pulled (4.0 KiB)']);
  assert.equal(plain.next(completed(at([layer(0, 'cached', 7, 7), layer(1, 'done', 4096, 4096), layer(2, 'unpacking', 1, 2)]))), ['  layer 3/3 222222222222 pulled (2 B)']);
});

test('a spinner line says what is waited for, moves every 100 ms and counts whole seconds', () => {
  assert.is(spinnerLine('an offer', 0), `${SPINNER_FRAMES[0]} waiting for an offer`);
  assert.is(spinnerLine('an offer', 250), `${SPINNER_FRAMES[2]} waiting for an offer`);
  assert.is(spinnerLine('an offer', 2500), `${SPINNER_FRAMES[5]} waiting for an offer (2 s)`);
});

test.run();
