import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { posix, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import { UnsupportedError, type Logger } from '@plateau/kernel';
import * as tar from 'tar-stream';

/** One member of a tar being read. */
type TarEntry = AsyncIterable<Buffer> & { header: tar.Header; resume(): unknown };
import { HashTap } from './digest';
import { DigestMismatchError, LayerError } from './errors';

/** What unpacking a layer found besides its files, kept beside the layer's tree. */
export interface LayerMeta {
  /** Uncompressed digest of the layer tar (the image config's diff_id). */
  diffId: string;
  /** Paths (relative, no leading slash) that `.wh.<name>` entries delete from lower layers. */
  whiteouts: string[];
  /** Directories (relative; "" is the root) whose lower-layer contents `.wh..wh..opq` hides. */
  opaques: string[];
  /** Hard links whose target is not in this layer: made when the image is flattened. */
  hardlinks: { path: string; target: string }[];
  /** Bytes of the uncompressed tar. */
  size: number;
  /** Entries that could not be made here (device nodes without privilege), for the log. */
  skipped: string[];
}

/** Options of unpackLayer. */
export interface UnpackOptions {
  /** Digest of the stream as given (compressed); checked when set. */
  digest?: string;
  /** Digest of the uncompressed tar; checked when set. */
  diffId?: string;
  /** Name of the layer in messages. */
  what: string;
  log: Logger;
  /** Called with the bytes read from the (compressed) stream so far. */
  onBytes?: (bytes: number) => void;
}

const GZIP = [0x1f, 0x8b];
const ZSTD = [0x28, 0xb5, 0x2f, 0xfd];
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Unpacks one layer (a tar, gzip- or zstd-compressed or not, detected by its magic bytes) into
 * `dest`, an empty directory, and verifies its digests. Whiteouts are not made as files: they
 * are returned in the meta and applied when layers are flattened. Paths never leave `dest`:
 * `..` components are refused and a parent that is a symlink is replaced by a directory, never
 * followed.
 */
export async function unpackLayer(source: AsyncIterable<Buffer>, dest: string, opts: UnpackOptions): Promise<LayerMeta> {
  const compressed = createHash('sha256');
  let compressedBytes = 0;
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      compressed.update(chunk);
      compressedBytes += chunk.length;
      opts.onBytes?.(compressedBytes);
      yield chunk;
    }
  }
  const { head, rest } = await sniff(counted(), 4);
  const decompress = pickDecompressor(head, opts.what);
  const tapU = new HashTap();
  const extract = tar.extract();
  const stages: NodeJS.ReadWriteStream[] = decompress ? [decompress, tapU] : [tapU];
  const feeding = pipeline([Readable.from(rest, { objectMode: false }), ...stages, extract as unknown as NodeJS.WritableStream]);
  feeding.catch(() => undefined); // awaited below; this only keeps an early failure from being unhandled

  const meta: LayerMeta = { diffId: '', whiteouts: [], opaques: [], hardlinks: [], size: 0, skipped: [] };
  const writer = new TreeWriter(dest, meta, opts);
  try {
    for await (const entry of extract) {
      await writer.write(entry as unknown as TarEntry);
    }
    await feeding;
  } catch (err) {
    extract.destroy(err as Error);
    await feeding.catch(() => undefined);
    if (err instanceof Error && !(err instanceof LayerError) && !(err instanceof UnsupportedError) && !(err as { code?: string }).code?.startsWith('PLT_')) {
      throw new LayerError(`${opts.what}: ${err.message}`);
    }
    throw err;
  }
  await writer.finish();

  const actualCompressed = `sha256:${compressed.digest('hex')}`;
  if (opts.digest && actualCompressed !== opts.digest) throw new DigestMismatchError(opts.what, opts.digest, actualCompressed);
  meta.diffId = tapU.digest();
  if (opts.diffId && meta.diffId !== opts.diffId) throw new DigestMismatchError(`${opts.what} (uncompressed)`, opts.diffId, meta.diffId);
  meta.size = tapU.bytes;
  if (meta.skipped.length > 0) opts.log.warn({ layer: opts.what, skipped: meta.skipped.slice(0, 20) }, 'layer entries that could not be made here were skipped');
  return meta;
}

/** Reads the first `n` bytes of a stream without losing them. */
async function sniff(source: AsyncIterable<Buffer>, n: number): Promise<{ head: Buffer; rest: AsyncIterable<Buffer> }> {
  const it = source[Symbol.asyncIterator]();
  const first: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < n) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    first.push(r.value);
    size += r.value.length;
  }
  const head = Buffer.concat(first);
  async function* rest(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  return { head, rest: rest() };
}

function pickDecompressor(head: Buffer, what: string): NodeJS.ReadWriteStream | undefined {
  if (head.length >= 2 && head[0] === GZIP[0] && head[1] === GZIP[1]) return zlib.createGunzip();
  if (head.length >= 4 && ZSTD.every((b, i) => head[i] === b)) {
    const make = (zlib as unknown as { createZstdDecompress?: () => NodeJS.ReadWriteStream }).createZstdDecompress;
    if (!make) throw new UnsupportedError(`${what}: zstd-compressed layer, and this Node (${process.version}) has no zstd`);
    return make();
  }
  return undefined;
}

/** A relative, normalized path inside the tree, or undefined for the root; throws on `..`. */
export function safeRelative(name: string, what: string): string | undefined {
  const norm = posix.normalize(name.replace(/^\/+/, '') || '.').replace(/\/+$/, '');
  if (norm === '' || norm === '.') return undefined;
  if (norm === '..' || norm.startsWith('../')) {
    throw new LayerError(`${what}: entry '${name}' leaves the layer root`);
  }
  return norm;
}

interface DirAttrs {
  path: string;
  mode: number;
  uid: number;
  gid: number;
  mtime: Date;
}

type Entry = TarEntry;

/** Writes tar entries into a directory tree. */
class TreeWriter {
  private readonly knownDirs = new Set<string>();
  private readonly dirs = new Map<string, DirAttrs>();
  private xattrs = 0;

  constructor(
    private readonly root: string,
    private readonly meta: LayerMeta,
    private readonly opts: UnpackOptions,
  ) {}

  async write(entry: Entry): Promise<void> {
    const h = entry.header;
    try {
      await this.apply(entry);
    } finally {
      // Whatever was not read of the entry must be drained for the next one to come.
      entry.resume();
    }
    if (h.pax && Object.keys(h.pax).some((k) => k.startsWith('SCHILY.xattr.'))) this.xattrs++;
  }

  private async apply(entry: Entry): Promise<void> {
    const h = entry.header;
    const rel = safeRelative(h.name, this.opts.what);
    if (rel === undefined) {
      if (h.type === 'directory') this.dirs.set('', { path: '', mode: h.mode, uid: h.uid, gid: h.gid, mtime: h.mtime });
      return;
    }
    const base = posix.basename(rel);
    const parent = posix.dirname(rel) === '.' ? '' : posix.dirname(rel);
    if (base === '.wh..wh..opq') {
      this.meta.opaques.push(parent);
      await this.ensureDir(parent);
      return;
    }
    if (base.startsWith('.wh.')) {
      this.meta.whiteouts.push(parent ? `${parent}/${base.slice(4)}` : base.slice(4));
      await this.ensureDir(parent);
      return;
    }
    await this.ensureDir(parent);
    const target = join(this.root, rel);
    switch (h.type) {
      case 'directory':
        await this.ensureDir(rel);
        this.dirs.set(rel, { path: rel, mode: h.mode, uid: h.uid, gid: h.gid, mtime: h.mtime });
        return;
      case 'file':
      case 'contiguous-file':
        await this.clear(rel);
        await pipeline(entry, createWriteStream(target, { mode: 0o600 }));
        await this.attrs(target, h, false);
        return;
      case 'symlink':
        await this.clear(rel);
        await fs.symlink(h.linkname, target);
        await this.attrs(target, h, true);
        return;
      case 'link': {
        const linkRel = safeRelative(h.linkname, this.opts.what);
        if (linkRel === undefined) throw new LayerError(`${this.opts.what}: hard link '${h.name}' to the layer root`);
        await this.clear(rel);
        const source = join(this.root, linkRel);
        if (await exists(source)) await fs.link(source, target);
        else this.meta.hardlinks.push({ path: rel, target: linkRel });
        return;
      }
      case 'character-device':
      case 'block-device':
      case 'fifo': {
        await this.clear(rel);
        const kind = h.type === 'fifo' ? 'p' : h.type === 'block-device' ? 'b' : 'c';
        const args = kind === 'p' ? [target, 'p'] : [target, kind, String(h.devmajor), String(h.devminor)];
        try {
          await run('mknod', args);
          await this.attrs(target, h, false);
        } catch (err) {
          this.meta.skipped.push(`${rel} (${h.type}: ${(err as Error).message.split('\n')[0]})`);
        }
        return;
      }
      default:
        this.meta.skipped.push(`${rel} (${String(h.type)})`);
    }
  }

  /** Makes `rel` (and its parents) a real directory, replacing anything else in the way. */
  private async ensureDir(rel: string): Promise<void> {
    if (rel === '' || this.knownDirs.has(rel)) return;
    const parent = posix.dirname(rel) === '.' ? '' : posix.dirname(rel);
    await this.ensureDir(parent);
    const path = join(this.root, rel);
    const st = await fs.lstat(path).catch(() => undefined);
    if (st && !st.isDirectory()) await fs.rm(path, { force: true });
    if (!st || !st.isDirectory()) await fs.mkdir(path, { mode: 0o755 });
    this.knownDirs.add(rel);
  }

  /** Removes what is at `rel` so that an entry of another kind can take its place. */
  private async clear(rel: string): Promise<void> {
    const path = join(this.root, rel);
    const st = await fs.lstat(path).catch(() => undefined);
    if (!st) return;
    if (st.isDirectory()) {
      await fs.rm(path, { recursive: true, force: true });
      this.knownDirs.clear();
      this.dirs.forEach((_v, k) => {
        if (k === rel || k.startsWith(`${rel}/`)) this.dirs.delete(k);
      });
    } else {
      await fs.unlink(path);
    }
  }

  private async attrs(path: string, h: tar.Header, symlink: boolean): Promise<void> {
    if (isRoot) await fs.lchown(path, h.uid ?? 0, h.gid ?? 0);
    // chmod after chown: chown clears setuid and setgid bits.
    if (!symlink) await fs.chmod(path, (h.mode ?? 0o644) & 0o7777);
    const mtime = h.mtime ?? new Date(0);
    if (symlink) await fs.lutimes(path, mtime, mtime).catch(() => undefined);
    else await fs.utimes(path, mtime, mtime);
  }

  /** Sets directory attributes last, deepest first, once nothing more is written into them. */
  async finish(): Promise<void> {
    const list = [...this.dirs.values()].sort((a, b) => b.path.length - a.path.length);
    for (const d of list) {
      const path = d.path === '' ? this.root : join(this.root, d.path);
      if (isRoot) await fs.lchown(path, d.uid, d.gid);
      await fs.chmod(path, d.mode & 0o7777);
      await fs.utimes(path, d.mtime, d.mtime);
    }
    if (this.xattrs > 0) this.opts.log.debug({ layer: this.opts.what, entries: this.xattrs }, 'extended attributes in the layer were not applied');
  }
}

async function exists(path: string): Promise<boolean> {
  return fs.lstat(path).then(
    () => true,
    () => false,
  );
}

/** Runs a command; rejects with its stderr on failure. */
export function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { encoding: 'utf8', maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')}: ${(stderr || err.message).trim()}`));
      else resolve(stdout);
    });
  });
}
