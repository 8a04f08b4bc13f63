import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { makeBusyboxRootfs } from './rootfs';
import { makeTempDir } from './tmp';

// Test images built without a Docker daemon: Debian's `umoci` makes OCI image layouts from
// directories (init / new / unpack / repack / config), `skopeo copy` pushes them to a registry or
// writes docker-archive tarballs. Layers that umoci cannot make (an opaque-directory marker, a
// hand-made tar) are added by appendLayer, which edits the layout's JSON itself; makeIndex
// writes a multi-platform OCI index the same way. (umoci 0.4.7's `insert` writes layer tars
// without their end padding, which strict readers refuse, so the helpers use unpack + repack.)

/** An image in an OCI layout. */
export interface BuiltImage {
  /** Layout directory. */
  layout: string;
  /** Tag in the layout (org.opencontainers.image.ref.name). */
  tag: string;
  /** "oci:<layout>:<tag>", the provisioner's and skopeo's reference. */
  ref: string;
  manifestDigest: string;
  configDigest: string;
  /** Layer blob digests, bottom first. */
  layers: string[];
  /** Layer diff ids (uncompressed digests), bottom first. */
  diffIds: string[];
}

/** Options of buildBusyboxImage. */
export interface BusyboxImageOptions {
  /** Tag (default "latest"). */
  tag?: string;
  /** GOARCH written in the config (default "amd64"). */
  architecture?: string;
  /** Extra files, path inside the image → content, written before packing. */
  files?: Record<string, string>;
  /** Config Cmd (default ["/bin/sh"]). */
  cmd?: string[];
  /** Config Entrypoint (default none). */
  entrypoint?: string[];
  /** Config Env (default PATH only). */
  env?: string[];
  /** Config WorkingDir (default "/"). */
  workingDir?: string;
  /** Config Labels. */
  labels?: Record<string, string>;
}

function run(cmd: string, args: string[], timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')} failed: ${(stderr || err.message).trim()}`));
      else resolve(stdout);
    });
  });
}

const rootless = () => (typeof process.getuid === 'function' && process.getuid() !== 0 ? ['--rootless'] : []);

/** Whether umoci and skopeo are installed. */
export async function imageToolsAvailable(): Promise<boolean> {
  try {
    await run('umoci', ['--version']);
    await run('skopeo', ['--version']);
    return true;
  } catch {
    return false;
  }
}

/**
 * Builds a one-layer busybox image (static busybox, its applets as symlinks, /etc/passwd and
 * group, empty /proc /dev /sys /tmp) in the OCI layout `layoutDir` (created when missing) under
 * `opts.tag` (default "latest"), and returns it. Runs as root (as tests do) or with --rootless.
 */
export async function buildBusyboxImage(layoutDir: string, opts: BusyboxImageOptions = {}): Promise<BuiltImage> {
  const tag = opts.tag ?? 'latest';
  if (!fs.existsSync(path.join(layoutDir, 'oci-layout'))) {
    fs.mkdirSync(path.dirname(path.resolve(layoutDir)), { recursive: true });
    await run('umoci', ['init', '--layout', layoutDir]);
  }
  await run('umoci', ['new', '--image', `${layoutDir}:${tag}`]);
  const work = makeTempDir('plateau-image-');
  const bundle = path.join(work, 'bundle');
  try {
    await run('umoci', ['unpack', ...rootless(), '--image', `${layoutDir}:${tag}`, bundle]);
    const rootfs = path.join(bundle, 'rootfs');
    makeBusyboxRootfs(rootfs);
    for (const [file, content] of Object.entries(opts.files ?? {})) {
      const target = path.join(rootfs, file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
    }
    await run('umoci', ['repack', '--image', `${layoutDir}:${tag}`, bundle]);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const config = ['config', '--image', `${layoutDir}:${tag}`, '--os', 'linux', '--architecture', opts.architecture ?? 'amd64'];
  config.push('--config.workingdir', opts.workingDir ?? '/');
  for (const e of opts.env ?? ['PATH=/usr/sbin:/usr/bin:/sbin:/bin']) config.push('--config.env', e);
  config.push('--clear=config.cmd');
  for (const c of opts.cmd ?? ['/bin/sh']) config.push('--config.cmd', c);
  for (const e of opts.entrypoint ?? []) config.push('--config.entrypoint', e);
  for (const [k, v] of Object.entries(opts.labels ?? {})) config.push('--config.label', `${k}=${v}`);
  await run('umoci', config);
  return describeImage(layoutDir, tag);
}

/**
 * Adds one layer on top of `fromTag` made by changing its unpacked rootfs with `change` (delete a
 * file and umoci writes a `.wh.` whiteout for it), and saves the result as `toTag`.
 */
export async function deriveImage(layoutDir: string, fromTag: string, toTag: string, change: (rootfs: string) => void | Promise<void>): Promise<BuiltImage> {
  if (fromTag !== toTag) await run('umoci', ['tag', '--image', `${layoutDir}:${fromTag}`, toTag]);
  const work = makeTempDir('plateau-image-');
  const bundle = path.join(work, 'bundle');
  try {
    await run('umoci', ['unpack', ...rootless(), '--image', `${layoutDir}:${toTag}`, bundle]);
    await change(path.join(bundle, 'rootfs'));
    await run('umoci', ['repack', '--image', `${layoutDir}:${toTag}`, bundle]);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return describeImage(layoutDir, toTag);
}

/** One member of a hand-made layer. */
export interface LayerEntry {
  /** Path inside the image, without a leading slash ("opt/.wh..wh..opq", "etc/.wh.passwd"). */
  path: string;
  type: 'file' | 'directory' | 'symlink';
  content?: string;
  linkname?: string;
  mode?: number;
}

function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** A ustar archive of `entries`, with proper padding and end blocks. */
export function makeTar(entries: LayerEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const data = Buffer.from(e.content ?? '');
    const h = Buffer.alloc(512);
    const name = e.type === 'directory' && !e.path.endsWith('/') ? `${e.path}/` : e.path;
    if (Buffer.byteLength(name) > 100) throw new Error(`makeTar: name too long: ${name}`);
    h.write(name, 0, 100, 'utf8');
    const octal = (v: number, len: number) => v.toString(8).padStart(len - 1, '0') + '\0';
    h.write(octal(e.mode ?? (e.type === 'directory' ? 0o755 : e.type === 'symlink' ? 0o777 : 0o644), 8), 100);
    h.write(octal(0, 8), 108);
    h.write(octal(0, 8), 116);
    h.write(octal(e.type === 'file' ? data.length : 0, 12), 124);
    h.write(octal(1_700_000_000, 12), 136);
    h.write('        ', 148);
    h.write(e.type === 'directory' ? '5' : e.type === 'symlink' ? '2' : '0', 156);
    if (e.linkname) h.write(e.linkname, 157, 100, 'utf8');
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(h);
    if (e.type === 'file') {
      blocks.push(data);
      const pad = (512 - (data.length % 512)) % 512;
      if (pad) blocks.push(Buffer.alloc(pad));
    }
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

interface IndexJson {
  schemaVersion: number;
  mediaType?: string;
  manifests: { mediaType: string; digest: string; size: number; annotations?: Record<string, string>; platform?: Record<string, string> }[];
}

function readBlob(layout: string, digest: string): Buffer {
  return fs.readFileSync(path.join(layout, 'blobs/sha256', digest.replace(/^sha256:/, '')));
}

function writeBlob(layout: string, data: Buffer | string): { digest: string; size: number } {
  const digest = sha256(data);
  fs.writeFileSync(path.join(layout, 'blobs/sha256', digest.slice(7)), data);
  return { digest, size: Buffer.byteLength(data) };
}

function setTag(layout: string, tag: string, desc: { mediaType: string; digest: string; size: number }): void {
  const file = path.join(layout, 'index.json');
  const index = JSON.parse(fs.readFileSync(file, 'utf8')) as IndexJson;
  index.manifests = index.manifests.filter((m) => m.annotations?.['org.opencontainers.image.ref.name'] !== tag);
  index.manifests.push({ ...desc, annotations: { 'org.opencontainers.image.ref.name': tag } });
  fs.writeFileSync(file, JSON.stringify(index));
}

/**
 * Adds a hand-made layer (`entries`, gzip-compressed unless `gzip` is false) on top of `fromTag`
 * and saves the image as `toTag`, editing manifest, config (diff_ids) and index.json directly.
 */
export function appendLayer(layoutDir: string, fromTag: string, toTag: string, entries: LayerEntry[], gzip = true): BuiltImage {
  const from = describeImageSync(layoutDir, fromTag);
  const manifest = JSON.parse(readBlob(layoutDir, from.manifestDigest).toString('utf8')) as {
    config: { digest: string; size: number; mediaType: string };
    layers: { mediaType: string; digest: string; size: number }[];
  };
  const config = JSON.parse(readBlob(layoutDir, manifest.config.digest).toString('utf8')) as { rootfs: { diff_ids: string[] } };
  const tarball = makeTar(entries);
  const blob = gzip ? gzipSync(tarball) : tarball;
  const layer = writeBlob(layoutDir, blob);
  manifest.layers.push({ mediaType: `application/vnd.oci.image.layer.v1.tar${gzip ? '+gzip' : ''}`, ...layer });
  config.rootfs.diff_ids.push(sha256(tarball));
  const cfg = writeBlob(layoutDir, JSON.stringify(config));
  manifest.config = { ...manifest.config, ...cfg };
  const m = writeBlob(layoutDir, JSON.stringify(manifest));
  setTag(layoutDir, toTag, { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...m });
  return describeImageSync(layoutDir, toTag);
}

/**
 * Writes an OCI image index over images already in the layout (each with its platform) and tags
 * it `tag`; returns the index digest. `skopeo copy --all` pushes it with its manifests.
 */
export function makeIndex(layoutDir: string, tag: string, members: { tag: string; os: string; architecture: string; variant?: string }[]): string {
  const manifests = members.map((m) => {
    const img = describeImageSync(layoutDir, m.tag);
    const size = readBlob(layoutDir, img.manifestDigest).length;
    const platform: Record<string, string> = { os: m.os, architecture: m.architecture };
    if (m.variant) platform.variant = m.variant;
    return { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: img.manifestDigest, size, platform };
  });
  const index = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests };
  const blob = writeBlob(layoutDir, JSON.stringify(index));
  setTag(layoutDir, tag, { mediaType: 'application/vnd.oci.image.index.v1+json', ...blob });
  return blob.digest;
}

function describeImageSync(layoutDir: string, tag: string): BuiltImage {
  const index = JSON.parse(fs.readFileSync(path.join(layoutDir, 'index.json'), 'utf8')) as IndexJson;
  const desc = index.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === tag);
  if (!desc) throw new Error(`no tag ${tag} in ${layoutDir}`);
  const manifest = JSON.parse(readBlob(layoutDir, desc.digest).toString('utf8')) as {
    config?: { digest: string };
    layers?: { digest: string }[];
  };
  const config = manifest.config ? (JSON.parse(readBlob(layoutDir, manifest.config.digest).toString('utf8')) as { rootfs?: { diff_ids?: string[] } }) : {};
  return {
    layout: layoutDir,
    tag,
    ref: `oci:${layoutDir}:${tag}`,
    manifestDigest: desc.digest,
    configDigest: manifest.config?.digest ?? '',
    layers: (manifest.layers ?? []).map((l) => l.digest),
    diffIds: config.rootfs?.diff_ids ?? [],
  };
}

/** Reads what a tag of a layout holds. */
export async function describeImage(layoutDir: string, tag: string): Promise<BuiltImage> {
  return describeImageSync(layoutDir, tag);
}

/**
 * Copies an image with skopeo: `src` and `dest` are skopeo references ("oci:DIR:TAG",
 * "docker://HOST/NAME:TAG", "docker-archive:FILE:NAME:TAG"). Plain http and no TLS checks for
 * docker:// destinations and sources; `all` copies every image of an index.
 */
export async function skopeoCopy(
  src: string,
  dest: string,
  opts: { all?: boolean; destCreds?: string; srcCreds?: string; format?: 'oci' | 'v2s2' } = {},
): Promise<void> {
  const args = ['copy', '--insecure-policy', '--src-tls-verify=false', '--dest-tls-verify=false'];
  if (opts.all) args.push('--all');
  if (opts.format) args.push('--format', opts.format);
  if (opts.destCreds) args.push('--dest-creds', opts.destCreds);
  if (opts.srcCreds) args.push('--src-creds', opts.srcCreds);
  args.push(src, dest);
  await run('skopeo', args);
}

/**
 * Pushes `image` to `registryHost` as `name:tag`; returns the pushed reference (host/name:tag).
 * `format: 'v2s2'` converts to Docker schema 2 manifests (and a Docker manifest list with `all`).
 */
export async function pushImage(
  image: BuiltImage | string,
  registryHost: string,
  nameTag: string,
  opts: { all?: boolean; creds?: string; format?: 'oci' | 'v2s2' } = {},
): Promise<string> {
  const src = typeof image === 'string' ? image : image.ref;
  await skopeoCopy(src, `docker://${registryHost}/${nameTag}`, { all: opts.all, destCreds: opts.creds, format: opts.format });
  return `${registryHost}/${nameTag}`;
}
