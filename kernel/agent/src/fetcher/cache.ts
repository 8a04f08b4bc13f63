/**
 * The agent-wide fetcher cache (Mesos's fetcher cache): files downloaded for URIs with
 * `cache: true`, keyed by user and URI, in `<dir>/files/`, bounded to `maxBytes` in all. Least
 * recently used entries are evicted to make room; entries in use by a fetch are never evicted.
 * A file larger than the whole cache is fetched but not kept. Concurrent fetches of one key wait
 * for one download. The index (`<dir>/index.json`) is rewritten atomically (temp file + rename)
 * on every change, so the cache survives an agent restart; at start, index entries without a file
 * and files without an entry are dropped.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One cached file. */
interface Entry {
  key: string;
  user: string;
  uri: string;
  size: number;
  lastUsed: number;
}

/** A file the cache hands to a fetch; `release` once it has been copied or extracted. */
export interface CacheLease {
  path: string;
  size: number;
  /** True when the file came from the cache without a download. */
  hit: boolean;
  release(): void;
}

/** The cache's books, for tests and metrics. */
export interface CacheStats {
  entries: number;
  bytes: number;
  maxBytes: number;
}

export class FetcherCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inUse = new Map<string, number>();
  private readonly inflight = new Map<string, Promise<Entry | { uncached: string; size: number }>>();
  private readonly files: string;
  private tick = 0;

  constructor(
    readonly dir: string,
    readonly maxBytes: number,
  ) {
    this.files = join(dir, 'files');
    mkdirSync(this.files, { recursive: true, mode: 0o700 });
    this.load();
  }

  /** The cache key of a user's URI. */
  static key(user: string, uri: string): string {
    return createHash('sha256').update(`${user}\0${uri}`).digest('hex');
  }

  stats(): CacheStats {
    let bytes = 0;
    for (const e of this.entries.values()) bytes += e.size;
    return { entries: this.entries.size, bytes, maxBytes: this.maxBytes };
  }

  /** Whether the user's URI is cached. */
  has(user: string, uri: string): boolean {
    return this.entries.has(FetcherCache.key(user, uri));
  }

  /**
   * The cached file of the user's URI; on a miss `fill(path)` downloads it to the new file `path`
   * (one call for all concurrent callers of one key) and resolves with its size.
   */
  async get(user: string, uri: string, fill: (path: string) => Promise<number>): Promise<CacheLease> {
    const key = FetcherCache.key(user, uri);
    const cached = this.entries.get(key);
    if (cached !== undefined) return this.lease(cached, true);
    let p = this.inflight.get(key);
    if (p === undefined) {
      p = this.fillEntry(key, user, uri, fill).finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
      const got = await p;
      return 'uncached' in got ? this.oneOff(got.uncached, got.size) : this.lease(got, false);
    }
    const got = await p;
    if ('uncached' in got) {
      // The file was too large to keep and belongs to the caller that downloaded it: fetch again.
      return this.get(user, uri, fill);
    }
    return this.lease(got, true);
  }

  private async fillEntry(key: string, user: string, uri: string, fill: (path: string) => Promise<number>): Promise<Entry | { uncached: string; size: number }> {
    const tmp = join(this.dir, `tmp-${randomBytes(8).toString('hex')}`);
    let size: number;
    try {
      size = await fill(tmp);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
    if (size > this.maxBytes) return { uncached: tmp, size };
    this.makeRoom(size);
    renameSync(tmp, join(this.files, key));
    const e: Entry = { key, user, uri, size, lastUsed: this.now() };
    this.entries.set(key, e);
    this.save();
    return e;
  }

  /** Evicts least recently used entries not in use until `size` more bytes fit. */
  private makeRoom(size: number): void {
    let total = this.stats().bytes;
    const byAge = [...this.entries.values()].sort((a, b) => a.lastUsed - b.lastUsed);
    for (const e of byAge) {
      if (total + size <= this.maxBytes) break;
      if ((this.inUse.get(e.key) ?? 0) > 0) continue;
      this.entries.delete(e.key);
      rmSync(join(this.files, e.key), { force: true });
      total -= e.size;
    }
  }

  private lease(e: Entry, hit: boolean): CacheLease {
    e.lastUsed = this.now();
    this.save();
    this.inUse.set(e.key, (this.inUse.get(e.key) ?? 0) + 1);
    let released = false;
    return {
      path: join(this.files, e.key),
      size: e.size,
      hit,
      release: () => {
        if (released) return;
        released = true;
        const n = (this.inUse.get(e.key) ?? 1) - 1;
        if (n <= 0) this.inUse.delete(e.key);
        else this.inUse.set(e.key, n);
      },
    };
  }

  private oneOff(path: string, size: number): CacheLease {
    return { path, size, hit: false, release: () => rmSync(path, { force: true }) };
  }

  /** A strictly increasing use stamp (wall clock, so the order survives a restart). */
  private now(): number {
    this.tick = Math.max(this.tick + 1, Date.now());
    return this.tick;
  }

  private save(): void {
    const tmp = join(this.dir, `index.json.${process.pid}.tmp`);
    writeFileSync(tmp, JSON.stringify({ version: 1, entries: [...this.entries.values()] }), { mode: 0o600 });
    renameSync(tmp, join(this.dir, 'index.json'));
  }

  private load(): void {
    let listed: Entry[] = [];
    try {
      const doc = JSON.parse(readFileSync(join(this.dir, 'index.json'), 'utf8')) as { entries?: Entry[] };
      listed = Array.isArray(doc.entries) ? doc.entries : [];
    } catch {
      // no index yet (or an unreadable one: the files below are then dropped)
    }
    for (const e of listed) {
      if (typeof e.key !== 'string' || !/^[0-9a-f]{64}$/.test(e.key)) continue;
      try {
        const st = statSync(join(this.files, e.key));
        if (!st.isFile()) continue;
        this.entries.set(e.key, { key: e.key, user: String(e.user), uri: String(e.uri), size: st.size, lastUsed: Number(e.lastUsed) || 0 });
        this.tick = Math.max(this.tick, Number(e.lastUsed) || 0);
      } catch {
        // listed but gone
      }
    }
    for (const name of readdirSync(this.files)) if (!this.entries.has(name)) rmSync(join(this.files, name), { recursive: true, force: true });
    for (const name of readdirSync(this.dir)) if (name.startsWith('tmp-') || name.endsWith('.tmp')) rmSync(join(this.dir, name), { recursive: true, force: true });
    // Entries over a (since lowered) bound go first.
    this.makeRoom(0);
    this.save();
  }
}
