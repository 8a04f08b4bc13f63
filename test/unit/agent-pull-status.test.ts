// The agent's image pull progress as TASK_STARTING updates: nothing for a quick pull, then at most
// one update per interval (the latest view wins), nothing after close; the message and the data.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PullStatusThrottle, PullTracker, pullData, pullMessage, type PullView } from '@plateau/agent';

const view = (phase: string, done: number): PullView => ({ image: 'busybox', layerCount: 2, done: false, layers: [{ layer: 'sha256:abcdef0123456789', index: 0, phase, bytesDone: done, bytesTotal: 2048 }] });

/** A throttle on a clock the test moves; its trailing sends run on real (short) timers. */
function clocked(intervalMs: number, delayMs: number) {
  let now = 0;
  const sent: PullView[] = [];
  const t = new PullStatusThrottle((v) => sent.push(v), intervalMs, delayMs, () => now);
  return { t, sent, at: (ms: number) => (now = ms) };
}

test('a pull says nothing until a layer is still downloading after the delay', () => {
  const { t, sent, at } = clocked(500, 1000);
  at(0);
  t.update(view('downloading', 1));
  at(900);
  t.update(view('downloading', 2));
  assert.is(sent.length, 0, 'quick so far');
  at(1000);
  t.update(view('unpacking', 3));
  assert.is(sent.length, 0, 'nothing downloading any more: still quiet');
  at(1100);
  t.update(view('downloading', 4));
  assert.is(sent.length, 1, 'downloading past the delay: it goes at once');
  assert.is(sent[0]!.layers[0]!.bytesDone, 4);
  t.close();
});

test('at most one update per interval; the latest waiting view goes when the interval ends', async () => {
  const { t, sent, at } = clocked(40, 0);
  at(1000);
  t.update(view('downloading', 1));
  at(1010);
  t.update(view('downloading', 2));
  at(1020);
  t.update(view('downloading', 3));
  assert.is(sent.length, 1, 'the first at once, the next wait');
  at(1040);
  await new Promise((r) => setTimeout(r, 80));
  assert.is(sent.length, 2, 'one more after the interval');
  assert.is(sent[1]!.layers[0]!.bytesDone, 3, 'the latest view, not the ones before it');
  t.close();
});

test('close drops what waits and everything after', async () => {
  const { t, sent, at } = clocked(40, 0);
  at(0);
  t.update(view('downloading', 1));
  at(10);
  t.update(view('downloading', 2));
  t.close();
  at(100);
  t.update(view('downloading', 3));
  await new Promise((r) => setTimeout(r, 80));
  assert.is(sent.length, 1);
});

test('the message counts finished layers and bytes, naming the layers in flight; data carries the view', () => {
  const tracker = new PullTracker('reg:5000/app:1');
  tracker.apply({ image: 'reg:5000/app:1', layer: 'sha256:aaaaaaaaaaaa1111', phase: 'cached', bytesDone: 1024, bytesTotal: 1024, index: 0, layers: 3 });
  tracker.apply({ image: 'reg:5000/app:1', layer: 'sha256:bbbbbbbbbbbb2222', phase: 'downloading', bytesDone: 512 * 1024, bytesTotal: 2 * 1024 * 1024, index: 1, layers: 3 });
  const v = tracker.view();
  assert.is(pullMessage(v), 'pulling image reg:5000/app:1: 1/3 layers, 513.0 KiB of 2.0 MiB (bbbbbbbbbbbb downloading 512.0 KiB/2.0 MiB)');
  const data = JSON.parse(Buffer.from(pullData(v)).toString('utf8'));
  assert.equal(data.plateau_pull.layers.map((l: any) => [l.index, l.phase, l.bytes_done, l.bytes_total]), [
    [0, 'cached', 1024, 1024],
    [1, 'downloading', 512 * 1024, 2 * 1024 * 1024],
  ]);
  assert.is(data.plateau_pull.layer_count, 3);
});

test.run();
