// On a machine with a real NVIDIA GPU (skipped elsewhere): discovery through nvidia-smi finds
// it with its real minor number, a container given the GPU opens its node and nvidiactl, and a
// container given none is denied the same node by the devices cgroup.
import * as fs from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Logger } from '@plateau/kernel';
import { discover, GpuIsolator, withDefaults } from '../src/index';
import { containerSkipReason, makeRootfs, newContainerId, runContainer, tempDir } from './runc';
import { printSkip } from '@plateau/testkit/skip';

const log = { debug() {}, info() {}, warn() {}, error() {}, child() { return log; } } as unknown as Logger;

test('real GPU: discovered by nvidia-smi, opened by the container it is given, denied to another', async () => {
  const cfg = withDefaults();
  const found = await discover(cfg, log);
  if (found.gpus.length === 0) {
    printSkip('real GPU', `no NVIDIA GPU here (${found.none})`);
    return;
  }
  for (const g of found.gpus) {
    const st = fs.statSync(`/dev/nvidia${g.minor}`);
    assert.ok(st.isCharacterDevice(), `/dev/nvidia${g.minor} exists for GPU ${g.index}`);
    assert.is(g.major, 195);
  }
  assert.ok(found.control.some((c) => c.containerPath === '/dev/nvidiactl' && c.major === 195 && c.minor === 255), 'nvidiactl found');
  const skip = containerSkipReason();
  if (skip) {
    printSkip('real GPU in a container', skip);
    return;
  }
  const rootfs = makeRootfs();
  const iso = new GpuIsolator(cfg, found.gpus, found.control, tempDir('plateau-gpustate-'), log);
  const gpu = found.gpus[0]!;
  const given = newContainerId('rgpu');
  const { launchInfo } = await iso.prepare({ containerId: { value: given }, config: { resources: [{ name: 'gpus', scalar: 1 }] } });
  const node = launchInfo!.devices[0]!.path;
  const script = `dd if=${node} of=/dev/null count=0 && echo own=ok; dd if=/dev/nvidiactl of=/dev/null count=0 && echo ctl=ok`;
  const a = await runContainer(given, { ...launchInfo!, rootfs }, ['sh', '-c', script]);
  assert.match(a.stdout, /own=ok/, a.stdout + a.stderr);
  assert.match(a.stdout, /ctl=ok/, a.stdout + a.stderr);
  await iso.cleanup({ containerId: { value: given } });

  const none = newContainerId('rgpu');
  const bare = await iso.prepare({ containerId: { value: none }, config: {} });
  assert.is(bare.launchInfo, null);
  const li = { rootfs, mounts: [{ source: '/dev', target: '/hostdev', type: 'bind', options: ['rbind', 'ro'] }] };
  const b = await runContainer(none, li, ['sh', '-c', `dd if=/hostdev/nvidia${gpu.minor} of=/dev/null count=0 2>&1 | head -1`]);
  assert.match(b.stdout, /Operation not permitted/, b.stdout + b.stderr);
  await iso.cleanup({ containerId: { value: none } });
});

test.run();
