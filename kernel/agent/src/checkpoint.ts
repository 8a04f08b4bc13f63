import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InvalidError, writeFileAtomic } from '@plateau/kernel';

const SEGMENT = /^[A-Za-z0-9_.@:-]+$/;

/**
 * CheckpointStore: the agent's durable state under `<workDir>/meta`, one JSON file per record,
 * each written atomically (temp + fsync + rename + dir fsync). A crash at any point leaves every
 * record either as it was or as it became, never torn; recovery reads what is there.
 */
export class CheckpointStore {
  /** Asynchronous writes in progress, by file: the one running and the latest value waiting. */
  private readonly queues = new Map<string, RecordQueue>();
  private tmpCounter = 0;

  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true });
  }

  /**
   * Writes `value` at `segments` like `write`, but off the event loop (fsync runs on libuv's
   * thread pool). Writes and removals of one record happen in call order; a value superseded
   * while an earlier write of the record is still running is never written (the latest wins).
   * Resolves once this value, or a later one, is durable.
   */
  writeAsync(segments: readonly string[], value: unknown): Promise<void> {
    return this.enqueue(this.fileOf(segments), JSON.stringify(value));
  }

  /** Removes the record at `segments`, ordered with its asynchronous writes. */
  removeAsync(segments: readonly string[]): Promise<void> {
    return this.enqueue(this.fileOf(segments), null);
  }

  /** Resolves once every asynchronous write and removal started so far is done. */
  async flush(): Promise<void> {
    while (this.queues.size > 0) await Promise.allSettled([...this.queues.values()].map((q) => q.running));
  }

  private enqueue(file: string, data: string | null): Promise<void> {
    const q = this.queues.get(file);
    if (q === undefined) {
      const fresh: RecordQueue = { running: Promise.resolve(), next: undefined };
      this.queues.set(file, fresh);
      fresh.running = this.apply(file, data).finally(() => this.advance(file, fresh));
      return fresh.running;
    }
    if (q.next === undefined) {
      let resolve!: () => void;
      let reject!: (err: unknown) => void;
      const done = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      q.next = { data, done, resolve, reject };
      return done;
    }
    q.next.data = data;
    return q.next.done;
  }

  private advance(file: string, q: RecordQueue): void {
    const next = q.next;
    if (next === undefined) {
      this.queues.delete(file);
      return;
    }
    q.next = undefined;
    q.running = this.apply(file, next.data).then(next.resolve, (err: unknown) => {
      next.reject(err);
      throw err;
    });
    q.running.catch(() => undefined).finally(() => this.advance(file, q));
  }

  private async apply(file: string, data: string | null): Promise<void> {
    if (data === null) {
      await rm(file, { force: true });
      return;
    }
    const dir = dirname(file);
    await mkdir(dir, { recursive: true });
    const tmp = `${file}.tmp-${process.pid}-${++this.tmpCounter}`;
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
    const dh = await open(dir, 'r');
    try {
      await dh.sync();
    } finally {
      await dh.close();
    }
  }

  /** Writes `value` as JSON at `segments` (e.g. ['containers', id]). */
  write(segments: readonly string[], value: unknown): void {
    const file = this.fileOf(segments);
    mkdirSync(dirname(file), { recursive: true });
    writeFileAtomic(file, JSON.stringify(value));
  }

  /** Reads the record at `segments`, or undefined if there is none. */
  read<T>(segments: readonly string[]): T | undefined {
    const file = this.fileOf(segments);
    if (!existsSync(file)) return undefined;
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  }

  /** Every record directly under `segments` (a folder), keyed by its last segment. */
  list<T>(segments: readonly string[]): Map<string, T> {
    const dir = join(this.root, ...segments.map(check));
    const out = new Map<string, T>();
    if (!existsSync(dir)) return out;
    for (const name of readdirSync(dir).sort()) {
      if (!name.endsWith('.json')) continue; // temp files of an interrupted write are ignored
      out.set(name.slice(0, -5), JSON.parse(readFileSync(join(dir, name), 'utf8')) as T);
    }
    return out;
  }

  /** Names of the folders directly under `segments` (e.g. one per framework). */
  folders(segments: readonly string[]): string[] {
    const dir = join(this.root, ...segments.map(check));
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  }

  /** Removes the folder at `segments` and everything under it (no error if absent). */
  removeFolder(segments: readonly string[]): void {
    if (segments.length === 0) throw new InvalidError('checkpoint path must not be empty');
    rmSync(join(this.root, ...segments.map(check)), { recursive: true, force: true });
  }

  /** Removes the record at `segments` (no error if absent). */
  remove(segments: readonly string[]): void {
    rmSync(this.fileOf(segments), { force: true });
  }

  private fileOf(segments: readonly string[]): string {
    if (segments.length === 0) throw new InvalidError('checkpoint path must not be empty');
    return `${join(this.root, ...segments.map(check))}.json`;
  }
}

/** The asynchronous writes of one record. */
interface RecordQueue {
  running: Promise<void>;
  next: { data: string | null; done: Promise<void>; resolve: () => void; reject: (err: unknown) => void } | undefined;
}

function check(segment: string): string {
  if (!SEGMENT.test(segment) || segment === '.' || segment === '..') {
    throw new InvalidError(`checkpoint path segment '${segment}' has characters outside ${SEGMENT}`);
  }
  return segment;
}
