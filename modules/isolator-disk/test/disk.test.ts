// The disk isolator on real directories: real processes writing into a sandbox, real usage
// compared with du(1), over-quota limitations within a bounded wait, and none under quota.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Limitation } from '@plateau/kernel';
import {
  nextWithin,
  rejectsCode,
  scalar,
  start,
  testLog,
  waitFor,
} from '@plateau/testkit/cgroups';
import { withDefaults, type DiskConfig } from '../src/config';
import { diskUsage } from '../src/du';
import { DiskIsolator, quotaOf } from '../src/isolator';

const MiB = 1024 * 1024;

function sandbox(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-disk-test-'));
}

function isolator(extra: Partial<DiskConfig> = {}): DiskIsolator {
  return new DiskIsolator(withDefaults({ pollMs: 50, ...extra }), testLog());
}

const cid = (value: string) => ({ containerId: { value } });
const prep = (value: string, directory: string, diskMb: number, extra: Record<string, unknown> = {}) => ({
  containerId: { value },
  config: { containerId: { value }, directory, resources: [scalar('cpus', 1), scalar('mem', 64), scalar('disk', diskMb)], ...extra },
});

/** Bytes `du` reports for `dir` (allocated blocks, hard links once, one filesystem). */
function du(dir: string): number {
  return Number(execFileSync('du', ['-s', '-x', '-B1', dir], { encoding: 'utf8' }).split(/\s+/)[0]);
}

test('a process writing past the quota in its sandbox gets REASON_CONTAINER_LIMITATION_DISK', async () => {
  const dir = sandbox();
  const iso = isolator();
  // Writes 20 MB of real blocks into a 10 MB sandbox, then stays, as a task would.
  const writer = start('sh', ['-c', `head -c ${20 * MiB} /dev/zero > ${dir}/big; sync; sleep 100`]);
  let watch: AsyncIterator<Limitation> | undefined;
  try {
    await iso.prepare(prep('hog', dir, 10));
    watch = iso.watch(cid('hog'))[Symbol.asyncIterator]();
    await iso.isolate({ ...cid('hog'), pid: writer.pid });
    const r = await nextWithin(watch, 15_000, 'a disk limitation after writing 20 MB into a 10 MB sandbox');
    assert.not.ok(r.done, 'watch yielded a limitation');
    const l = r.value as Limitation;
    assert.is(l.reason, 'REASON_CONTAINER_LIMITATION_DISK');
    assert.match(l.message, /exceeds quota \(10 MB\)/);
    assert.is(l.resources[0]?.name, 'disk');
    assert.ok(l.resources[0]!.scalar > 10, `disk in use ${l.resources[0]!.scalar} MB`);
    const u = await iso.usage(cid('hog'));
    assert.is(u.diskLimitBytes, String(10 * MiB));
    assert.ok(Number(u.diskUsedBytes) > 10 * MiB, `disk_used_bytes ${u.diskUsedBytes}`);
    // The agent would now kill the container; a late watch still learns why.
    const late = iso.watch(cid('hog'))[Symbol.asyncIterator]();
    try {
      assert.is((await nextWithin(late, 5000, 'the limitation on a late watch')).value?.reason, 'REASON_CONTAINER_LIMITATION_DISK');
    } finally {
      await late.return?.();
    }
  } finally {
    await watch?.return?.();
    await writer.kill();
    await iso.cleanup(cid('hog'));
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('under the quota: usage is measured and there is no limitation', async () => {
  const dir = sandbox();
  const iso = isolator();
  const writer = start('sh', ['-c', `head -c ${2 * MiB} /dev/zero > ${dir}/small; sync; sleep 100`]);
  let limited: Limitation | undefined;
  let watch: AsyncIterator<Limitation> | undefined;
  try {
    await iso.prepare(prep('ok', dir, 10));
    watch = iso.watch(cid('ok'))[Symbol.asyncIterator]();
    void watch.next().then((r) => {
      if (!r.done) limited = r.value;
    });
    await iso.isolate({ ...cid('ok'), pid: writer.pid });
    // A measurement that saw the file also checked it against the quota.
    const u = await waitFor(async () => {
      const s = await iso.usage(cid('ok'));
      return Number(s.diskUsedBytes) >= 2 * MiB ? s : undefined;
    }, 'a measurement that sees the 2 MB file');
    await new Promise((r) => setImmediate(r));
    assert.is(limited, undefined, `no limitation under quota (got ${JSON.stringify(limited)})`);
    assert.is(u.diskLimitBytes, String(10 * MiB));
    assert.ok(Number(u.diskUsedBytes) < 10 * MiB);
  } finally {
    await watch?.return?.();
    await writer.kill();
    await iso.cleanup(cid('ok'));
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('usage figures are real: the same bytes as du, hard links once, symlinks not followed', async () => {
  const dir = sandbox();
  const outside = sandbox();
  const iso = isolator();
  try {
    fs.mkdirSync(path.join(dir, 'a/b/c'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'a/one'), Buffer.alloc(300 * 1024, 1));
    fs.writeFileSync(path.join(dir, 'a/b/c/two'), Buffer.alloc(70 * 1024, 2));
    fs.linkSync(path.join(dir, 'a/one'), path.join(dir, 'a/b/hardlink'));
    fs.writeFileSync(path.join(outside, 'huge'), Buffer.alloc(4 * MiB, 3));
    fs.symlinkSync(outside, path.join(dir, 'link-out'));
    const expected = du(dir);
    assert.is(await diskUsage(dir, { oneFileSystem: true }), expected, 'diskUsage = du -s -x -B1');
    await iso.prepare(prep('real', dir, 100));
    const u = await iso.usage(cid('real'));
    assert.is(u.diskUsedBytes, String(expected));
    assert.ok(expected < 4 * MiB, 'the symlinked 4 MB were not counted');
    // A file that grows shows up at the next measurement.
    fs.writeFileSync(path.join(dir, 'grown'), Buffer.alloc(MiB, 4));
    const after = du(dir);
    await waitFor(async () => (await iso.usage(cid('real'))).diskUsedBytes === String(after), `usage to reach du's ${after}`);
  } finally {
    await iso.cleanup(cid('real'));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  }
});

test('enforce: false measures without limiting; graceFactor tolerates usage above the quota', async () => {
  const dir = sandbox();
  try {
    fs.writeFileSync(path.join(dir, 'f'), Buffer.alloc(3 * MiB, 1));
    for (const [cfg, tag] of [
      [{ enforce: false }, 'noenforce'],
      [{ graceFactor: 2 }, 'grace'],
    ] as const) {
      const iso = isolator(cfg);
      let limited: Limitation | undefined;
      try {
        await iso.prepare(prep(tag, dir, 2));
        const it = iso.watch(cid(tag))[Symbol.asyncIterator]();
        void it.next().then((r) => {
          if (!r.done) limited = r.value;
        });
        const u = await waitFor(async () => {
          const s = await iso.usage(cid(tag));
          return Number(s.diskUsedBytes) >= 3 * MiB ? s : undefined;
        }, 'a measurement of the 3 MB file');
        await new Promise((r) => setImmediate(r));
        assert.is(limited, undefined, `${tag}: no limitation at 3 MB of 2 MB (got ${JSON.stringify(limited)})`);
        assert.is(u.diskLimitBytes, String(2 * MiB));
        await it.return?.();
      } finally {
        await iso.cleanup(cid(tag));
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('countRootfs adds the container rootfs to what is measured', async () => {
  const dir = sandbox();
  const rootfs = sandbox();
  try {
    fs.writeFileSync(path.join(rootfs, 'layer'), Buffer.alloc(2 * MiB, 1));
    const plain = isolator();
    const counting = isolator({ countRootfs: true });
    await plain.prepare(prep('p', dir, 100, { rootfs }));
    await counting.prepare(prep('c', dir, 100, { rootfs }));
    const a = Number((await plain.usage(cid('p'))).diskUsedBytes);
    const b = Number((await counting.usage(cid('c'))).diskUsedBytes);
    assert.is(b - a, du(rootfs), 'the rootfs bytes');
    await plain.cleanup(cid('p'));
    await counting.cleanup(cid('c'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(rootfs, { recursive: true, force: true });
  }
});

test('quota: disk resources add up; persistent volumes and mount disks are not the sandbox', () => {
  assert.is(quotaOf([scalar('disk', 10), scalar('disk', 5), scalar('mem', 64)]), 15 * MiB);
  assert.is(quotaOf([scalar('cpus', 1)]), undefined);
  assert.is(quotaOf([scalar('disk', 0)]), undefined);
  const volume = { ...scalar('disk', 500), resourceJson: JSON.stringify({ name: 'disk', type: 'SCALAR', scalar: { value: 500 }, disk: { persistence: { id: 'v1' }, volume: { mode: 'RW', container_path: 'data' } } }) };
  const mount = { ...scalar('disk', 900), resourceJson: JSON.stringify({ name: 'disk', type: 'SCALAR', scalar: { value: 900 }, disk: { source: { type: 'MOUNT', mount: { root: '/mnt/d1' } } } }) };
  assert.is(quotaOf([scalar('disk', 10), volume, mount]), 10 * MiB);
});

test('update changes the quota: lowering it under current usage is a limitation', async () => {
  const dir = sandbox();
  const iso = isolator();
  try {
    fs.writeFileSync(path.join(dir, 'f'), Buffer.alloc(3 * MiB, 1));
    await iso.prepare(prep('upd', dir, 10));
    const watch = iso.watch(cid('upd'))[Symbol.asyncIterator]();
    try {
      await waitFor(async () => Number((await iso.usage(cid('upd'))).diskUsedBytes) >= 3 * MiB, 'a measurement of the 3 MB file');
      await iso.update({ ...cid('upd'), resourceRequests: [scalar('disk', 1)] });
      const r = await nextWithin(watch, 5000, 'a limitation after lowering the quota');
      assert.is(r.value?.reason, 'REASON_CONTAINER_LIMITATION_DISK');
      assert.is((await iso.usage(cid('upd'))).diskLimitBytes, String(1 * MiB));
    } finally {
      await watch.return?.();
    }
  } finally {
    await iso.cleanup(cid('upd'));
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('ids and lifecycle: invalid, conflict, not found; cleanup ends watches and is idempotent', async () => {
  const dir = sandbox();
  const iso = isolator();
  const p = start('sleep', ['100']);
  try {
    await rejectsCode('PLT_ERR_INVALID', () => iso.prepare(prep('../x', dir, 1)), 'prepare ../x');
    await rejectsCode('PLT_ERR_INVALID', () => iso.prepare(prep('rel', 'relative/dir', 1)), 'relative sandbox');
    const res = await iso.prepare(prep('life', dir, 10));
    assert.is(res.launchInfo, null, 'the disk isolator adds nothing to the LaunchInfo');
    await rejectsCode('PLT_ERR_CONFLICT', () => iso.prepare(prep('life', dir, 10)), 'prepare twice');
    await iso.isolate({ ...cid('life'), pid: p.pid });
    assert.equal(await iso.status(cid('life')), { networkInfos: [], executorPid: p.pid });
    const watch = iso.watch(cid('life'))[Symbol.asyncIterator]();
    const ended = watch.next();
    await iso.cleanup(cid('life'));
    assert.ok((await ended).done, 'watch ended at cleanup');
    await iso.cleanup(cid('life'));
    await rejectsCode('PLT_ERR_NOT_FOUND', () => iso.usage(cid('life')), 'usage after cleanup');
    assert.ok(p.child.exitCode === null && p.child.signalCode === null, 'the disk isolator kills nothing itself');
  } finally {
    await p.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('recover: a new instance measures the checkpointed containers again', async () => {
  const dir = sandbox();
  try {
    fs.writeFileSync(path.join(dir, 'f'), Buffer.alloc(MiB, 1));
    const iso = isolator();
    const p = prep('rec', dir, 10);
    await iso.recover({ states: [{ containerId: p.containerId, pid: 42, config: p.config }], orphans: [{ value: 'orph' }] });
    const u = await iso.usage(cid('rec'));
    assert.is(u.diskUsedBytes, String(du(dir)));
    assert.is(u.diskLimitBytes, String(10 * MiB));
    assert.equal(await iso.status(cid('rec')), { networkInfos: [], executorPid: 42 });
    await iso.cleanup(cid('orph'));
    await iso.cleanup(cid('rec'));
    iso.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
