import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ConflictError, InvalidError, NotFoundError, type Logger, type Provisioner } from '@plateau/kernel';
import type { OciConfig, PlatformSpec } from './config';
import { HashTap, hexOf, sha256 } from './digest';
import { DigestMismatchError } from './errors';
import { flattenLayers, type UnpackedLayer } from './flatten';
import { formatPlatform, hostPlatform, parseManifest, selectPlatform, type ImageConfigBlob } from './manifest';
import { formatReference, parseReference, type ImageRef, type RegistryRef } from './reference';
import { RegistryClient, credentialsFromDockerConfig, type Credentials } from './registry-client';
import { Mounter } from './mounter';
import { assemble, chooseBackend, isMounted, teardown, type Backend, type ContainerPaths } from './rootfs';
import { layersOf, parseConfig, resolveDockerArchive, resolveOciLayout, type LayerDesc, type ResolvedImage, type UnpackFn } from './sources';
import { unpackLayer, type LayerMeta } from './unpack';
import { ProgressHub, type ProgressEvent } from './progress-hub';

type ProvisionRequest = Parameters<Provisioner['provision']>[0];
type ProvisionResponse = Awaited<ReturnType<Provisioner['provision']>>;
type DestroyRequest = Parameters<Provisioner['destroy']>[0];
type RecoverRequest = Parameters<Provisioner['recover']>[0];
type ProgressRequest = Parameters<NonNullable<Provisioner['progress']>>[0];
type ImageConfigOut = NonNullable<ProvisionResponse['config']>;

/** Progress of one layer of an image pull. */
export interface PullProgress {
  /** The image reference as asked for. */
  image: string;
  /** Layer digest (blob digest, or diff id when the blob digest is unknown). */
  layer: string;
  /** `downloading` and `unpacking` repeat with growing byte counts; `cached` and `done` come once. */
  phase: 'cached' | 'downloading' | 'unpacking' | 'done';
  bytesDone: number;
  /** Blob size when known. */
  bytesTotal?: number;
  /** The layer's position in the image (0 is the base), once the image is resolved. */
  index?: number;
  /** How many layers the image has, once it is resolved. */
  layers?: number;
}

/** Options of a pull. */
export interface PullOptions {
  /** Fetch the manifest again even when the reference is cached. */
  forcePull?: boolean;
  /** Docker config.json text with credentials. */
  pullConfigJson?: string;
  /** Progress of this pull only (listeners added with onProgress hear every pull). */
  onProgress?: (p: PullProgress) => void;
}

/** An image ready to be used as a container rootfs. */
export interface PulledImage {
  /** The flattened image tree (read-only: shared by every container of the image). */
  tree: string;
  chainId: string;
  manifestDigest?: string;
  config: ImageConfigOut;
}

type Report = (p: Omit<PullProgress, 'image'>, force?: boolean) => void;

interface ContainerMeta {
  containerId: string;
  image: string;
  chainId: string;
  backend: Backend;
}

interface RefRecord {
  reference: string;
  platform: string;
  manifestDigest: string;
}

const CONTAINER_ID = /^[A-Za-z0-9_.-]+$/;

/** A promise with its settle functions. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** Runs `fn` over `items`, at most `limit` at once; rejects with the first failure after all settle. */
async function eachLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure;
}

/**
 * The OCI provisioner. Store layout under `storeDir`:
 *
 *     blobs/sha256/<hex>            compressed blobs fetched from registries (content-addressed)
 *     layers/<diff-hex>/tree        one unpacked layer, keyed by its diff id (shared by every image)
 *     layers/<diff-hex>/meta.json   its whiteouts, opaque dirs and cross-layer hard links
 *     images/<chain-hex>/rootfs     layers flattened (hard links into the layer trees), keyed by chain id
 *     manifests/<hex>.json, configs/<hex>.json, refs/<key>.json   what a reference resolved to (offline re-use)
 *     containers/<id>/rootfs        the container's rootfs (overlay mount point, or a copy)
 *     containers/<id>/upper, work   overlay upper and work dirs (the container's writes land in upper)
 *     tmp/                          staging; everything is built there and renamed into place
 */
export class OciProvisioner implements Provisioner {
  readonly client: RegistryClient;
  private backend: Backend = 'copy';
  private readonly platform: PlatformSpec;
  private readonly listeners = new Set<(p: PullProgress) => void>();
  private readonly inflightLayers = new Map<string, Promise<void>>();
  private readonly inflightBlobs = new Map<string, Promise<void>>();
  private readonly inflightImages = new Map<string, Promise<void>>();
  private readonly containerLocks = new Map<string, Promise<unknown>>();
  private readonly mounter = new Mounter();
  private readonly progressHub = new ProgressHub();
  /** Counters for logs and tests: layers unpacked, blobs downloaded, images flattened. */
  readonly counters = { layersUnpacked: 0, blobsDownloaded: 0, imagesFlattened: 0, manifestsFetched: 0 };

  constructor(
    private readonly config: OciConfig,
    private readonly log: Logger,
    readonly storeDir: string,
  ) {
    this.platform = { ...hostPlatform(), ...(config.platform ?? {}) };
    if (config.platform && config.platform.variant === undefined) delete this.platform.variant;
    this.client = new RegistryClient({
      settings: (registry) => this.config.registries[registry] ?? {},
      timeoutMs: config.requestTimeoutMs,
      log,
    });
  }

  /** Creates the store, clears staging and picks the rootfs backend. */
  async init(): Promise<void> {
    for (const d of ['blobs/sha256', 'layers', 'images', 'manifests', 'configs', 'refs', 'containers']) {
      await fs.mkdir(join(this.storeDir, d), { recursive: true });
    }
    await fs.rm(join(this.storeDir, 'tmp'), { recursive: true, force: true });
    await fs.mkdir(join(this.storeDir, 'tmp'), { recursive: true });
    this.backend = await chooseBackend(this.config.backend, this.storeDir, join(this.storeDir, 'tmp', 'probe'), this.log);
    this.log.info({ store: this.storeDir, backend: this.backend, platform: formatPlatform(this.platform) }, 'oci provisioner ready');
  }

  /** The backend in use ('overlay' or 'copy'). */
  get rootfsBackend(): Backend {
    return this.backend;
  }

  /** Adds a listener for the progress of every pull; returns a function that removes it. */
  onProgress(listener: (p: PullProgress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ends the mount helper; pulls in flight end with their callers. */
  async close(): Promise<void> {
    this.mounter.close();
  }

  // -------------------------------------------------------------------------------------------
  // Provisioner kind

  async provision(req: ProvisionRequest): Promise<ProvisionResponse> {
    const id = checkContainerId(req.containerId?.value);
    const name = req.image?.name ?? '';
    if (!name) throw new InvalidError('provision: image.name is empty');
    const ended = this.progressHub.begin(id);
    return this.withContainer(id, async () => {
      const paths = this.paths(id);
      const onProgress = progressThrottle(PROGRESS_EVENT_MS, (p) => this.progressHub.publish(id, toProgressEvent(p)));
      const pulled = await this.pull(name, { forcePull: req.image?.forcePull, pullConfigJson: req.image?.pullConfigJson, onProgress });
      const existing = await readJson<ContainerMeta>(join(paths.dir, 'meta.json'));
      if (existing) {
        if (existing.chainId !== pulled.chainId) {
          throw new ConflictError(`container ${id} already has a rootfs of another image (${existing.image}); destroy it first`);
        }
      } else {
        await fs.mkdir(paths.dir, { recursive: true });
        // The meta goes first, so that recovery knows about a rootfs even if it is half made.
        await writeJsonAtomic(join(paths.dir, 'meta.json'), { containerId: id, image: name, chainId: pulled.chainId, backend: this.backend } satisfies ContainerMeta, this.tmpDir(), false);
      }
      const backend = existing?.backend ?? this.backend;
      try {
        await assemble(backend, pulled.tree, paths, this.mounter);
      } catch (err) {
        await teardown(paths, this.log, this.mounter).catch(() => undefined);
        throw err;
      }
      this.log.info({ container: id, image: name, rootfs: paths.rootfs, backend }, 'rootfs provisioned');
      return { rootfs: paths.rootfs, config: pulled.config };
    }).finally(ended);
  }

  /** The pull progress of a container's Provision (see the kind's Progress RPC). */
  async *progress(req: ProgressRequest): AsyncGenerator<ProgressEvent> {
    const id = checkContainerId(req.containerId?.value);
    yield* this.progressHub.watch(id, () => exists(this.paths(id).rootfs));
  }

  async destroy(req: DestroyRequest): Promise<{ destroyed: boolean }> {
    const id = checkContainerId(req.containerId?.value);
    return this.withContainer(id, async () => {
      const paths = this.paths(id);
      const there = await fs.lstat(paths.dir).then(
        () => true,
        () => false,
      );
      if (!there) return { destroyed: false };
      await teardown(paths, this.log, this.mounter);
      this.log.info({ container: id }, 'rootfs destroyed');
      return { destroyed: true };
    });
  }

  async recover(req: RecoverRequest): Promise<Record<string, never>> {
    const known = new Set((req.known ?? []).map((c) => c?.value).filter((v): v is string => typeof v === 'string'));
    const ids = await fs.readdir(join(this.storeDir, 'containers')).catch(() => [] as string[]);
    for (const id of ids) {
      const paths = this.paths(id);
      if (!known.has(id)) {
        await this.withContainer(id, () => teardown(paths, this.log, this.mounter));
        this.log.info({ container: id }, 'rootfs of an unknown container removed');
        continue;
      }
      const meta = await readJson<ContainerMeta>(join(paths.dir, 'meta.json'));
      if (meta?.backend === 'overlay' && !(await isMounted(paths.rootfs))) {
        // After a host reboot the mount is gone while the container is still known: mount it again.
        const tree = join(this.storeDir, 'images', hexOf(meta.chainId), 'rootfs');
        if (await exists(tree)) await assemble('overlay', tree, paths, this.mounter);
        else this.log.warn({ container: id, chainId: meta.chainId }, 'image tree of a known container is gone; its rootfs is not remounted');
      }
    }
    await fs.rm(join(this.storeDir, 'tmp'), { recursive: true, force: true });
    await fs.mkdir(join(this.storeDir, 'tmp'), { recursive: true });
    return {};
  }

  // -------------------------------------------------------------------------------------------
  // Pulling

  /**
   * Resolves `name` (a local image name, a registry reference, `oci:` or `docker-archive:`),
   * makes sure each of its layers is unpacked in the cache and the layers are flattened, and
   * returns the flattened tree and the image's runtime config.
   */
  async pull(name: string, opts: PullOptions = {}): Promise<PulledImage> {
    const ref = parseReference(this.localImage(name) ?? name, this.config.defaultRegistry);
    // Layers are numbered once the image is resolved (every event comes after that).
    const order = new Map<string, number>();
    let count: number | undefined;
    const report: Report = (p, force) => this.emit({ image: name, ...p, index: order.get(p.layer), layers: count }, opts.onProgress, force);
    const resolved = await this.resolve(ref, opts, report);
    resolved.layers.forEach((l, i) => {
      if (l.digest) order.set(l.digest, i);
      order.set(l.diffId, i);
    });
    count = resolved.layers.length;
    await this.ensureLayers(resolved, report);
    const chainId = chainIdOf(resolved.layers.map((l) => l.diffId));
    const tree = await this.ensureImage(chainId, resolved);
    return { tree, chainId, manifestDigest: resolved.manifestDigest, config: toImageConfig(resolved.config, resolved.configDigest) };
  }

  /** The source configured in localImages for `name` (as written, or equal once normalized). */
  private localImage(name: string): string | undefined {
    const images = this.config.localImages;
    if (Object.hasOwn(images, name)) return images[name];
    let want: string;
    try {
      want = formatReference(parseReference(name, this.config.defaultRegistry));
    } catch {
      return undefined;
    }
    for (const [key, source] of Object.entries(images)) {
      try {
        if (formatReference(parseReference(key, this.config.defaultRegistry)) === want) return source;
      } catch {
        /* a key that is not a reference matches only as written */
      }
    }
    return undefined;
  }

  private async resolve(ref: ImageRef, opts: PullOptions, report: Report): Promise<ResolvedImage> {
    if (ref.kind === 'oci') return resolveOciLayout(ref, this.platform);
    if (ref.kind === 'docker-archive') return resolveDockerArchive(ref);
    return this.resolveRegistry(ref, opts, report);
  }

  private credentials(registry: string, pullConfigJson?: string): Credentials | undefined {
    const fromRequest = pullConfigJson ? credentialsFromDockerConfig(pullConfigJson, registry) : undefined;
    if (fromRequest) return fromRequest;
    const s = this.config.registries[registry];
    if (s?.username !== undefined && s.password !== undefined) return { username: s.username, password: s.password };
    return undefined;
  }

  private async resolveRegistry(ref: RegistryRef, opts: PullOptions, report: Report): Promise<ResolvedImage> {
    const what = formatReference(ref);
    const creds = this.credentials(ref.registry, opts.pullConfigJson);
    const platform = formatPlatform(this.platform);
    const refFile = join(this.storeDir, 'refs', `${hexOf(sha256(`${what}|${platform}`))}.json`);

    let manifestBody: Buffer | undefined;
    let manifestDigest: string | undefined;
    if (!opts.forcePull) {
      const rec = await readJson<RefRecord>(refFile);
      if (rec) {
        manifestBody = await fs.readFile(join(this.storeDir, 'manifests', `${hexOf(rec.manifestDigest)}.json`)).catch(() => undefined);
        manifestDigest = rec.manifestDigest;
        // A cached copy that no longer matches its digest (a torn write) is a cache miss.
        if (manifestBody && sha256(manifestBody) !== rec.manifestDigest) manifestBody = undefined;
      }
    }
    if (!manifestBody) {
      this.counters.manifestsFetched++;
      let fetched = await this.client.getManifest(ref, ref.digest ?? ref.tag ?? 'latest', creds);
      let doc = parseManifest(fetched.body, fetched.contentType, what);
      if (doc.type === 'index') {
        const desc = selectPlatform(doc.index, this.platform, what);
        this.log.debug({ image: what, platform, manifest: desc.digest }, 'platform selected from index');
        this.counters.manifestsFetched++;
        fetched = await this.client.getManifest(ref, desc.digest, creds);
        if (fetched.digest !== desc.digest) throw new DigestMismatchError(`manifest of ${what}`, desc.digest, fetched.digest);
        doc = parseManifest(fetched.body, fetched.contentType, what);
        if (doc.type !== 'manifest') throw new InvalidError(`${what}: index entry ${desc.digest} is an index again`);
      }
      manifestBody = fetched.body;
      manifestDigest = fetched.digest;
      await writeFileAtomic(join(this.storeDir, 'manifests', `${hexOf(manifestDigest)}.json`), manifestBody, this.tmpDir());
      await writeJsonAtomic(refFile, { reference: what, platform, manifestDigest } satisfies RefRecord, this.tmpDir());
    }
    const doc = parseManifest(manifestBody, undefined, what);
    if (doc.type !== 'manifest') throw new InvalidError(`${what}: cached manifest is an index`);
    const manifest = doc.manifest;
    const configFile = join(this.storeDir, 'configs', `${hexOf(manifest.config.digest)}.json`);
    let configBody: Buffer | undefined = await fs.readFile(configFile).catch(() => undefined);
    if (configBody && sha256(configBody) !== manifest.config.digest) configBody = undefined;
    if (!configBody) {
      configBody = await this.client.getSmallBlob(ref, manifest.config.digest, creds);
      await writeFileAtomic(configFile, configBody, this.tmpDir());
    }
    const config = parseConfig(configBody, manifest.layers.length, what);
    return {
      source: what,
      manifestDigest,
      configDigest: manifest.config.digest,
      config,
      layers: layersOf(manifest, config),
      provideLayers: (missing, unpack) =>
        eachLimit(missing, this.config.maxConcurrentDownloads, async (layer) => {
          const blob = await this.ensureBlob(ref, layer, creds, what, report);
          await unpack(layer, createReadStream(blob));
        }),
    };
  }

  /** Downloads a layer blob into blobs/ (verified) unless it is there; returns its path. */
  private async ensureBlob(ref: RegistryRef, layer: LayerDesc, creds: Credentials | undefined, image: string, report: Report): Promise<string> {
    const digest = layer.digest!;
    const path = join(this.storeDir, 'blobs', 'sha256', hexOf(digest));
    if (await exists(path)) return path;
    let p = this.inflightBlobs.get(digest);
    if (!p) {
      p = (async () => {
        const what = `layer ${digest} of ${image}`;
        const tmp = join(this.tmpDir(), `blob-${randomBytes(6).toString('hex')}`);
        try {
          const res = await this.client.getBlob(ref, digest, creds);
          const tap = new HashTap((bytes) => report({ layer: digest, phase: 'downloading', bytesDone: bytes, bytesTotal: layer.size }));
          await pipeline(res, tap, createWriteStream(tmp));
          const actual = tap.digest();
          if (actual !== digest) throw new DigestMismatchError(what, digest, actual);
          if (layer.size !== undefined && tap.bytes !== layer.size) throw new DigestMismatchError(`${what} (size ${tap.bytes}, manifest says ${layer.size})`, digest, actual);
          await fs.rename(tmp, path);
          this.counters.blobsDownloaded++;
        } finally {
          await fs.rm(tmp, { force: true });
        }
      })();
      this.inflightBlobs.set(digest, p);
      p.finally(() => this.inflightBlobs.delete(digest)).catch(() => undefined);
    }
    await p;
    return path;
  }

  /** Unpacks every layer of the image that the cache lacks, sharing work with concurrent pulls. */
  private async ensureLayers(resolved: ResolvedImage, report: Report): Promise<void> {
    const mine = new Map<string, ReturnType<typeof deferred>>();
    const waits: Promise<void>[] = [];
    const missing: LayerDesc[] = [];
    for (const layer of resolved.layers) {
      const key = layer.diffId;
      if (mine.has(key)) continue;
      if (await exists(this.layerMetaPath(key))) {
        report({ layer: layer.digest ?? key, phase: 'cached', bytesDone: layer.size ?? 0, bytesTotal: layer.size });
        continue;
      }
      const other = this.inflightLayers.get(key);
      if (other) {
        waits.push(other);
        continue;
      }
      const d = deferred();
      mine.set(key, d);
      this.inflightLayers.set(key, d.promise);
      missing.push(layer);
    }
    const unpack: UnpackFn = async (layer, stream) => {
      const d = mine.get(layer.diffId);
      try {
        await this.unpackToStore(layer, stream, resolved.source, report);
        d?.resolve();
      } catch (err) {
        d?.reject(err);
        throw err;
      }
    };
    try {
      if (missing.length > 0) await resolved.provideLayers(missing, unpack);
    } finally {
      for (const [key, d] of mine) {
        d.reject(new Error(`layer ${key} was not provided`));
        this.inflightLayers.delete(key);
      }
    }
    await Promise.all(waits);
  }

  private async unpackToStore(layer: LayerDesc, stream: AsyncIterable<Buffer>, image: string, report: Report): Promise<void> {
    const final = join(this.storeDir, 'layers', hexOf(layer.diffId));
    const staging = join(this.tmpDir(), `layer-${randomBytes(6).toString('hex')}`);
    const name = layer.digest ?? layer.diffId;
    const what = `layer ${name} of ${image}`;
    try {
      await fs.mkdir(join(staging, 'tree'), { recursive: true });
      const meta = await unpackLayer(stream, join(staging, 'tree'), {
        digest: layer.digest,
        diffId: layer.diffId,
        what,
        log: this.log,
        onBytes: (bytes) => report({ layer: name, phase: 'unpacking', bytesDone: bytes, bytesTotal: layer.size }),
      });
      await fs.writeFile(join(staging, 'meta.json'), JSON.stringify(meta));
      if (await exists(final)) return; // another process won the race; same content by definition
      await fs.rename(staging, final);
      this.counters.layersUnpacked++;
      report({ layer: name, phase: 'done', bytesDone: layer.size ?? meta.size, bytesTotal: layer.size }, true);
    } finally {
      await fs.rm(staging, { recursive: true, force: true });
    }
  }

  /** Flattens the image's layers into images/<chain>/rootfs unless it is there; returns that path. */
  private async ensureImage(chainId: string, resolved: ResolvedImage): Promise<string> {
    const dir = join(this.storeDir, 'images', hexOf(chainId));
    const tree = join(dir, 'rootfs');
    if (await exists(tree)) return tree;
    let p = this.inflightImages.get(chainId);
    if (!p) {
      p = (async () => {
        const staging = join(this.tmpDir(), `image-${randomBytes(6).toString('hex')}`);
        try {
          await fs.mkdir(join(staging, 'rootfs'), { recursive: true, mode: 0o755 });
          const layers: UnpackedLayer[] = [];
          for (const l of resolved.layers) {
            const meta = await readJson<LayerMeta>(this.layerMetaPath(l.diffId));
            if (!meta) throw new NotFoundError(`layer ${l.diffId} of ${resolved.source} vanished from the cache`);
            layers.push({ tree: join(this.storeDir, 'layers', hexOf(l.diffId), 'tree'), meta });
          }
          await flattenLayers(layers, join(staging, 'rootfs'));
          await writeJsonAtomic(join(staging, 'meta.json'), { chainId, layers: resolved.layers.map((l) => l.diffId), source: resolved.source }, this.tmpDir());
          if (!(await exists(tree))) {
            await fs.rm(dir, { recursive: true, force: true });
            await fs.rename(staging, dir);
            this.counters.imagesFlattened++;
          }
        } finally {
          await fs.rm(staging, { recursive: true, force: true });
        }
      })();
      this.inflightImages.set(chainId, p);
      p.finally(() => this.inflightImages.delete(chainId)).catch(() => undefined);
    }
    await p;
    return tree;
  }

  // -------------------------------------------------------------------------------------------
  // Progress

  private readonly lastLogged = new Map<string, number>();

  private emit(p: PullProgress, extra?: (p: PullProgress) => void, force = false): void {
    extra?.(p);
    for (const l of this.listeners) {
      try {
        l(p);
      } catch {
        /* a listener's failure is its own */
      }
    }
    const key = `${p.image}|${p.layer}|${p.phase}`;
    const now = Date.now();
    const last = this.lastLogged.get(key);
    const first = last === undefined;
    if (force || first || p.phase === 'done' || now - last >= this.config.progressIntervalMs) {
      this.lastLogged.set(key, now);
      const pct = p.bytesTotal ? Math.min(100, Math.round((p.bytesDone / p.bytesTotal) * 100)) : undefined;
      this.log.info({ image: p.image, layer: p.layer, phase: p.phase, bytesDone: p.bytesDone, bytesTotal: p.bytesTotal, pct }, `image layer ${p.phase}`);
    }
    if (p.phase === 'done' || p.phase === 'cached') {
      for (const ph of ['downloading', 'unpacking', 'done', 'cached']) this.lastLogged.delete(`${p.image}|${p.layer}|${ph}`);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Helpers

  private paths(id: string): ContainerPaths {
    const dir = join(this.storeDir, 'containers', id);
    return { dir, rootfs: join(dir, 'rootfs'), upper: join(dir, 'upper'), work: join(dir, 'work') };
  }

  private layerMetaPath(diffId: string): string {
    return join(this.storeDir, 'layers', hexOf(diffId), 'meta.json');
  }

  private tmpDir(): string {
    return join(this.storeDir, 'tmp');
  }

  /** Serializes work on one container id. */
  private async withContainer<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const before = this.containerLocks.get(id) ?? Promise.resolve();
    const run = before.catch(() => undefined).then(fn);
    const tail = run.catch(() => undefined);
    this.containerLocks.set(id, tail);
    try {
      return await run;
    } finally {
      if (this.containerLocks.get(id) === tail) this.containerLocks.delete(id);
    }
  }
}

/** Checks a container id against the shared convention (safe as a path and a runc id). */
export function checkContainerId(value: string | undefined): string {
  if (!value || !CONTAINER_ID.test(value) || value === '.' || value === '..') {
    throw new InvalidError(`container id '${value ?? ''}' must match ${CONTAINER_ID} (and not be . or ..)`);
  }
  return value;
}

/** OCI chain id of a layer stack (`sha256(chain(n-1) + " " + diffId(n))`); empty images get sha256(""). */
export function chainIdOf(diffIds: string[]): string {
  if (diffIds.length === 0) return sha256('');
  let chain = diffIds[0]!;
  for (const d of diffIds.slice(1)) chain = sha256(`${chain} ${d}`);
  return chain;
}

/** The image config as the container kinds carry it. */
export function toImageConfig(config: ImageConfigBlob, digest: string): ImageConfigOut {
  const c = config.config ?? {};
  return {
    entrypoint: c.Entrypoint ?? [],
    cmd: c.Cmd ?? [],
    env: (c.Env ?? []).map((e) => {
      const i = e.indexOf('=');
      return i < 0 ? { name: e, value: '' } : { name: e.slice(0, i), value: e.slice(i + 1) };
    }),
    workingDir: c.WorkingDir ?? '',
    user: c.User ?? '',
    labels: Object.entries(c.Labels ?? {}).map(([key, value]) => ({ key, value })),
    digest,
  };
}

async function exists(path: string): Promise<boolean> {
  return fs.lstat(path).then(
    () => true,
    () => false,
  );
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await fs.readFile(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/**
 * Writes a file whole or not at all (temp file + rename). `sync` flushes it first; records that
 * are checked when read (digests, JSON) or rebuilt by recovery skip that cost.
 */
async function writeFileAtomic(path: string, data: Buffer | string, tmpDir: string, sync = true): Promise<void> {
  const tmp = join(tmpDir, `write-${randomBytes(6).toString('hex')}`);
  const fh = await fs.open(tmp, 'w');
  try {
    await fh.writeFile(data);
    if (sync) await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.rename(tmp, path);
}

function writeJsonAtomic(path: string, value: unknown, tmpDir: string, sync = true): Promise<void> {
  return writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`, tmpDir, sync);
}

/** Least time between two Progress events of one layer in one phase (first and last always go). */
const PROGRESS_EVENT_MS = 200;

/** `fn` for every `cached`/`done` event and the first of each phase, else at most every `ms` per layer. */
function progressThrottle(ms: number, fn: (p: PullProgress) => void): (p: PullProgress) => void {
  const last = new Map<string, number>();
  return (p) => {
    const key = `${p.layer}|${p.phase}`;
    const now = Date.now();
    const prev = last.get(key);
    if (p.phase === 'cached' || p.phase === 'done' || prev === undefined || now - prev >= ms) {
      last.set(key, now);
      fn(p);
    }
  };
}

function toProgressEvent(p: PullProgress): ProgressEvent {
  return { image: p.image, layer: p.layer, phase: p.phase, bytesDone: p.bytesDone, bytesTotal: p.bytesTotal ?? 0, index: p.index ?? 0, layers: p.layers ?? 0 };
}
