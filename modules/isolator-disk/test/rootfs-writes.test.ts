// A container's writes to an overlayfs rootfs count against its disk: on a real overlay mount
// (image below, upper dir above, as provisioner-oci mounts one), bytes written through the mount
// are a limitation; the image's own bytes are not counted. The mount table parsing on its own, too.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Limitation } from '@plateau/kernel';
import { nextWithin, scalar, testLog } from '@plateau/testkit/cgroups';
import { testUnless } from '@plateau/testkit/skip';
import { withDefaults, type DiskConfig } from '../src/config';
import { DiskIsolator } from '../src/isolator';
import { mountAt } from '../src/overlay';

const MiB = 1024 * 1024;

const MOUNTINFO = [
  '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw',
  '90 22 0:50 / /var/lib/plateau/c1/rootfs rw,relatime shared:40 - overlay overlay rw,lowerdir=/var/lib/plateau/images/abc,upperdir=/var/lib/plateau/c1/upper,workdir=/var/lib/plateau/c1/work',
  // Escaped: a space in the mount point, a comma in the upper dir.
  '91 22 0:51 / /tmp/with\\040space/rootfs rw - overlay overlay rw,lowerdir=/img,upperdir=/tmp/a\\054b/upper,workdir=/tmp/a\\054b/work',
  '92 22 0:52 / /ro/rootfs ro - overlay overlay ro,lowerdir=/img1:/img2',
  '93 22 0:53 / /copy/rootfs rw - tmpfs tmpfs rw',
  // Mounted twice: the later mount hides the earlier one.
  '94 22 0:54 / /twice rw - overlay overlay rw,lowerdir=/l,upperdir=/first,workdir=/w1',
  '95 94 0:55 / /twice rw - overlay overlay rw,lowerdir=/l,upperdir=/second,workdir=/w2',
].join('\n');

test('the mount table: the upper dir of the overlayfs at a path, escapes undone; other mounts say what they are', () => {
  assert.equal(mountAt(MOUNTINFO, '/var/lib/plateau/c1/rootfs'), { kind: 'overlay', upperDir: '/var/lib/plateau/c1/upper' });
  assert.equal(mountAt(MOUNTINFO, '/tmp/with space/rootfs'), { kind: 'overlay', upperDir: '/tmp/a,b/upper' });
  assert.equal(mountAt(MOUNTINFO, '/ro/rootfs'), { kind: 'overlay-readonly' });
  assert.equal(mountAt(MOUNTINFO, '/copy/rootfs'), { kind: 'other', fsType: 'tmpfs' });
  assert.equal(mountAt(MOUNTINFO, '/twice'), { kind: 'overlay', upperDir: '/second' });
  assert.equal(mountAt(MOUNTINFO, '/not/mounted'), { kind: 'none' });
});

/** Why a real overlay mount cannot be made here, or undefined. */
function overlaySkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root to mount an overlayfs';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-disk-ovl-probe-'));
  try {
    for (const d of ['l', 'u', 'w', 'm']) fs.mkdirSync(path.join(dir, d));
    execFileSync('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${dir}/l,upperdir=${dir}/u,workdir=${dir}/w`, `${dir}/m`], { stdio: 'pipe' });
    execFileSync('umount', [`${dir}/m`]);
    return undefined;
  } catch (err) {
    return `overlayfs cannot be mounted here: ${String((err as { stderr?: Buffer }).stderr ?? err).trim()}`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const real = testUnless(overlaySkipReason);

/** An overlay rootfs over a 6 MB "image", as provisioner-oci's overlay backend makes one. */
function overlayRootfs(): { dir: string; rootfs: string; upper: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-disk-ovl-'));
  const [image, upper, work, rootfs] = ['image', 'upper', 'work', 'rootfs'].map((d) => path.join(dir, d)) as [string, string, string, string];
  for (const d of [image, upper, work, rootfs, path.join(dir, 'sandbox')]) fs.mkdirSync(d);
  fs.mkdirSync(path.join(image, 'tmp'));
  fs.writeFileSync(path.join(image, 'big-image-file'), Buffer.alloc(6 * MiB, 1));
  execFileSync('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${image},upperdir=${upper},workdir=${work}`, rootfs]);
  return {
    dir,
    rootfs,
    upper,
    cleanup() {
      try {
        execFileSync('umount', [rootfs], { stdio: 'ignore' });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

const isolator = (extra: Partial<DiskConfig> = {}) => new DiskIsolator(withDefaults({ pollMs: 50, ...extra }), testLog());
const prep = (value: string, dir: string, rootfs: string, diskMb: number) => ({
  containerId: { value },
  config: { containerId: { value }, directory: path.join(dir, 'sandbox'), rootfs, resources: [scalar('disk', diskMb)] },
});

real('writes through an overlay rootfs land in its upper dir and count: past the quota, REASON_CONTAINER_LIMITATION_DISK', async () => {
  const o = overlayRootfs();
  const iso = isolator();
  let watch: AsyncIterator<Limitation> | undefined;
  try {
    // 8 MB of quota: the 6 MB image does not count, so nothing is over it yet.
    await iso.prepare(prep('rootfs-hog', o.dir, o.rootfs, 8));
    watch = iso.watch({ containerId: { value: 'rootfs-hog' } })[Symbol.asyncIterator]();
    const before = await iso.usage({ containerId: { value: 'rootfs-hog' } });
    assert.ok(Number(before.diskUsedBytes) < 1 * MiB, `the image is not counted: ${before.diskUsedBytes} bytes`);
    // 12 MB written into the rootfs's /tmp, as a task would.
    fs.writeFileSync(path.join(o.rootfs, 'tmp', 'fill'), Buffer.alloc(12 * MiB, 2));
    execFileSync('sync');
    assert.ok(fs.existsSync(path.join(o.upper, 'tmp', 'fill')), 'the write landed in the upper dir');
    const r = await nextWithin(watch, 15_000, 'a disk limitation after writing 12 MB into the rootfs with 8 MB of disk');
    const l = r.value as Limitation;
    assert.is(l.reason, 'REASON_CONTAINER_LIMITATION_DISK');
    assert.match(l.message, /exceeds quota \(8 MB\)/);
    assert.ok(l.resources[0]!.scalar >= 12, `disk in use ${l.resources[0]!.scalar} MB`);
  } finally {
    await watch?.return?.();
    await iso.cleanup({ containerId: { value: 'rootfs-hog' } });
    o.cleanup();
  }
});

real('countRootfsWrites: false leaves the rootfs out; countRootfs counts it whole, image included', async () => {
  const o = overlayRootfs();
  const off = isolator({ countRootfsWrites: false });
  const whole = isolator({ countRootfs: true });
  try {
    fs.writeFileSync(path.join(o.rootfs, 'tmp', 'some'), Buffer.alloc(2 * MiB, 2));
    await off.prepare(prep('off', o.dir, o.rootfs, 100));
    await whole.prepare(prep('whole', o.dir, o.rootfs, 100));
    const a = Number((await off.usage({ containerId: { value: 'off' } })).diskUsedBytes);
    const b = Number((await whole.usage({ containerId: { value: 'whole' } })).diskUsedBytes);
    assert.ok(a < 1 * MiB, `not counted: ${a} bytes`);
    assert.ok(b >= 8 * MiB, `image and writes counted: ${b} bytes`);
  } finally {
    await off.cleanup({ containerId: { value: 'off' } });
    await whole.cleanup({ containerId: { value: 'whole' } });
    o.cleanup();
  }
});

test.run();
