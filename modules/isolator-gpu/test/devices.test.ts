// GPU isolation seen from inside a real runc container: fake GPUs are character devices made
// with mknod (major 195). Opening a device the devices cgroup allows fails with ENXIO (no driver
// behind it); opening one it denies fails with EPERM. The container gets GPU 0 and must be
// denied GPU 1, whose host node is bind-mounted in to try.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Logger } from '@plateau/kernel';
import { discover, GpuIsolator, withDefaults, type GpuConfig } from '../src/index';
import { containerSkipReason, makeRootfs, newContainerId, runContainer, startContainer, tempDir } from './runc';
import { printSkip } from '@plateau/testkit/skip';

const log = { debug() {}, info() {}, warn() {}, error() {}, child() { return log; } } as unknown as Logger;

const skip = containerSkipReason() ?? (fs.existsSync('/sys/fs/cgroup/devices') ? undefined : 'no cgroup v1 devices controller to read devices.list from');
const rootfs = skip ? '' : makeRootfs();

function it(title: string, fn: () => Promise<void>): void {
  test(title, async () => {
    if (skip) {
      printSkip(title, skip);
      return;
    }
    await fn();
  });
}

function fakeGpus(): string {
  const dir = tempDir('plateau-gpudev-');
  for (const [name, minor] of [['nvidia0', 0], ['nvidia1', 1], ['nvidiactl', 255]] as const) {
    const r = spawnSync('mknod', [path.join(dir, name), 'c', '195', String(minor)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`mknod: ${r.stderr}`);
  }
  return dir;
}

async function gpuLaunchInfo(dev: string, extra: Partial<GpuConfig> = {}) {
  const cfg = withDefaults({ devices: [0, 1].map((i) => ({ index: i, path: path.join(dev, `nvidia${i}`) })), devDir: dev, procDir: tempDir('plateau-gpuproc-'), ...extra });
  const found = await discover(cfg, log);
  const iso = new GpuIsolator(cfg, found.gpus, found.control, tempDir('plateau-gpustate-'), log);
  const id = newContainerId('gpu');
  const { launchInfo } = await iso.prepare({ containerId: { value: id }, config: { resources: [{ name: 'gpus', scalar: 1 }] } });
  assert.equal(launchInfo!.devices.map((d) => d.path), ['/dev/nvidia0', '/dev/nvidiactl'], 'GPU 0 and the control device');
  // The host's fake nodes, to try the GPU that was not given.
  const mounts = [...launchInfo!.mounts, { source: dev, target: '/hostdev', type: 'bind', options: ['rbind', 'ro'] }];
  return { id, launchInfo: { ...launchInfo!, mounts, rootfs } };
}

const SCRIPT = [
  'dd if=/dev/nvidia0 of=/dev/null count=1 2>&1 | head -1 | sed "s/^/own=/"',
  'dd if=/dev/nvidiactl of=/dev/null count=1 2>&1 | head -1 | sed "s/^/ctl=/"',
  'dd if=/hostdev/nvidia1 of=/dev/null count=1 2>&1 | head -1 | sed "s/^/other=/"',
  // runc allows mknod of any device ("c *:* m", as Docker does); opening what was made is what is denied.
  'mknod /tmp/gpu1 c 195 1 && dd if=/tmp/gpu1 of=/dev/null count=1 2>&1 | head -1 | sed "s/^/mknoded=/"',
  'test -e /dev/nvidia1 && echo "node1=present" || echo "node1=absent"',
  'echo "visible=$NVIDIA_VISIBLE_DEVICES"',
].join('\n');

it('a container given GPU 0 opens its own device (ENXIO: allowed, no driver) and is denied GPU 1 (EPERM from the devices cgroup)', async () => {
  const { id, launchInfo } = await gpuLaunchInfo(fakeGpus());
  const r = await runContainer(id, launchInfo, ['sh', '-c', SCRIPT]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /own=.*No such device or address/, r.stdout);
  assert.match(r.stdout, /ctl=.*No such device or address/, r.stdout);
  assert.match(r.stdout, /other=.*Operation not permitted/, r.stdout);
  assert.match(r.stdout, /mknoded=.*Operation not permitted/, r.stdout);
  assert.match(r.stdout, /node1=absent/);
  assert.match(r.stdout, /visible=0/);
});

it('from the host: the container\'s devices cgroup lists GPU 0 and nvidiactl, not GPU 1', async () => {
  const { id, launchInfo } = await gpuLaunchInfo(fakeGpus());
  const c = startContainer(id, launchInfo, ['sleep', '30']);
  try {
    const list = fs.readFileSync(`/sys/fs/cgroup/devices/plateau/${id}/devices.list`, 'utf8').split('\n');
    assert.ok(list.includes('c 195:0 rwm'), list.join('\n'));
    assert.ok(list.includes('c 195:255 rwm'), list.join('\n'));
    // runc's own "c *:* m" (mknod only) is fine: no rule may let GPU 1 be read or written.
    assert.not.ok(list.some((l) => /^[ca] (195|\*):(1|\*) \S*[rw]/.test(l)), `GPU 1 must not be allowed:\n${list.join('\n')}`);
  } finally {
    c.destroy();
  }
});

it('access "rw" (no mknod right): runc still creates the node, and it opens', async () => {
  const { id, launchInfo } = await gpuLaunchInfo(fakeGpus(), { access: 'rw' });
  assert.is(launchInfo.devices[0]!.access, 'rw');
  const r = await runContainer(id, launchInfo, ['sh', '-c', SCRIPT]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /own=.*No such device or address/, r.stdout);
  assert.match(r.stdout, /other=.*Operation not permitted/, r.stdout);
});

test.run();
