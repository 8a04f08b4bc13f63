// The provisioner kind's optional Progress stream, with stand-in provisioners (no images): the
// agent follows what one streams, across gRPC too (byte counts stay numbers), and a provisioner
// written before Progress (no method in process, UNIMPLEMENTED over gRPC) gives no events and no
// warning. provisioner-oci's real stream is tested in modules/provisioner-oci/test/pull-progress.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defineModule, type Provisioner } from '@plateau/kernel';
import { followPull, type PullEvent } from '@plateau/agent';
import { withServedModule } from '@plateau/testkit/served-module';

const EVENTS: PullEvent[] = [
  { image: 'busybox', layer: 'sha256:aa', phase: 'downloading', bytesDone: 1024, bytesTotal: 6_000_000_000, index: 0, layers: 2 },
  { image: 'busybox', layer: 'sha256:aa', phase: 'done', bytesDone: 6_000_000_000, bytesTotal: 6_000_000_000, index: 0, layers: 2 },
];

function provisioner(withProgress: boolean): Provisioner {
  const p: Provisioner = {
    provision: async () => ({ rootfs: '/nonexistent', config: null }),
    destroy: async () => ({ destroyed: false }),
    recover: async () => ({}),
  };
  if (withProgress) p.progress = async function* () { yield* EVENTS; };
  return p;
}

const served = (withProgress: boolean) => defineModule<Provisioner, Record<string, never>>({ kind: 'provisioner', name: 'stand-in', version: '0.1.0', apiVersions: ['v1'], create: async () => provisioner(withProgress) });

/** A logger that keeps its warnings. */
function warnings(): { log: any; warned: string[] } {
  const warned: string[] = [];
  const noop = () => undefined;
  const log = { warn: (_o: unknown, msg: string) => warned.push(msg), debug: noop, info: noop, error: noop, trace: noop, fatal: noop, child: () => log };
  return { log, warned };
}

/** Follows until `n` events came or `ms` passed. */
async function collect(p: Provisioner, n: number, ms = 2000): Promise<{ events: PullEvent[]; warned: string[] }> {
  const { log, warned } = warnings();
  const events: PullEvent[] = [];
  const stop = followPull(p, 'c1', (e) => events.push(e), log);
  const deadline = Date.now() + ms;
  while (events.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 100)); // a late failure would log by now
  stop();
  return { events, warned };
}

test('events stream in process and across gRPC, byte counts as numbers', async () => {
  const local = await collect(provisioner(true), 2);
  assert.equal(local.events, EVENTS);
  await withServedModule<Provisioner>(served(true), 'provisioner', 'stand-in', () => ({}), async (remote) => {
    const r = await collect(remote, 2);
    assert.equal(r.events.map((e) => [e.layer, e.phase, e.bytesDone, e.bytesTotal, e.index, e.layers]), EVENTS.map((e) => [e.layer, e.phase, e.bytesDone, e.bytesTotal, e.index, e.layers]));
    assert.is(typeof r.events[0]!.bytesTotal, 'number');
    assert.equal(r.warned, []);
  });
});

test('a provisioner without Progress: no events and no warning, in process and over gRPC (UNIMPLEMENTED)', async () => {
  const local = await collect(provisioner(false), 1, 200);
  assert.equal(local, { events: [], warned: [] });
  await withServedModule<Provisioner>(served(false), 'provisioner', 'stand-in', () => ({}), async (remote) => {
    assert.equal(await collect(remote, 1, 300), { events: [], warned: [] });
  });
});

test.run();
