import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InvalidError, pushStream, writeFileAtomic, type ContenderMasterInfo as MasterInfo, type Logger } from '@plateau/kernel';
import type { StandaloneConfig } from './config';
import { FileRegistry } from './file-registry';

interface LockRecord {
  pid: number;
  /** The holder's start time (see processStartTime), so that a reused pid is not taken for it. */
  startTime?: string;
  masterId: string;
  info: MasterInfo;
  since: number;
}

/**
 * StandaloneContender: leadership for one machine. The leader holds `<dir>/leader.lock`
 * (created exclusively, naming its pid and master id) and publishes `<dir>/leader.json` for
 * detectors. A lock whose process is gone is stale and taken over, so a crashed master never
 * blocks its successor. It also serves the detector and the file registry kinds.
 *
 * While a master leads, each poll that finds the lock still its own is pushed as a proof
 * (valid_for_ms: three polls), with the lock file's identity (device, inode, mtime) as fencing
 * token: a fenced registry write checks that the very same lock file is still in place.
 */
export class StandaloneContender {
  private readonly lockFile: string;
  private readonly leaderFile: string;
  private readonly registry: FileRegistry;
  private readonly withdrawn = new Map<string, () => void>();
  /** How long an unparseable lock (or claim) file must stay unchanged before it counts as stale. */
  private readonly graceMs: number;

  constructor(
    dir: string,
    private readonly config: StandaloneConfig,
    private readonly log: Logger,
  ) {
    mkdirSync(dir, { recursive: true });
    this.lockFile = join(dir, 'leader.lock');
    this.graceMs = 2 * config.pollMs;
    this.leaderFile = join(dir, 'leader.json');
    this.registry = new FileRegistry(join(dir, 'registry.json'), (token) => this.fenceFailure(token));
  }

  /** Contend: elected at once unless a live master holds the lock; then waits for it to go. */
  contend(req: { masterInfo?: MasterInfo | null }): AsyncIterable<Record<string, unknown>> {
    const info = req.masterInfo ?? {};
    return pushStream<Record<string, unknown>>((push, end) => {
      const masterId = info.id;
      if (!masterId) throw new InvalidError('contend: master_info.id must not be empty');
      let elected = false;
      let reportedWaiting = false;
      // Proof: the lock was found ours just now; the next tick proves it again.
      const proof = () => ({ validForMs: 3 * this.config.pollMs, fencingToken: readLockFile(this.lockFile)?.id ?? '' });
      const tick = () => {
        if (!elected && this.tryLock(masterId, info)) {
          elected = true;
          this.log.info({ masterId }, 'elected: this master leads (standalone)');
          push({ elected: true, candidate: true, leader: info, reason: 'standalone: no other live master holds the lock', ...proof() });
        } else if (!elected && !reportedWaiting) {
          const holder = this.readLock();
          reportedWaiting = true;
          push({ elected: false, candidate: true, leader: holder?.info ?? null, reason: `another master (pid ${holder?.pid}) holds ${this.lockFile}` });
        } else if (elected && !this.holds(masterId)) {
          elected = false;
          reportedWaiting = false;
          push({ elected: false, candidate: true, leader: this.readLock()?.info ?? null, reason: `lost ${this.lockFile}` });
        } else if (elected) {
          push({ elected: true, candidate: true, leader: info, reason: 'lock held', ...proof() });
        }
      };
      tick();
      const timer = setInterval(tick, this.config.pollMs);
      this.withdrawn.set(masterId, () => {
        clearInterval(timer);
        push({ elected: false, candidate: false, leader: null, reason: 'withdrawn' });
        end();
      });
      return () => {
        clearInterval(timer);
        this.withdrawn.delete(masterId);
        if (this.holds(masterId)) this.release();
      };
    });
  }

  /** Withdraw ends the master's contention and gives up leadership if it holds it. */
  async withdraw(req: { masterId?: string | null }) {
    const id = req.masterId ?? '';
    if (this.holds(id)) this.release();
    this.withdrawn.get(id)?.();
    return {};
  }

  /** Detect: the current leader now, then every change (an empty leader means none). */
  detect(): AsyncIterable<Record<string, unknown>> {
    return pushStream<Record<string, unknown>>((push) => {
      let last: string | undefined;
      const tick = () => {
        const holder = this.readLock();
        const leader = holder && ownerAlive(holder) ? holder.info : null;
        const key = JSON.stringify(leader);
        if (key !== last) {
          last = key;
          push({ leader });
        }
      };
      tick();
      const timer = setInterval(tick, this.config.pollMs);
      return () => clearInterval(timer);
    });
  }

  get(req: { key?: string | null }) {
    return this.registry.get(req);
  }

  apply(req: Parameters<FileRegistry['apply']>[0]) {
    return this.registry.apply(req);
  }

  list(req: { prefix?: string | null }) {
    return this.registry.list(req);
  }

  /** Gives up leadership held by this process (at module stop). */
  close(): void {
    for (const end of this.withdrawn.values()) end();
  }

  /**
   * One attempt to lead. The lock file only ever comes into being complete (see writeComplete),
   * so a lock that cannot be parsed was not written by this module: it is treated as held until it
   * has stayed unchanged for longer than the grace period, never deleted on sight.
   */
  private tryLock(masterId: string, info: MasterInfo): boolean {
    const record: LockRecord = { pid: process.pid, startTime: ownStartTime, masterId, info, since: Date.now() };
    for (let attempt = 0; attempt < 3; attempt++) {
      const seen = readLockFile(this.lockFile);
      if (!seen) {
        if (writeComplete(this.lockFile, JSON.stringify(record))) {
          writeFileAtomic(this.leaderFile, JSON.stringify(info));
          this.sweep();
          return true;
        }
        continue; // another contender linked first: judge its lock
      }
      const holder = seen.record;
      if (holder) {
        if (holder.pid === process.pid && holder.masterId === masterId) return true;
        if (ownerAlive(holder)) return false;
      } else if (Date.now() - seen.mtimeMs <= this.graceMs) {
        return false; // unparseable but recent: someone (not this module) may be writing it
      }
      this.log.warn({ stalePid: holder?.pid, unparseable: !holder }, `taking over stale ${this.lockFile}`);
      if (!this.removeStale(seen.id)) return false;
    }
    return false;
  }

  /**
   * Removes the lock file if it still is the stale file `id` (dev:ino:mtime) and this process is
   * the one contender allowed to remove it; false if another contender is doing it or did it.
   *
   * Why exactly one contender wins: the only way to create the lock file is link(2) of a complete
   * temp file, which fails if the name exists, so at most one file is ever in place. A lock file
   * in place is removed by others only here, and only by the holder of a claim on that very file:
   * `<lock>.takeover.<id>.<n>` created exclusively (link again), so one contender per generation n.
   * A higher generation n+1 may be claimed only once the claimant of n is dead (same pid and start
   * time test as for the lock), so at any time at most one live contender holds a claim on file
   * `id`. That contender checks that the lock file is still `id` and unlinks it; nobody else can
   * remove or replace `id` between its check and its unlink (its owner is dead, other contenders
   * lack the claim), so it never removes a live lock (no ABA as with a blind rename or remove).
   * Once `id` is gone every contender races link(2) again and exactly one succeeds.
   */
  private removeStale(id: string): boolean {
    const prefix = `${basename(this.lockFile)}.takeover.${id}.`;
    const dir = dirname(this.lockFile);
    let top = 0;
    for (const name of readdirSafe(dir)) {
      if (name.startsWith(prefix)) top = Math.max(top, Number(name.slice(prefix.length)) || 0);
    }
    if (top > 0) {
      const claim = readLockFile(join(dir, prefix + top));
      if (claim && (claim.record ? ownerAlive(claim.record) : Date.now() - claim.mtimeMs <= this.graceMs)) return false;
    }
    const claimFile = join(dir, prefix + (top + 1));
    if (!writeComplete(claimFile, JSON.stringify({ pid: process.pid, startTime: ownStartTime }))) return false;
    try {
      if (readLockFile(this.lockFile)?.id !== id) return false; // already replaced: nothing to remove
      rmSync(this.lockFile, { force: true });
      return true;
    } finally {
      for (let n = 1; n <= top + 1; n++) rmSync(join(dir, prefix + n), { force: true });
    }
  }

  /** Removes claims and temp files left by dead processes (called by the leader). */
  private sweep(): void {
    const dir = dirname(this.lockFile);
    const base = basename(this.lockFile);
    const current = readLockFile(this.lockFile)?.id;
    for (const name of readdirSafe(dir)) {
      const file = join(dir, name);
      if (name.startsWith(`${base}.takeover.`) && current !== undefined && !name.startsWith(`${base}.takeover.${current}.`)) {
        rmSync(file, { force: true }); // claims on a file no longer in place can remove nothing
      } else if (name.startsWith(`${base}.tmp.`)) {
        const pid = Number(name.split('.')[3]);
        if (pid > 0 && !alive(pid)) rmSync(file, { force: true });
      }
    }
  }

  /**
   * Why a registry write fenced by `token` (the lock file's identity when its writer was elected)
   * must be refused: the lock file is gone or another one (another master's) is in its place.
   */
  private fenceFailure(token: string): string | undefined {
    const now = readLockFile(this.lockFile);
    if (now?.id === token) return undefined;
    return now ? `${this.lockFile} is now held by master ${now.record?.masterId ?? '(unreadable)'} (pid ${now.record?.pid ?? '?'})` : `${this.lockFile} is gone`;
  }

  private holds(masterId: string): boolean {
    const holder = this.readLock();
    return !!holder && holder.pid === process.pid && holder.masterId === masterId;
  }

  private release(): void {
    rmSync(this.leaderFile, { force: true });
    rmSync(this.lockFile, { force: true });
  }

  private readLock(): LockRecord | undefined {
    return readLockFile(this.lockFile)?.record;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Start time of a process (clock ticks since boot, /proc/<pid>/stat field 22); undefined if unknown. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ..."; comm may hold spaces and parentheses; starttime is field 22.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

const ownStartTime = processStartTime(process.pid);

/** Whether the process that wrote `rec` still runs: its pid exists and, where known, started when it did. */
function ownerAlive(rec: { pid: number; startTime?: string }): boolean {
  if (!Number.isInteger(rec.pid) || rec.pid <= 0 || !alive(rec.pid)) return false;
  if (rec.startTime === undefined) return true; // written by an older version: the pid is all we know
  const now = processStartTime(rec.pid);
  return now === undefined || now === rec.startTime; // a different start time: the pid was reused
}

/**
 * Creates `file` holding `data` complete or not at all: writes a temp file beside it, fsyncs it,
 * then link(2)s it to `file`, which fails with EEXIST if `file` exists. False when it exists.
 */
function writeComplete(file: string, data: string): boolean {
  const tmp = `${file.replace(/\.takeover\..*$/, '')}.tmp.${process.pid}.${randomBytes(6).toString('hex')}`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    try {
      writeSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** The lock file as read through one descriptor: its identity (dev:ino:mtime), mtime and record. */
function readLockFile(file: string): { id: string; mtimeMs: number; record?: LockRecord } | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined; // absent (or unreadable: then link(2) still refuses to replace it)
  }
  try {
    const st = fstatSync(fd, { bigint: true });
    let record: LockRecord | undefined;
    try {
      const parsed = JSON.parse(readFileSync(fd, 'utf8')) as LockRecord;
      if (parsed && typeof parsed === 'object' && typeof parsed.pid === 'number') record = parsed;
    } catch {
      record = undefined;
    }
    return { id: `${st.dev}-${st.ino}-${st.mtimeNs}`, mtimeMs: Number(st.mtimeMs), record };
  } finally {
    closeSync(fd);
  }
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
