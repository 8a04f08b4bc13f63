// Persistent volumes under the disk isolator, on real directories written by real processes: each
// volume is measured apart from the sandbox against its own size (Mesos disk/du with
// --enforce_container_disk_quota), reported in disk_statistics, and never counts in the sandbox.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Limitation } from '@plateau/kernel';
import { nextWithin, rejectsCode, scalar, start, testLog, waitFor } from '@plateau/testkit/cgroups';
import { withDefaults } from '../src/config';
import { DiskIsolator } from '../src/isolator';

const MiB = 1024 * 1024;

const cid = (value: string) => ({ containerId: { value } });

/** A sandbox and a volume directory side by side, as the agent lays them out. */
function dirs(): { root: string; sandbox: string; volume: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-disk-volume-test-'));
  const sandbox = path.join(root, 'sandbox');
  const volume = path.join(root, 'volumes', 'roles', 'web', 'vol-1');
  fs.mkdirSync(sandbox, { recursive: true });
  fs.mkdirSync(volume, { recursive: true });
  return { root, sandbox, volume };
}

const prep = (value: string, sandbox: string, volume: string, sizeMb: number, readOnly = false) => ({
  containerId: { value },
  config: {
    containerId: { value },
    directory: sandbox,
    resources: [scalar('cpus', 1), scalar('disk', 10)],
    volumes: [{ persistenceId: 'vol-1', role: 'web', hostPath: volume, containerPath: '/mnt/mesos/sandbox/data', sizeMb, readOnly }],
  },
});

test('writing past a volume\'s size is REASON_CONTAINER_LIMITATION_DISK naming the volume, its size and its usage', async () => {
  const { root, sandbox, volume } = dirs();
  const iso = new DiskIsolator(withDefaults({ pollMs: 50 }), testLog());
  // 8 MB in a 4 MB volume: within the sandbox's 10 MB, so only the volume's size is exceeded.
  // Written whole before the container is watched, so that every measurement sees all 8 MB.
  fs.writeFileSync(path.join(volume, 'big'), Buffer.alloc(8 * MiB, 1));
  const writer = start('sh', ['-c', 'sleep 100']);
  let watch: AsyncIterator<Limitation> | undefined;
  try {
    await iso.prepare(prep('vol-hog', sandbox, volume, 4));
    watch = iso.watch(cid('vol-hog'))[Symbol.asyncIterator]();
    await iso.isolate({ ...cid('vol-hog'), pid: writer.pid });
    const r = await nextWithin(watch, 15_000, 'a disk limitation after writing 8 MB into a 4 MB volume');
    assert.not.ok(r.done);
    const l = r.value as Limitation;
    assert.is(l.reason, 'REASON_CONTAINER_LIMITATION_DISK');
    assert.match(l.message, /persistent volume 'vol-1' exceeds its size \(4 MB\)/);
    assert.match(l.message, /^Disk usage \(8(\.\d)? MB\)/);
    assert.ok(l.resources[0]!.scalar >= 8, `volume usage in the limitation: ${l.resources[0]!.scalar} MB`);
    const u = await iso.usage(cid('vol-hog'));
    assert.ok(Number(u.diskUsedBytes) < MiB, `the volume's data does not count in the sandbox (${u.diskUsedBytes})`);
    assert.is(u.diskStatistics.length, 1);
    assert.is(u.diskStatistics[0]!.persistenceId, 'vol-1');
    assert.is(u.diskStatistics[0]!.limitBytes, String(4 * MiB));
    assert.ok(Number(u.diskStatistics[0]!.usedBytes) >= 8 * MiB, `volume used bytes ${u.diskStatistics[0]!.usedBytes}`);
  } finally {
    await watch?.return?.();
    await writer.kill();
    await iso.cleanup(cid('vol-hog'));
    iso.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('within its size a volume is measured and reported, no limitation; a read-only volume is never one', async () => {
  const { root, sandbox, volume } = dirs();
  const iso = new DiskIsolator(withDefaults({ pollMs: 50 }), testLog());
  fs.writeFileSync(path.join(volume, 'data'), Buffer.alloc(2 * MiB, 1));
  const limited: Limitation[] = [];
  const watches: AsyncIterator<Limitation>[] = [];
  try {
    // 2 MB in a 4 MB volume; and the same 2 MB seen by a container that mounts it read-only at 1 MB.
    await iso.prepare(prep('within', sandbox, volume, 4));
    await iso.prepare(prep('reader', sandbox, volume, 1, true));
    for (const id of ['within', 'reader']) {
      const w = iso.watch(cid(id))[Symbol.asyncIterator]();
      watches.push(w);
      void w.next().then((r) => {
        if (!r.done) limited.push(r.value);
      });
    }
    for (const id of ['within', 'reader']) {
      await waitFor(async () => {
        const s = await iso.usage(cid(id));
        return Number(s.diskStatistics[0]?.usedBytes ?? 0) >= 2 * MiB ? s : undefined;
      }, `a measurement of container '${id}' that sees the volume's 2 MB`);
    }
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(limited, [], `no limitation (got ${JSON.stringify(limited)})`);
  } finally {
    for (const w of watches) await w.return?.();
    await iso.cleanup(cid('within'));
    await iso.cleanup(cid('reader'));
    iso.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('recover measures the checkpointed containers\' volumes again', async () => {
  const { root, sandbox, volume } = dirs();
  const iso = new DiskIsolator(withDefaults({ pollMs: 50 }), testLog());
  try {
    fs.writeFileSync(path.join(volume, 'data'), Buffer.alloc(6 * MiB, 1));
    const p = prep('rec', sandbox, volume, 4);
    await iso.recover({ states: [{ containerId: p.containerId, pid: 7, config: p.config }], orphans: [] });
    const w = iso.watch(cid('rec'))[Symbol.asyncIterator]();
    try {
      const r = await nextWithin(w, 10_000, 'the recovered container\'s volume over its size');
      assert.match((r.value as Limitation).message, /persistent volume 'vol-1'/);
    } finally {
      await w.return?.();
    }
  } finally {
    await iso.cleanup(cid('rec'));
    iso.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a volume without an absolute host path or with a bad size is refused naming it', async () => {
  const { root, sandbox } = dirs();
  const iso = new DiskIsolator(withDefaults({ pollMs: 50 }), testLog());
  try {
    const rel = await rejectsCode('PLT_ERR_INVALID', () => iso.prepare(prep('rel', sandbox, 'volumes/vol-1', 4)), 'a relative host path');
    assert.match(rel.message, /persistent volume 'vol-1': host path must be an absolute host path/);
    const neg = await rejectsCode('PLT_ERR_INVALID', () => iso.prepare(prep('neg', sandbox, '/tmp/x', -1)), 'a negative size');
    assert.match(neg.message, /persistent volume 'vol-1' has an invalid size -1/);
  } finally {
    iso.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test.run();
