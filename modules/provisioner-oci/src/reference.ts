import { InvalidError, UnsupportedError } from '@plateau/kernel';

/** An image in a Docker Registry HTTP API v2 server. */
export interface RegistryRef {
  kind: 'registry';
  /** Registry host[:port] as written ("docker.io" for Docker Hub). */
  registry: string;
  /** Repository path, e.g. "library/busybox", "team/app". */
  repository: string;
  /** Tag; undefined when the reference names a digest only. */
  tag?: string;
  /** Manifest digest ("sha256:..."); when set it wins over the tag. */
  digest?: string;
}

/** An image in an OCI image layout directory (`oci:/path[:tag-or-digest]`). */
export interface OciLayoutRef {
  kind: 'oci';
  path: string;
  /** Tag (org.opencontainers.image.ref.name) or manifest digest; undefined: the layout's only image. */
  ref?: string;
}

/** An image in a `docker save` / `skopeo copy docker-archive:` tarball. */
export interface DockerArchiveRef {
  kind: 'docker-archive';
  path: string;
  /** "name:tag" among the archive's RepoTags, or "@N" (N-th image); undefined: the archive's only image. */
  ref?: string;
}

/** Any image reference the provisioner understands. */
export type ImageRef = RegistryRef | OciLayoutRef | DockerArchiveRef;

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const SHA256 = /^sha256:[a-f0-9]{64}$/;
const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** Whether a registry name means Docker Hub. */
export function isDockerHub(registry: string): boolean {
  return DOCKER_HUB.has(registry);
}

/** Checks a digest's syntax and that it is sha256 (the only algorithm verified). */
export function checkDigest(digest: string, what: string): string {
  if (!DIGEST.test(digest)) throw new InvalidError(`${what}: '${digest}' is not a digest (algorithm:hex)`);
  if (!SHA256.test(digest)) throw new UnsupportedError(`${what}: digest '${digest}' is not sha256, the only algorithm verified`);
  return digest;
}

/**
 * Parses an image reference: `busybox`, `busybox:1.36`, `127.0.0.1:5000/team/app:tag`,
 * `name@sha256:...`, `docker://name`, `oci:/layout[:tag]`, `docker-archive:/x.tar[:name:tag]`.
 * Names without a registry get `defaultRegistry`; on Docker Hub one-component names get `library/`.
 */
export function parseReference(input: string, defaultRegistry = 'docker.io'): ImageRef {
  const text = input.trim();
  if (text === '') throw new InvalidError('image reference is empty');
  if (text.startsWith('oci:')) {
    const { path, ref } = splitLocal(text.slice(4), 'oci');
    return { kind: 'oci', path, ref };
  }
  if (text.startsWith('docker-archive:')) {
    const { path, ref } = splitLocal(text.slice('docker-archive:'.length), 'docker-archive');
    return { kind: 'docker-archive', path, ref };
  }
  let rest = text.startsWith('docker://') ? text.slice('docker://'.length) : text;

  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = checkDigest(rest.slice(at + 1), `image reference '${input}'`);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw new InvalidError(`image reference '${input}': invalid tag '${tag}'`);
  }
  let registry = defaultRegistry;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase()) {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  if (!/^[a-zA-Z0-9.-]+(:\d+)?$/.test(registry) && !/^\[[0-9a-fA-F:]+\](:\d+)?$/.test(registry)) {
    throw new InvalidError(`image reference '${input}': invalid registry '${registry}'`);
  }
  const components = rest.split('/');
  for (const c of components) {
    if (!COMPONENT.test(c)) {
      throw new InvalidError(`image reference '${input}': invalid repository component '${c}' (lowercase letters, digits, separators)`);
    }
  }
  if (isDockerHub(registry)) {
    registry = 'docker.io';
    if (components.length === 1) rest = `library/${rest}`;
  }
  if (tag === undefined && digest === undefined) tag = 'latest';
  return { kind: 'registry', registry, repository: rest, tag, digest };
}

function splitLocal(spec: string, transport: string): { path: string; ref?: string } {
  const colon = spec.indexOf(':');
  const path = colon >= 0 ? spec.slice(0, colon) : spec;
  const ref = colon >= 0 ? spec.slice(colon + 1) : undefined;
  if (path === '') throw new InvalidError(`${transport}: reference without a path`);
  return { path, ref: ref === '' ? undefined : ref };
}

/** The reference written in full: `registry/repository[:tag][@digest]`, `oci:path[:ref]`, ... */
export function formatReference(ref: ImageRef): string {
  if (ref.kind === 'oci' || ref.kind === 'docker-archive') return `${ref.kind}:${ref.path}${ref.ref ? `:${ref.ref}` : ''}`;
  return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}
