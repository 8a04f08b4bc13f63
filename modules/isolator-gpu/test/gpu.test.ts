// Discovery (config list, nvidia-smi, skip), assignment of specific GPUs, exhaustion, the
// LaunchInfo part, checkpoint and recovery. GPUs are character devices made with mknod (major
// 195), as on a machine without NVIDIA hardware; nvidia-smi is a script printing captured output.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ErrorCodes, SkipModule, type Logger } from '@plateau/kernel';
import definition, { discover, GpuIsolator, RESOURCES_STATUS_NAME, withDefaults, type GpuConfig } from '../src/index';
import { tempDir } from './runc';
import { printSkip } from '@plateau/testkit/skip';

const warnings: unknown[] = [];
const log = { debug() {}, info() {}, warn(o: unknown) { warnings.push(o); }, error() {}, child() { return log; } } as unknown as Logger;

const isRoot = process.getuid?.() === 0;

function mknod(p: string, major: number, minor: number): void {
  const r = spawnSync('mknod', [p, 'c', String(major), String(minor)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mknod ${p}: ${r.stderr}`);
}

/** A dev dir with fake GPUs nvidia0..n-1 (195:i), nvidiactl (195:255) and nvidia-modeset (195:254). */
function fakeDevDir(n: number): string {
  const dir = tempDir('plateau-gpudev-');
  for (let i = 0; i < n; i++) mknod(path.join(dir, `nvidia${i}`), 195, i);
  mknod(path.join(dir, 'nvidiactl'), 195, 255);
  mknod(path.join(dir, 'nvidia-modeset'), 195, 254);
  return dir;
}

/** A proc dir with a /proc/devices that registers nvidia-uvm at major 508. */
function fakeProcDir(): string {
  const dir = tempDir('plateau-gpuproc-');
  fs.writeFileSync(path.join(dir, 'devices'), 'Character devices:\n  1 mem\n195 nvidia-frontend\n508 nvidia-uvm\n\nBlock devices:\n  7 loop\n');
  return dir;
}

function gpuConfig(dev: string, proc: string, extra: Partial<GpuConfig> = {}): GpuConfig {
  return withDefaults({
    devices: [0, 1].map((i) => ({ index: i, path: path.join(dev, `nvidia${i}`), uuid: `GPU-fake-${i}` })),
    devDir: dev,
    procDir: proc,
    ...extra,
  });
}

async function isolatorFor(cfg: GpuConfig, state = tempDir('plateau-gpustate-')): Promise<GpuIsolator> {
  const found = await discover(cfg, log);
  return new GpuIsolator(cfg, found.gpus, found.control, state, log);
}

const gpus = (n: number) => ({ resources: [{ name: 'gpus', scalar: n }] });

async function rejects(p: Promise<unknown>, code: string, text?: RegExp): Promise<void> {
  try {
    await p;
  } catch (err) {
    assert.is((err as { code?: string }).code, code, (err as Error).message);
    if (text) assert.match((err as Error).message, text);
    return;
  }
  assert.unreachable(`expected ${code}`);
}

function it(title: string, fn: () => Promise<void>): void {
  test(title, async () => {
    if (!isRoot) {
      printSkip(title, 'needs root to mknod fake GPU device nodes');
      return;
    }
    await fn();
  });
}

test('no GPU: the module skips itself with the reason (nvidia-smi absent, none listed in config)', async () => {
  const dirs = { state: tempDir('plateau-gpustate-'), run: tempDir('plateau-gpurun-') };
  try {
    await definition.create({ config: { nvidiaSmi: '/nonexistent/nvidia-smi' } as GpuConfig, deps: { log }, dirs, log, apiVersion: 'v1' });
    assert.unreachable('create must skip');
  } catch (err) {
    assert.instance(err, SkipModule);
    assert.is((err as SkipModule).reason, 'no NVIDIA GPU found (nvidia-smi absent; none listed in config)');
    assert.is((err as SkipModule).code, ErrorCodes.moduleSkip);
  }
});

test('nvidia-smi that fails (driver not loaded) or lists nothing: skipped, saying so', async () => {
  const dir = tempDir('plateau-smi-');
  const failing = path.join(dir, 'nvidia-smi-fails');
  fs.writeFileSync(failing, '#!/bin/sh\necho "NVIDIA-SMI has failed because it couldn\'t communicate with the NVIDIA driver."\nexit 9\n', { mode: 0o755 });
  const empty = path.join(dir, 'nvidia-smi-empty');
  fs.writeFileSync(empty, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  const dirs = { state: tempDir('plateau-gpustate-'), run: dir };
  for (const [bin, why] of [[failing, /nvidia-smi failed: NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver\./], [empty, /nvidia-smi lists no GPU/]] as const) {
    try {
      await definition.create({ config: { nvidiaSmi: bin } as GpuConfig, deps: { log }, dirs, log, apiVersion: 'v1' });
      assert.unreachable('create must skip');
    } catch (err) {
      assert.instance(err, SkipModule);
      assert.match((err as SkipModule).reason, why);
      assert.match((err as SkipModule).reason, /none listed in config\)$/);
    }
  }
});

test('nvidia-smi discovery: minor numbers from /proc/driver/nvidia (index 0 may be minor 3), else nvidia-smi -q, else the index with a warning', async () => {
  const dir = tempDir('plateau-smi-');
  const smi = path.join(dir, 'nvidia-smi');
  fs.writeFileSync(smi, `#!/bin/sh
if [ "$1" = "-q" ]; then
  printf 'GPU 00000000:18:00.0\\n    Minor Number                          : 5\\n    GPU UUID                              : GPU-aaa\\n'
  exit 0
fi
[ "$1" = "--query-gpu=index,uuid,name,memory.total,pci.bus_id" ] || exit 2
[ "$2" = "--format=csv,noheader,nounits" ] || exit 3
printf '0, GPU-aaa, NVIDIA H200, 143771, 00000000:18:00.0\\n1, GPU-bbb, NVIDIA H200, 143771, 00000000:2A:00.0\\n'
`, { mode: 0o755 });
  const proc = tempDir('plateau-gpuproc-');
  fs.mkdirSync(path.join(proc, 'driver/nvidia/gpus/0000:18:00.0'), { recursive: true });
  fs.mkdirSync(path.join(proc, 'driver/nvidia/gpus/0000:2a:00.0'), { recursive: true });
  fs.writeFileSync(path.join(proc, 'driver/nvidia/gpus/0000:18:00.0/information'), 'Model: \t NVIDIA H200\nGPU UUID: \t GPU-aaa\nBus Location: \t 0000:18:00.0\nDevice Minor: \t 3\n');
  fs.writeFileSync(path.join(proc, 'driver/nvidia/gpus/0000:2a:00.0/information'), 'Model: \t NVIDIA H200\nGPU UUID: \t GPU-bbb\nBus Location: \t 0000:2a:00.0\nDevice Minor: \t 0\n');
  const emptyDev = tempDir('plateau-gpudev-');
  let found = await discover(withDefaults({ nvidiaSmi: smi, procDir: proc, devDir: emptyDev }), log);
  assert.equal(found.gpus.map((g) => [g.index, g.uuid, g.major, g.minor, g.containerPath, g.memoryMiB]), [
    [0, 'GPU-aaa', 195, 3, '/dev/nvidia3', 143771],
    [1, 'GPU-bbb', 195, 0, '/dev/nvidia0', 143771],
  ]);
  assert.is(found.none, undefined);

  // Without the driver's /proc files: nvidia-smi -q (which knows GPU-aaa only), then the index.
  warnings.length = 0;
  found = await discover(withDefaults({ nvidiaSmi: smi, procDir: tempDir('plateau-gpuproc-'), devDir: emptyDev }), log);
  assert.equal(found.gpus.map((g) => [g.index, g.minor]), [[0, 5], [1, 1]]);
  assert.is(warnings.length, 1, 'one warning for the GPU whose minor is a guess');
});

it('configured GPUs: major and minor read from the nodes; control devices found in devDir; nvidia-uvm from /proc/devices', async () => {
  const dev = fakeDevDir(2);
  const found = await discover(gpuConfig(dev, fakeProcDir()), log);
  assert.equal(found.gpus.map((g) => [g.index, g.major, g.minor, g.containerPath, g.uuid]), [
    [0, 195, 0, '/dev/nvidia0', 'GPU-fake-0'],
    [1, 195, 1, '/dev/nvidia1', 'GPU-fake-1'],
  ]);
  assert.equal(found.control, [
    { containerPath: '/dev/nvidiactl', major: 195, minor: 255 },
    { containerPath: '/dev/nvidia-modeset', major: 195, minor: 254 },
    { containerPath: '/dev/nvidia-uvm', major: 508, minor: 0 },
  ]);
  await rejects(discover(withDefaults({ devices: [{ index: 0, path: path.join(dev, 'missing') }] }), log), ErrorCodes.invalid, /not a character device/);
});

it('Prepare assigns specific free GPUs: devices (GPU + control nodes), NVIDIA_VISIBLE_DEVICES; exhaustion is a BusyError; cleanup frees', async () => {
  const dev = fakeDevDir(2);
  const iso = await isolatorFor(gpuConfig(dev, fakeProcDir()));
  assert.equal(iso.resources(), [{ name: 'gpus', type: 'SCALAR', scalar: 2 }]);

  const a = await iso.prepare({ containerId: { value: 'a' }, config: gpus(1) });
  const li = a.launchInfo!;
  assert.equal(li.devices, [
    { path: '/dev/nvidia0', type: 'c', major: 195, minor: 0, access: 'rwm', fileMode: 0o666, uid: 0, gid: 0 },
    { path: '/dev/nvidiactl', type: 'c', major: 195, minor: 255, access: 'rwm', fileMode: 0o666, uid: 0, gid: 0 },
    { path: '/dev/nvidia-modeset', type: 'c', major: 195, minor: 254, access: 'rwm', fileMode: 0o666, uid: 0, gid: 0 },
    { path: '/dev/nvidia-uvm', type: 'c', major: 508, minor: 0, access: 'rwm', fileMode: 0o666, uid: 0, gid: 0 },
  ]);
  assert.equal(li.environment, [{ name: 'NVIDIA_VISIBLE_DEVICES', value: 'GPU-fake-0' }]);
  assert.equal(li.mounts, [], 'no driver volume configured');

  await rejects(iso.prepare({ containerId: { value: 'b' }, config: gpus(2) }), ErrorCodes.busy, /asks for 2 GPUs; 1 of 2 free/);
  const c = await iso.prepare({ containerId: { value: 'c' }, config: gpus(1) });
  assert.is(c.launchInfo!.devices[0]!.path, '/dev/nvidia1');
  await rejects(iso.prepare({ containerId: { value: 'd' }, config: gpus(1) }), ErrorCodes.busy, /0 of 2 free/);
  await iso.cleanup({ containerId: { value: 'a' } });
  const d = await iso.prepare({ containerId: { value: 'd' }, config: gpus(1) });
  assert.is(d.launchInfo!.devices[0]!.path, '/dev/nvidia0', 'the freed GPU goes to the next container');

  // No GPUs asked: nothing to add (unless controlDevicesForAll).
  assert.equal(await iso.prepare({ containerId: { value: 'none' }, config: {} }), { launchInfo: null });
  const all = await isolatorFor(gpuConfig(dev, fakeProcDir(), { controlDevicesForAll: true }));
  const z = await all.prepare({ containerId: { value: 'z' }, config: gpus(0) });
  assert.equal(z.launchInfo!.devices.map((x) => x.path), ['/dev/nvidiactl', '/dev/nvidia-modeset', '/dev/nvidia-uvm']);
  assert.equal(z.launchInfo!.environment, []);

  await rejects(iso.prepare({ containerId: { value: 'frac' }, config: gpus(0.5) }), ErrorCodes.invalid, /whole number/);
  await rejects(iso.prepare({ containerId: { value: 'd' }, config: gpus(0) }), ErrorCodes.conflict);
  await rejects(iso.prepare({ containerId: { value: 'bad/id' }, config: gpus(0) }), ErrorCodes.invalid);
});

it('driver volume: mounted read-only at /usr/local/nvidia for image containers with GPUs, with LD_LIBRARY_PATH', async () => {
  const dev = fakeDevDir(1);
  const driver = tempDir('plateau-driver-');
  const iso = await isolatorFor(withDefaults({ devices: [{ index: 0, path: path.join(dev, 'nvidia0') }], devDir: dev, procDir: fakeProcDir(), driverVolume: driver }));
  const r = await iso.prepare({ containerId: { value: 'img' }, config: { ...gpus(1), rootfs: '/some/rootfs' } });
  assert.equal(r.launchInfo!.mounts, [{ source: driver, target: '/usr/local/nvidia', type: 'bind', options: ['rbind', 'ro', 'nosuid', 'nodev'] }]);
  assert.equal(r.launchInfo!.environment, [
    { name: 'NVIDIA_VISIBLE_DEVICES', value: '0' },
    { name: 'LD_LIBRARY_PATH', value: '/usr/local/nvidia/lib64:/usr/local/nvidia/lib' },
  ]);
  await iso.cleanup({ containerId: { value: 'img' } });
  const host = await iso.prepare({ containerId: { value: 'noimg' }, config: gpus(1) });
  assert.equal(host.launchInfo!.mounts, [], 'no image: the host\'s own files are already there');
});

it('assignments survive a restart: Recover re-reads them for known containers and releases the others', async () => {
  const dev = fakeDevDir(2);
  const cfg = gpuConfig(dev, fakeProcDir());
  const state = tempDir('plateau-gpustate-');
  const first = await isolatorFor(cfg, state);
  await first.prepare({ containerId: { value: 'keep' }, config: gpus(1) });
  await first.prepare({ containerId: { value: 'gone' }, config: gpus(1) });
  const saved = JSON.parse(fs.readFileSync(path.join(state, 'assignments.json'), 'utf8'));
  assert.equal(saved.containers.keep, [{ index: 0, minor: 0, uuid: 'GPU-fake-0' }]);

  const second = await isolatorFor(cfg, state);
  await second.recover({ states: [{ containerId: { value: 'keep' }, pid: 1 }], orphans: [] });
  assert.equal(second.assigned({ value: 'keep' }).map((g) => g.index), [0]);
  assert.equal(second.free().map((g) => g.index), [1], 'the unknown container\'s GPU is free again');
  await rejects(second.prepare({ containerId: { value: 'x' }, config: gpus(2) }), ErrorCodes.busy);
  await second.cleanup({ containerId: { value: 'keep' } });
  assert.equal(JSON.parse(fs.readFileSync(path.join(state, 'assignments.json'), 'utf8')).containers, {});
});

it('watch ends at cleanup; update keeps the GPU count; usage and status; status without a container id reports the gpus resource (stopgap)', async () => {
  const iso = await isolatorFor(gpuConfig(fakeDevDir(2), fakeProcDir()));
  const id = { value: 'w' };
  await iso.prepare({ containerId: id, config: gpus(1) });
  await iso.isolate({ containerId: id, pid: 10 });
  const next = iso.watch({ containerId: id })[Symbol.asyncIterator]().next();
  await iso.update({ containerId: id, resourceRequests: [{ name: 'gpus', scalar: 1 }, { name: 'cpus', scalar: 2 }] });
  await rejects(iso.update({ containerId: id, resourceRequests: [{ name: 'gpus', scalar: 2 }] }), ErrorCodes.unsupported);
  assert.equal(Object.keys(await iso.usage({ containerId: id })), ['timestamp', 'diskStatistics']);
  assert.equal(await iso.status({ containerId: id }), { networkInfos: [], executorPid: 0 });
  assert.equal(await iso.status({}), {
    networkInfos: [{ name: RESOURCES_STATUS_NAME, ipAddresses: [{ protocol: 'gpus', ipAddress: '2' }] }],
    executorPid: 0,
  });
  await iso.cleanup({ containerId: id });
  assert.equal(await next, { value: undefined, done: true });
  await iso.cleanup({ containerId: { value: 'unknown' } });
  await rejects(iso.usage({ containerId: id }), ErrorCodes.notFound);
});

test.run();
