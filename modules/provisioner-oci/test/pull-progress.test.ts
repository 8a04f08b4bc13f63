import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildLayeredImage } from '@plateau/testkit/layered-image';
import type { RunningRegistry } from '@plateau/testkit/registry';
import { startSlowProxy, type SlowProxy } from '@plateau/testkit/slow-proxy';
import type { PullProgress } from '../src/index';
import { destroyAll, images, newProvisioner, registry, testUnless, tmp, toolsMissing } from './shared';

// The progress of a real pull from a real Docker registry (Debian's docker-registry), reached
// through a proxy that sends 1 MiB a second in all, of an image of busybox and three 1.5 MB layers: the
// provisioner's own listener and its Progress RPC both see each layer go through its phases.

const LAYER_BYTES = 1_500_000;
let skip: string | undefined;
let reg: RunningRegistry | undefined;
let proxy: SlowProxy | undefined;
let imageName = '';
let layerCount = 0;
const real = testUnless(() => skip);

test.before(async () => {
  skip = await toolsMissing({ registry: true });
  if (skip) return;
  const layout = join(tmp.makeTempDir('plateau-oci-progress-'), 'layout');
  const built = await buildLayeredImage(layout, 'big', 3, LAYER_BYTES);
  reg = await registry.startRegistry();
  await images.pushImage(built, reg.host, 'team/big:1');
  proxy = await startSlowProxy(reg.host, 1024 * 1024);
  imageName = `${proxy.host}/team/big:1`;
  layerCount = 4;
});

test.after(async () => {
  await proxy?.stop();
  await reg?.stop();
});

real('a registry pull reports every layer downloading with growing bytes, unpacking, then done', async () => {
  const { p } = await newProvisioner({ registries: { [proxy!.host]: { insecure: true } } });
  const events: PullProgress[] = [];
  try {
    await p.pull(imageName, { onProgress: (e) => events.push(e) });
  } finally {
    await destroyAll(p);
    await p.close();
  }
  const layers = new Set(events.map((e) => e.layer));
  assert.is(layers.size, layerCount, `events name each of the ${layerCount} layers: ${[...layers].join(', ')}`);
  for (const layer of layers) {
    const mine = events.filter((e) => e.layer === layer);
    const downloads = mine.filter((e) => e.phase === 'downloading');
    assert.ok(downloads.length > 0, `layer ${layer} was downloading`);
    for (let i = 1; i < downloads.length; i++) assert.ok(downloads[i]!.bytesDone >= downloads[i - 1]!.bytesDone, `bytes of ${layer} never go back`);
    assert.is(mine.at(-1)!.phase, 'done', `layer ${layer} ends done`);
    assert.ok(mine.every((e) => e.layers === layerCount && e.index !== undefined && e.index < layerCount), 'events carry the layer position and count');
  }
  const big = events.filter((e) => e.phase === 'downloading' && (e.bytesTotal ?? 0) > 500_000);
  assert.ok(big.length >= 6, `the big layers report several download steps (${big.length})`);
});

real('the Progress RPC streams a container provision from the registry, throttled, and ends with it', async () => {
  const { p } = await newProvisioner({ registries: { [proxy!.host]: { insecure: true } } });
  const cid = { value: `progress-${process.pid}` };
  const seen: { at: number; phase: string; layer: string; bytesDone: number; bytesTotal: number }[] = [];
  try {
    const following = (async () => {
      for await (const e of p.progress({ containerId: cid })) seen.push({ at: Date.now(), phase: e.phase, layer: e.layer, bytesDone: e.bytesDone, bytesTotal: e.bytesTotal });
    })();
    const started = Date.now();
    await p.provision({ containerId: cid, image: { name: imageName } });
    const took = Date.now() - started;
    await following; // it ends because Provision returned
    assert.ok(took > 1500, `the pull through the slow link took its time (${took} ms)`);
    const downloads = seen.filter((e) => e.phase === 'downloading');
    assert.ok(downloads.length >= 3, `several downloading events (${downloads.length})`);
    // At most one event per layer and phase every 200 ms.
    for (const layer of new Set(downloads.map((e) => e.layer))) {
      const times = downloads.filter((e) => e.layer === layer).map((e) => e.at);
      for (let i = 1; i < times.length; i++) assert.ok(times[i]! - times[i - 1]! >= 150, `layer ${layer}: events ${times[i]! - times[i - 1]!} ms apart`);
    }
    assert.is(seen.filter((e) => e.phase === 'done').length, layerCount, 'each layer is done once');
  } finally {
    await destroyAll(p);
    await p.close();
  }
});

test.run();
