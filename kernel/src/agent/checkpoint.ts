import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../host/atomic-file';
import { InvalidError } from '../host/errors';

const SEGMENT = /^[A-Za-z0-9_.@:-]+$/;

/**
 * CheckpointStore: the agent's durable state under `<workDir>/meta`, one JSON file per record,
 * each written atomically (temp + fsync + rename + dir fsync). A crash at any point leaves every
 * record either as it was or as it became, never torn; recovery reads what is there.
 */
export class CheckpointStore {
  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true });
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

function check(segment: string): string {
  if (!SEGMENT.test(segment) || segment === '.' || segment === '..') {
    throw new InvalidError(`checkpoint path segment '${segment}' has characters outside ${SEGMENT}`);
  }
  return segment;
}
