import { readFileSync, statSync } from 'node:fs';
import { ConflictError, FencedError, InvalidError, writeFileAtomic } from '@plateau/kernel';

/** A registry mutation as it arrives (kernel.registry.v1.Mutation). */
type MutationIn = { key?: string | null; value?: Uint8Array | string | null; expectedVersion?: string | number | null; delete?: boolean | null; fencingToken?: string | null };

interface StoredEntry {
  /** base64 of the value bytes. */
  value: string;
  version: number;
}

/**
 * FileRegistry: the master registry in one JSON file. Every Apply rewrites the file atomically
 * (temp + fsync + rename + dir fsync) before it answers, so an acknowledged write survives a crash.
 * Versions are per key and start at 1; expected_version 0 means "must not exist". A write with a
 * fencing token applies only if `fence` finds the leader's lock still in place (checked right
 * before the write, in this process's queue of mutations).
 */
export class FileRegistry {
  private entries = new Map<string, StoredEntry>();
  private queue: Promise<unknown> = Promise.resolve();
  /** Identity (inode, mtime, size) of the file version `entries` holds. */
  private loaded = '';

  constructor(
    private readonly file: string,
    /** Why a write fenced by `token` must be refused; undefined when the leadership holds. */
    private readonly fence: (token: string) => string | undefined = () => 'no contender serves this registry',
  ) {
    this.refresh();
  }

  /**
   * Re-reads the file when another process replaced it since (the masters of one machine share
   * it: a master elected after another must see what that one wrote).
   */
  private refresh(): void {
    let id: string;
    try {
      const st = statSync(this.file);
      id = `${st.ino}:${st.mtimeMs}:${st.size}`;
    } catch {
      id = '';
    }
    if (id === this.loaded) return;
    const data = id === '' ? { entries: {} } : (JSON.parse(readFileSync(this.file, 'utf8')) as { entries: Record<string, StoredEntry> });
    this.entries = new Map(Object.entries(data.entries ?? {}));
    this.loaded = id;
  }

  /** Records the identity of the file this process just wrote (no need to read it back). */
  private refreshId(): void {
    try {
      const st = statSync(this.file);
      this.loaded = `${st.ino}:${st.mtimeMs}:${st.size}`;
    } catch {
      this.loaded = '';
    }
  }

  async get(req: { key?: string | null }) {
    const key = requireKey(req.key);
    this.refresh();
    const e = this.entries.get(key);
    return e ? { found: true, value: Buffer.from(e.value, 'base64'), version: String(e.version) } : { found: false, value: Buffer.alloc(0), version: '0' };
  }

  apply(req: MutationIn) {
    // Serialise mutations so compare-and-set sees the result of the previous write.
    const run = this.queue.then(() => this.applyNow(req));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private applyNow(req: MutationIn) {
    const key = requireKey(req.key);
    if (req.fencingToken) {
      const failure = this.fence(req.fencingToken);
      if (failure !== undefined) throw new FencedError(`registry key '${key}': write refused: the leadership it was made under no longer holds (${failure})`);
    }
    this.refresh();
    const current = this.entries.get(key)?.version ?? 0;
    if (req.expectedVersion !== undefined && req.expectedVersion !== null && Number(req.expectedVersion) !== current) {
      throw new ConflictError(`registry key '${key}' is at version ${current}, not ${req.expectedVersion}`);
    }
    const next = new Map(this.entries);
    let version = 0;
    if (req.delete) {
      next.delete(key);
    } else {
      version = current + 1;
      const bytes = typeof req.value === 'string' ? Buffer.from(req.value, 'base64') : Buffer.from(req.value ?? []);
      next.set(key, { value: bytes.toString('base64'), version });
    }
    writeFileAtomic(this.file, JSON.stringify({ entries: Object.fromEntries(next) }));
    this.entries = next;
    this.loaded = '';
    this.refreshId();
    return { version: String(version) };
  }

  async list(req: { prefix?: string | null }) {
    this.refresh();
    const prefix = req.prefix ?? '';
    const entries = [...this.entries]
      .filter(([k]) => k.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, e]) => ({ key, value: Buffer.from(e.value, 'base64'), version: String(e.version) }));
    return { entries };
  }
}

function requireKey(key: string | null | undefined): string {
  if (!key) throw new InvalidError('registry key must not be empty');
  return key;
}
