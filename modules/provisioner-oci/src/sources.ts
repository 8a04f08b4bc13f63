import { createReadStream } from 'node:fs';
import * as fs from 'node:fs/promises';
import { join, posix } from 'node:path';
import { InvalidError, NotFoundError } from '@plateau/kernel';
import * as tar from 'tar-stream';

/** One member of a tar being read. */
type TarEntry = AsyncIterable<Buffer> & { header: tar.Header; resume(): unknown };
import type { PlatformSpec } from './config';
import { hexOf, sha256, verifyBuffer } from './digest';
import { parseManifest, selectPlatform, type Descriptor, type ImageConfigBlob, type ImageManifest } from './manifest';
import { checkDigest, formatReference, parseReference, type DockerArchiveRef, type OciLayoutRef } from './reference';

/** One layer of a resolved image. */
export interface LayerDesc {
  /** Position in the image, bottom first. */
  index: number;
  /** Digest of the blob as stored (compressed); undefined when only the diff id is known. */
  digest?: string;
  /** Digest of the uncompressed tar (config rootfs.diff_ids): the layer cache key. */
  diffId: string;
  /** Blob size when known. */
  size?: number;
  mediaType?: string;
  /** docker-archive: the member of the tarball holding the layer. */
  file?: string;
}

/** Unpacks one layer from a stream of its blob. */
export type UnpackFn = (layer: LayerDesc, stream: AsyncIterable<Buffer>) => Promise<void>;

/** An image whose manifest and config are known; its layers come from `provideLayers`. */
export interface ResolvedImage {
  /** Where the image came from, for messages. */
  source: string;
  manifestDigest?: string;
  configDigest: string;
  config: ImageConfigBlob;
  layers: LayerDesc[];
  /** Streams each of `missing` into `unpack` (in any order, possibly several at once). */
  provideLayers(missing: LayerDesc[], unpack: UnpackFn): Promise<void>;
}

/** Parses and checks an image config blob against its manifest's layers. */
export function parseConfig(body: Buffer, layerCount: number, what: string): ImageConfigBlob {
  let config: ImageConfigBlob;
  try {
    config = JSON.parse(body.toString('utf8')) as ImageConfigBlob;
  } catch {
    throw new InvalidError(`${what}: image config is not JSON`);
  }
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== layerCount) {
    throw new InvalidError(`${what}: image config lists ${diffIds.length} diff ids for ${layerCount} layers`);
  }
  for (const d of diffIds) checkDigest(d, `${what}: diff id`);
  return config;
}

/** The layers of a manifest paired with the config's diff ids. */
export function layersOf(manifest: ImageManifest, config: ImageConfigBlob): LayerDesc[] {
  const diffIds = config.rootfs?.diff_ids ?? [];
  return manifest.layers.map((l, index) => ({ index, digest: l.digest, diffId: diffIds[index]!, size: l.size, mediaType: l.mediaType }));
}

// ---------------------------------------------------------------------------------------------
// OCI image layout

const REF_NAME = 'org.opencontainers.image.ref.name';

/** Resolves `oci:/path[:tag|digest]` (an OCI image layout directory), picking the platform from an index. */
export async function resolveOciLayout(ref: OciLayoutRef, platform: PlatformSpec): Promise<ResolvedImage> {
  const what = formatReference(ref);
  const layout = await fs.readFile(join(ref.path, 'oci-layout'), 'utf8').catch(() => undefined);
  if (layout === undefined) throw new NotFoundError(`${what}: no OCI image layout at ${ref.path} (oci-layout file missing)`);
  const index = parseManifest(await fs.readFile(join(ref.path, 'index.json')), undefined, `${what}: index.json`);
  if (index.type !== 'index') throw new InvalidError(`${what}: index.json is not an image index`);
  const top = index.index.manifests;
  let desc: Descriptor | undefined;
  if (ref.ref?.startsWith('sha256:')) {
    desc = top.find((d) => d.digest === ref.ref) ?? { mediaType: '', digest: checkDigest(ref.ref, what), size: 0 };
  } else if (ref.ref) {
    desc = top.find((d) => d.annotations?.[REF_NAME] === ref.ref);
    if (!desc) {
      const names = top.map((d) => d.annotations?.[REF_NAME]).filter(Boolean);
      throw new NotFoundError(`${what}: no image tagged '${ref.ref}' in the layout (tags: ${names.join(', ') || 'none'})`);
    }
  } else {
    if (top.length !== 1) throw new InvalidError(`${what}: the layout holds ${top.length} images; name one with oci:${ref.path}:<tag>`);
    desc = top[0]!;
  }
  const readBlob = async (digest: string, what2: string) => {
    const path = join(ref.path, 'blobs', 'sha256', hexOf(checkDigest(digest, what2)));
    const body = await fs.readFile(path).catch(() => {
      throw new NotFoundError(`${what2}: blob ${digest} missing from the layout`);
    });
    verifyBuffer(body, digest, what2);
    return body;
  };
  for (let depth = 0; ; depth++) {
    if (depth > 4) throw new InvalidError(`${what}: indexes nested too deep`);
    const doc = parseManifest(await readBlob(desc.digest, what), desc.mediaType, what);
    if (doc.type === 'index') {
      desc = selectPlatform(doc.index, platform, what);
      continue;
    }
    const manifest = doc.manifest;
    const config = parseConfig(await readBlob(manifest.config.digest, `${what}: config`), manifest.layers.length, what);
    const manifestDigest = desc.digest;
    return {
      source: what,
      manifestDigest,
      configDigest: manifest.config.digest,
      config,
      layers: layersOf(manifest, config),
      async provideLayers(missing, unpack) {
        for (const layer of missing) {
          const path = join(ref.path, 'blobs', 'sha256', hexOf(layer.digest!));
          await fs.access(path).catch(() => {
            throw new NotFoundError(`${what}: layer blob ${layer.digest} missing from the layout`);
          });
          await unpack(layer, createReadStream(path));
        }
      },
    };
  }
}

// ---------------------------------------------------------------------------------------------
// docker-archive (docker save / skopeo docker-archive:)

interface ArchiveManifestEntry {
  Config: string;
  RepoTags?: string[] | null;
  Layers: string[];
}

const clean = (name: string) => posix.normalize(name).replace(/^(\.\/)+/, '').replace(/^\/+/, '');

/** Reads every member of a tar, handing each to `onEntry`; members it does not read are drained. */
async function scanTar(path: string, onEntry: (name: string, entry: TarEntry) => Promise<void>): Promise<void> {
  const extract = tar.extract();
  const stream = createReadStream(path);
  stream.on('error', (err) => extract.destroy(err));
  stream.pipe(extract as unknown as NodeJS.WritableStream);
  try {
    for await (const entry of extract) {
      try {
        await onEntry(clean(entry.header.name), entry as unknown as TarEntry);
      } finally {
        entry.resume();
      }
    }
  } finally {
    stream.destroy();
  }
}

async function readEntry(entry: TarEntry, limit: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of entry as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > limit) throw new InvalidError(`${what}: member larger than ${limit} bytes`);
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

/**
 * Resolves `docker-archive:/x.tar[:name:tag|:@N]`: reads manifest.json and the image config from
 * the tarball (one pass), then streams the layer members it needs in a second pass.
 */
export async function resolveDockerArchive(ref: DockerArchiveRef): Promise<ResolvedImage> {
  const what = formatReference(ref);
  await fs.access(ref.path).catch(() => {
    throw new NotFoundError(`${what}: no such file ${ref.path}`);
  });
  const small = new Map<string, Buffer>();
  const links = new Map<string, string>();
  await scanTar(ref.path, async (name, entry) => {
    const h = entry.header;
    if (h.type === 'symlink' || h.type === 'link') {
      links.set(name, clean(h.type === 'symlink' ? posix.join(posix.dirname(name), h.linkname) : h.linkname));
    } else if (name.endsWith('.json') && (h.size ?? 0) <= 16 << 20) small.set(name, await readEntry(entry, 16 << 20, what));
  });
  // Older `docker save` archives name layers <id>/layer.tar, often links to the real member.
  const member = (file: string) => {
    let name = clean(file);
    for (let i = 0; i < 10 && links.has(name); i++) name = links.get(name)!;
    return name;
  };
  const manifestText = small.get('manifest.json');
  if (!manifestText) throw new InvalidError(`${what}: not a docker archive (no manifest.json)`);
  let entries: ArchiveManifestEntry[];
  try {
    entries = JSON.parse(manifestText.toString('utf8')) as ArchiveManifestEntry[];
  } catch {
    throw new InvalidError(`${what}: manifest.json is not JSON`);
  }
  if (!Array.isArray(entries) || entries.length === 0) throw new InvalidError(`${what}: manifest.json lists no image`);
  let chosen: ArchiveManifestEntry | undefined;
  if (ref.ref === undefined) {
    if (entries.length !== 1) throw new InvalidError(`${what}: the archive holds ${entries.length} images; name one with :name:tag or :@N`);
    chosen = entries[0];
  } else if (/^@\d+$/.test(ref.ref)) {
    chosen = entries[Number(ref.ref.slice(1))];
    if (!chosen) throw new NotFoundError(`${what}: no image ${ref.ref} (the archive holds ${entries.length})`);
  } else {
    const want = formatReference(parseReference(ref.ref));
    chosen = entries.find((e) => (e.RepoTags ?? []).some((t) => formatReference(parseReference(t)) === want));
    if (!chosen) {
      const tags = entries.flatMap((e) => e.RepoTags ?? []);
      throw new NotFoundError(`${what}: no image tagged '${ref.ref}' (tags: ${tags.join(', ') || 'none'})`);
    }
  }
  const configBody = small.get(member(chosen.Config));
  if (!configBody) throw new InvalidError(`${what}: config ${chosen.Config} missing from the archive`);
  const configDigest = sha256(configBody);
  const hexName = /^([a-f0-9]{64})\.json$/.exec(posix.basename(chosen.Config))?.[1];
  if (hexName && `sha256:${hexName}` !== configDigest) verifyBuffer(configBody, `sha256:${hexName}`, `${what}: config`);
  const config = parseConfig(configBody, chosen.Layers.length, what);
  const layers: LayerDesc[] = chosen.Layers.map((file, index) => ({ index, diffId: config.rootfs!.diff_ids[index]!, file: member(file) }));
  return {
    source: what,
    configDigest,
    config,
    layers,
    async provideLayers(missing, unpack) {
      const byFile = new Map<string, LayerDesc>();
      for (const l of missing) if (!byFile.has(l.file!)) byFile.set(l.file!, l);
      const done = new Set<string>();
      await scanTar(ref.path, async (name, entry) => {
        const layer = byFile.get(name);
        if (!layer || done.has(name)) return;
        if (entry.header.type !== 'file' && entry.header.type !== 'contiguous-file') return;
        done.add(name);
        await unpack(layer, entry as AsyncIterable<Buffer>);
      });
      const lost = [...byFile.keys()].filter((f) => !done.has(f));
      if (lost.length > 0) throw new InvalidError(`${what}: layer members missing from the archive: ${lost.join(', ')}`);
    },
  };
}
