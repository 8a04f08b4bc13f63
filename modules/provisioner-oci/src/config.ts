/** Config of the OCI provisioner (the single source of truth is this schema). */
export const OciConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    storeDir: {
      type: 'string',
      description:
        'Directory of the content-addressed store (blobs, unpacked layers, flattened images) and of the per-container rootfs. Defaults to the module state dir.',
    },
    defaultRegistry: {
      type: 'string',
      default: 'docker.io',
      description:
        'Registry of references that name none ("busybox", "team/app:1"). "docker.io" means Docker Hub (API host registry-1.docker.io; one-component names get "library/").',
    },
    registries: {
      type: 'object',
      default: {},
      description: 'Per-registry settings, keyed by the registry host[:port] as written in image references.',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          insecure: { type: 'boolean', default: false, description: 'Plain http, or https without certificate verification.' },
          url: {
            type: 'string',
            description: 'Base URL to reach the registry at instead of https://<host> (a mirror or a local address), e.g. http://127.0.0.1:5000.',
          },
          username: { type: 'string', description: 'User for basic auth and for bearer-token requests.' },
          password: { type: 'string', description: 'Password (or token) for basic auth and bearer-token requests.' },
        },
      },
    },
    platform: {
      type: 'object',
      additionalProperties: false,
      description: 'Platform picked from multi-platform images (OCI index, Docker manifest list). Defaults to linux and the host architecture.',
      properties: {
        os: { type: 'string', description: 'e.g. "linux".' },
        architecture: { type: 'string', description: 'GOARCH name, e.g. "amd64", "arm64".' },
        variant: { type: 'string', description: 'e.g. "v8" for arm64; omitted matches any.' },
      },
    },
    localImages: {
      type: 'object',
      default: {},
      description:
        'Images served without network: name → local source ("oci:/path/to/layout[:tag]" or "docker-archive:/path/x.tar[:name:tag]"). A reference equal to a key (as written or normalized, e.g. "busybox" and "busybox:latest") resolves here.',
      additionalProperties: { type: 'string' },
    },
    backend: {
      type: 'string',
      enum: ['auto', 'overlay', 'copy'],
      default: 'auto',
      description:
        'How a container rootfs is assembled from the flattened image: "overlay" mounts an overlayfs (image read-only below, a per-container upper dir above); "copy" copies the image tree; "auto" uses overlay when a probe mount works at start, copy otherwise.',
    },
    maxConcurrentDownloads: { type: 'integer', minimum: 1, default: 3, description: 'Layers fetched at once per image.' },
    requestTimeoutMs: {
      type: 'integer',
      minimum: 100,
      default: 30000,
      description: 'Time allowed without progress on one registry request (headers, then each chunk of the body).',
    },
    progressIntervalMs: { type: 'integer', minimum: 0, default: 1000, description: 'Least time between two progress log lines of one layer.' },
  },
} as const;

/** Settings of one registry. */
export interface RegistrySettings {
  insecure?: boolean;
  url?: string;
  username?: string;
  password?: string;
}

/** Platform to select from a multi-platform image. */
export interface PlatformSpec {
  os?: string;
  architecture?: string;
  variant?: string;
}

/** The OCI provisioner's config. */
export interface OciConfig {
  storeDir?: string;
  defaultRegistry: string;
  registries: Record<string, RegistrySettings>;
  platform?: PlatformSpec;
  localImages: Record<string, string>;
  backend: 'auto' | 'overlay' | 'copy';
  maxConcurrentDownloads: number;
  requestTimeoutMs: number;
  progressIntervalMs: number;
}

/** Fills the defaults the schema declares (for callers that build the provisioner without the host). */
export function withDefaults(config: Partial<OciConfig>): OciConfig {
  return {
    defaultRegistry: 'docker.io',
    registries: {},
    localImages: {},
    backend: 'auto',
    maxConcurrentDownloads: 3,
    requestTimeoutMs: 30000,
    progressIntervalMs: 1000,
    ...config,
  };
}
