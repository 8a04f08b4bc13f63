import { InvalidError, NotFoundError, UnsupportedError } from '@plateau/kernel';
import type { PlatformSpec } from './config';
import { checkDigest } from './reference';

/** Media types of manifests and indexes, in the order the provisioner asks for them. */
export const MediaTypes = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
} as const;

/** The Accept header of manifest requests: every format the provisioner reads. */
export const MANIFEST_ACCEPT = [MediaTypes.ociIndex, MediaTypes.dockerList, MediaTypes.ociManifest, MediaTypes.dockerManifest].join(', ');

/** OCI content descriptor. */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  urls?: string[];
  annotations?: Record<string, string>;
  platform?: { os: string; architecture: string; variant?: string; 'os.version'?: string; 'os.features'?: string[] };
}

/** An image manifest (OCI or Docker schema 2). */
export interface ImageManifest {
  schemaVersion: number;
  mediaType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

/** An image index (OCI) or manifest list (Docker). */
export interface ImageIndex {
  schemaVersion: number;
  mediaType?: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

/** The image config blob, as far as the provisioner reads it. */
export interface ImageConfigBlob {
  architecture?: string;
  os?: string;
  variant?: string;
  config?: {
    User?: string;
    Env?: string[] | null;
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    WorkingDir?: string;
    Labels?: Record<string, string> | null;
  };
  rootfs?: { type: string; diff_ids: string[] };
}

/** A parsed manifest document: an index to choose from, or a manifest to use. */
export type ManifestDoc = { type: 'index'; index: ImageIndex } | { type: 'manifest'; manifest: ImageManifest };

/**
 * Classifies and checks a manifest document by its media type (the response Content-Type or
 * the document's own `mediaType`); schema 1 manifests are refused as unsupported.
 */
export function parseManifest(body: Buffer, contentType: string | undefined, what: string): ManifestDoc {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new InvalidError(`${what}: manifest is not JSON`);
  }
  const ct = (contentType ?? '').split(';')[0]!.trim();
  const mediaType = typeof doc.mediaType === 'string' ? doc.mediaType : ct;
  if (mediaType === MediaTypes.dockerSchema1 || mediaType === MediaTypes.dockerSchema1Signed || doc.schemaVersion === 1) {
    throw new UnsupportedError(`${what}: Docker schema 1 manifests are not supported (push the image again with a current client)`);
  }
  const isIndex = mediaType === MediaTypes.ociIndex || mediaType === MediaTypes.dockerList || (mediaType === '' && Array.isArray(doc.manifests));
  if (isIndex) {
    if (!Array.isArray(doc.manifests)) throw new InvalidError(`${what}: index has no manifests`);
    const index = doc as unknown as ImageIndex;
    for (const m of index.manifests) checkDescriptor(m, `${what}: index entry`);
    return { type: 'index', index };
  }
  const isManifest =
    mediaType === MediaTypes.ociManifest || mediaType === MediaTypes.dockerManifest || (mediaType === '' && typeof doc.config === 'object');
  if (!isManifest) throw new UnsupportedError(`${what}: unsupported manifest media type '${mediaType || '(none)'}'`);
  const manifest = doc as unknown as ImageManifest;
  if (!manifest.config || !Array.isArray(manifest.layers)) throw new InvalidError(`${what}: manifest lacks config or layers`);
  checkDescriptor(manifest.config, `${what}: config`);
  for (const l of manifest.layers) checkDescriptor(l, `${what}: layer`);
  return { type: 'manifest', manifest };
}

function checkDescriptor(d: Descriptor, what: string): void {
  if (!d || typeof d.digest !== 'string') throw new InvalidError(`${what}: descriptor without digest`);
  checkDigest(d.digest, what);
  if (typeof d.size !== 'number' || d.size < 0) throw new InvalidError(`${what} ${d.digest}: descriptor without size`);
}

/** The platform of this host in OCI/GOARCH terms. */
export function hostPlatform(): Required<Pick<PlatformSpec, 'os' | 'architecture'>> & PlatformSpec {
  const arch: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
  return { os: 'linux', architecture: arch[process.arch] ?? process.arch, ...(process.arch === 'arm64' ? { variant: 'v8' } : {}) };
}

/** "os/arch[/variant]". */
export function formatPlatform(p: { os?: string; architecture?: string; variant?: string } | undefined): string {
  if (!p) return '(no platform)';
  return [p.os ?? '?', p.architecture ?? '?', p.variant].filter(Boolean).join('/');
}

/**
 * Picks the manifest for `want` from an index: os and architecture must match; a variant, when
 * asked for, must match too (arm64 without a variant counts as v8). Attestation manifests
 * (platform unknown/unknown) never match. Throws NotFoundError listing the platforms there are.
 */
export function selectPlatform(index: ImageIndex, want: PlatformSpec, what: string): Descriptor {
  const os = want.os ?? 'linux';
  const arch = want.architecture ?? hostPlatform().architecture;
  const variantOf = (d: Descriptor) => d.platform?.variant ?? (d.platform?.architecture === 'arm64' ? 'v8' : undefined);
  const candidates = index.manifests.filter(
    (d) =>
      d.platform?.os === os &&
      d.platform?.architecture === arch &&
      (want.variant === undefined || variantOf(d) === want.variant) &&
      (d.mediaType === undefined || d.mediaType !== 'application/vnd.in-toto+json'),
  );
  if (candidates.length === 0) {
    const have = index.manifests.map((d) => formatPlatform(d.platform)).join(', ') || 'none';
    throw new NotFoundError(`${what}: no manifest for platform ${formatPlatform({ os, architecture: arch, variant: want.variant })} (index has: ${have})`);
  }
  return candidates[0]!;
}
