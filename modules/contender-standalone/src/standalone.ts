import { existsSync, mkdirSync, openSync, closeSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidError, pushStream, writeFileAtomic, type ContenderMasterInfo as MasterInfo, type Logger } from '@plateau/kernel';
import type { StandaloneConfig } from './config';
import { FileRegistry } from './file-registry';

interface LockRecord {
  pid: number;
  masterId: string;
  info: MasterInfo;
  since: number;
}

/**
 * StandaloneContender: leadership for one machine. The leader holds `<dir>/leader.lock`
 * (created exclusively, naming its pid and master id) and publishes `<dir>/leader.json` for
 * detectors. A lock whose process is gone is stale and taken over, so a crashed master never
 * blocks its successor. It also serves the detector and the file registry kinds.
 */
export class StandaloneContender {
  private readonly lockFile: string;
  private readonly leaderFile: string;
  private readonly registry: FileRegistry;
  private readonly withdrawn = new Map<string, () => void>();

  constructor(
    dir: string,
    private readonly config: StandaloneConfig,
    private readonly log: Logger,
  ) {
    mkdirSync(dir, { recursive: true });
    this.lockFile = join(dir, 'leader.lock');
    this.leaderFile = join(dir, 'leader.json');
    this.registry = new FileRegistry(join(dir, 'registry.json'));
  }

  /** Contend: elected at once unless a live master holds the lock; then waits for it to go. */
  contend(req: { masterInfo?: MasterInfo | null }): AsyncIterable<Record<string, unknown>> {
    const info = req.masterInfo ?? {};
    return pushStream<Record<string, unknown>>((push, end) => {
      const masterId = info.id;
      if (!masterId) throw new InvalidError('contend: master_info.id must not be empty');
      let elected = false;
      let reportedWaiting = false;
      const tick = () => {
        if (!elected && this.tryLock(masterId, info)) {
          elected = true;
          this.log.info({ masterId }, 'elected: this master leads (standalone)');
          push({ elected: true, candidate: true, leader: info, reason: 'standalone: no other live master holds the lock' });
        } else if (!elected && !reportedWaiting) {
          const holder = this.readLock();
          reportedWaiting = true;
          push({ elected: false, candidate: true, leader: holder?.info ?? null, reason: `another master (pid ${holder?.pid}) holds ${this.lockFile}` });
        } else if (elected && !this.holds(masterId)) {
          elected = false;
          reportedWaiting = false;
          push({ elected: false, candidate: true, leader: this.readLock()?.info ?? null, reason: `lost ${this.lockFile}` });
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
        const leader = holder && alive(holder.pid) ? holder.info : null;
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

  private tryLock(masterId: string, info: MasterInfo): boolean {
    const record: LockRecord = { pid: process.pid, masterId, info, since: Date.now() };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(this.lockFile, 'wx', 0o600);
        try {
          writeSync(fd, JSON.stringify(record));
        } finally {
          closeSync(fd);
        }
        writeFileAtomic(this.leaderFile, JSON.stringify(info));
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const holder = this.readLock();
        if (holder && holder.pid === process.pid && holder.masterId === masterId) return true;
        if (holder && alive(holder.pid)) return false;
        this.log.warn({ stalePid: holder?.pid }, `taking over stale ${this.lockFile}`);
        rmSync(this.lockFile, { force: true });
      }
    }
    return false;
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
    if (!existsSync(this.lockFile)) return undefined;
    try {
      return JSON.parse(readFileSync(this.lockFile, 'utf8')) as LockRecord;
    } catch {
      return undefined; // being written right now: treat as no answer this round
    }
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
