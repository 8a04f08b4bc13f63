// What userNamespace costs at launch: `node lib/test/launch-cost.js [N]` (default 30 per mode).
// Each launch is what the agent does for a busybox image: an overlay rootfs over the shared image
// tree (as provisioner-oci mounts it), a fresh sandbox, isolator-linux's Prepare, then `runc run`
// of /bin/true to its exit, then teardown. Modes off and auto alternate, so both see the same
// machine state; the table gives Prepare alone and the whole launch, median and mean, and the
// auto/off ratio.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Logger } from '@plateau/kernel';
import { LinuxIsolator, withDefaults } from '../src/index';
import { containerSkipReason, makeRootfs, newContainerId, runContainer, tempDir } from './runc';
import { printSkip } from '@plateau/testkit/skip';

const log = { debug() {}, info() {}, warn() {}, error() {}, child() { return log; } } as unknown as Logger;
const N = Number(process.argv[2] ?? 30);

async function once(mode: 'off' | 'auto', image: string, work: string): Promise<{ prepare: number; total: number }> {
  const id = newContainerId('cost');
  const dir = path.join(work, id);
  const [upper, wk, rootfs, sandbox] = ['upper', 'work', 'rootfs', 'sandbox'].map((d) => path.join(dir, d)) as [string, string, string, string];
  const t0 = performance.now();
  for (const d of [upper, wk, rootfs, sandbox]) fs.mkdirSync(d, { recursive: true, mode: 0o755 });
  execFileSync('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${image},upperdir=${upper},workdir=${wk}`, rootfs]);
  try {
    for (const f of ['stdout', 'stderr']) fs.writeFileSync(path.join(sandbox, f), '');
    const iso = new LinuxIsolator(withDefaults({ userNamespace: mode }), log);
    const p0 = performance.now();
    const { launchInfo } = await iso.prepare({ containerId: { value: id }, config: { directory: sandbox, rootfs } });
    const prepare = performance.now() - p0;
    if (mode === 'auto' && !launchInfo!.uidMappings.length) throw new Error('auto gave no user namespace here: the measurement would be of off twice');
    const r = await runContainer(id, { ...launchInfo!, rootfs }, ['true'], { sandbox });
    if (r.code !== 0) throw new Error(`container failed (${mode}): ${r.stderr}`);
    return { prepare, total: performance.now() - t0 };
  } finally {
    execFileSync('umount', [rootfs]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function main(): Promise<void> {
  const skip = containerSkipReason();
  if (skip) {
    printSkip('launch cost', skip);
    return;
  }
  const image = makeRootfs();
  const work = tempDir('plateau-userns-cost-');
  const got = { off: { prepare: [] as number[], total: [] as number[] }, auto: { prepare: [] as number[], total: [] as number[] } };
  await once('off', image, work); // warm-up, not counted
  await once('auto', image, work);
  for (let i = 0; i < N; i++) {
    for (const mode of i % 2 ? (['auto', 'off'] as const) : (['off', 'auto'] as const)) {
      const r = await once(mode, image, work);
      got[mode].prepare.push(r.prepare);
      got[mode].total.push(r.total);
    }
  }
  const f = (x: number) => x.toFixed(2).padStart(8);
  console.log(`${N} launches per mode, busybox overlay rootfs, runc ${execFileSync('runc', ['--version'], { encoding: 'utf8' }).split('\n')[0]}, kernel ${fs.readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim()}`);
  console.log('                      off (ms)  auto (ms)  auto/off');
  for (const [what, key] of [['Prepare median', 'prepare'], ['Prepare mean  ', 'prepare'], ['launch median ', 'total'], ['launch mean   ', 'total']] as const) {
    const stat = what.includes('median') ? median : mean;
    const a = stat(got.off[key]);
    const b = stat(got.auto[key]);
    console.log(`${what}      ${f(a)}   ${f(b)}   ${(b / a).toFixed(2)}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
