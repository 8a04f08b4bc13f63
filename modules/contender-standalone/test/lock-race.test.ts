// Leader election among real processes racing for one lock directory: a fresh lock, a lock left by
// a dead process, and an unparseable (empty) lock file; exactly one contender may ever lead.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const FIXTURE = join(__dirname, 'fixtures', 'contend.js');
const N = 8;

interface Event {
  elected: boolean;
  pid: number;
  reason: string;
}

interface Contender {
  id: string;
  child: ChildProcess;
  ready: boolean;
  events: Event[];
  stderr: string;
}

/** Process groups started and not yet killed: killed at exit too, and told to test/run.js. */
const groups = new Set<number>();
process.on('exit', () => {
  for (const pgid of groups) killGroup(pgid);
});

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    /* already gone */
  }
  groups.delete(pgid);
  if (process.env.PLATEAU_TEST_PGID_FILE) appendFileSync(process.env.PLATEAU_TEST_PGID_FILE, `-${pgid}\n`);
}

function startContender(dir: string, id: string, pollMs: number, goFile: string): Contender {
  const child = spawn(process.execPath, [FIXTURE, dir, id, String(pollMs), goFile], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const c: Contender = { id, child, ready: false, events: [], stderr: '' };
  if (child.pid) {
    groups.add(child.pid);
    if (process.env.PLATEAU_TEST_PGID_FILE) appendFileSync(process.env.PLATEAU_TEST_PGID_FILE, `+${child.pid}\n`);
  }
  let buf = '';
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line === 'ready') c.ready = true;
      else if (line.startsWith('{')) c.events.push(JSON.parse(line) as Event);
    }
  });
  child.stderr!.on('data', (d: Buffer) => {
    c.stderr += d.toString();
  });
  return c;
}

async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(10);
  }
}

/**
 * Starts N contenders on `dir`, lets them go at once, and calls `check` with them; kills them and
 * removes the directory afterwards, also when `check` throws.
 */
async function race(dir: string, pollMs: number, check: (cs: Contender[]) => Promise<void>, beforeGo?: () => void): Promise<void> {
  const goFile = join(dir, '..', 'go');
  const cs: Contender[] = [];
  try {
    for (let i = 0; i < N; i++) cs.push(startContender(dir, `master-${i}`, pollMs, goFile));
    await until(() => cs.every((c) => c.ready), 20_000, 'every contender to start');
    beforeGo?.();
    writeFileSync(goFile, '');
    await until(() => cs.every((c) => c.events.length > 0), 20_000, 'every contender to report');
    await check(cs);
  } catch (err) {
    const out = cs.map((c) => `${c.id} (pid ${c.child.pid}): ${JSON.stringify(c.events)}\n${c.stderr}`).join('\n');
    throw new Error(`${(err as Error).message}\n${out}`);
  } finally {
    for (const c of cs) if (c.child.pid) killGroup(c.child.pid);
  }
}

/** Those that ever said they lead. */
const everLed = (cs: Contender[]) => cs.filter((c) => c.events.some((e) => e.elected));

/** Waits for a leader, then a few polls more, and asserts that exactly one contender ever led and holds the lock. */
async function assertSoleLeader(cs: Contender[], dir: string, pollMs: number, ms = 10_000): Promise<void> {
  await until(() => everLed(cs).length > 0, ms, 'a leader');
  await sleep(4 * pollMs);
  const led = everLed(cs);
  assert.equal(led.map((c) => c.id).length, 1, `exactly one contender ever led: ${led.map((c) => c.id).join(', ')}`);
  assert.ok(led[0]!.events.at(-1)!.elected, 'the leader still leads');
  const lock = JSON.parse(readFileSync(join(dir, 'leader.lock'), 'utf8')) as { pid: number; masterId: string; startTime?: string };
  assert.is(lock.masterId, led[0]!.id, 'the lock names the leader');
  assert.is(lock.pid, led[0]!.child.pid, 'the lock names the leader process');
  assert.ok(lock.startTime, 'the lock records the start time of its process');
}

/** A fresh parent temp dir with the lock directory inside (the go file lives beside it). */
async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const parent = mkdtempSync(join(tmpdir(), 'plateau-standalone-race-'));
  try {
    await fn(join(parent, 'lock'));
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}

/** A pid that no process has now (a process that has exited). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

/** Waits (a little) until the directory holds only the lock and leader.json; returns what else is there. */
async function leftovers(dir: string): Promise<string[]> {
  const others = () => readdirSync(dir).filter((n) => n !== 'leader.lock' && n !== 'leader.json');
  await until(() => others().length === 0, 2000, 'no temp or claim files').catch(() => undefined);
  return others();
}

test(`${N} contenders racing for a fresh lock: exactly one leads`, async () => {
  for (let round = 0; round < 3; round++) {
    await withDir(async (dir) => {
      await race(dir, 100, async (cs) => {
        await assertSoleLeader(cs, dir, 100);
        assert.equal(await leftovers(dir), [], 'no temp files are left');
      });
    });
  }
});

test(`a lock held by a dead process, raced by ${N} contenders: exactly one takes it over`, async () => {
  for (let round = 0; round < 4; round++) {
    await withDir(async (dir) => {
      mkdirSync(dir, { recursive: true });
      const pid = deadPid();
      // A start time no live process has, so the lock is stale even if the pid was reused meanwhile.
      writeFileSync(join(dir, 'leader.lock'), JSON.stringify({ pid, startTime: '1', masterId: 'gone', info: { id: 'gone' }, since: 0 }));
      await race(dir, 100, async (cs) => {
        await assertSoleLeader(cs, dir, 100);
        assert.equal(await leftovers(dir), [], 'no claim or temp files are left');
      });
    });
  }
});

test('an empty lock file younger than the grace period is left alone; after it, exactly one contender takes it', async () => {
  const pollMs = 1000; // grace period: 2 s
  await withDir(async (dir) => {
    mkdirSync(dir, { recursive: true });
    const lockFile = join(dir, 'leader.lock');
    let ino = 0;
    let since = 0;
    const writeEmptyLock = () => {
      // Written just before the contenders go, so that its age is known when they first look.
      writeFileSync(lockFile, '');
      ({ ino, mtimeMs: since } = statSync(lockFile));
    };
    await race(
      dir,
      pollMs,
      async (cs) => {
        await sleep(Math.max(0, since + 1200 - Date.now()));
        assert.equal(everLed(cs).map((c) => c.id), [], 'nobody leads while the empty lock is younger than the grace period');
        assert.is(statSync(lockFile).ino, ino, 'the empty lock file is still in place');
        assert.is(readFileSync(lockFile, 'utf8'), '', 'and untouched');
        await assertSoleLeader(cs, dir, pollMs, 10_000);
        assert.ok(Date.now() - since >= 2 * pollMs, 'taken only after the grace period');
      },
      writeEmptyLock,
    );
  });
});

test(`an empty lock file older than the grace period, raced by ${N} contenders: exactly one takes it`, async () => {
  for (let round = 0; round < 3; round++) {
    await withDir(async (dir) => {
      mkdirSync(dir, { recursive: true });
      const lockFile = join(dir, 'leader.lock');
      writeFileSync(lockFile, '');
      const old = new Date(Date.now() - 60_000);
      utimesSync(lockFile, old, old);
      await race(dir, 100, async (cs) => {
        await assertSoleLeader(cs, dir, 100);
        assert.equal(await leftovers(dir), [], 'no claim or temp files are left');
      });
    });
  }
});

test.run();
