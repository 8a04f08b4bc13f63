/** Config of the docker-volume isolator (the single source of truth is this schema). */
export const DockerVolumeConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    socketDirs: {
      type: 'array',
      items: { type: 'string' },
      default: ['/run/docker/plugins'],
      description: 'Where plugin unix sockets are looked for, in order: <dir>/<driver>.sock, then <dir>/<driver>/<driver>.sock (Docker: /run/docker/plugins).',
    },
    specDirs: {
      type: 'array',
      items: { type: 'string' },
      default: ['/etc/docker/plugins', '/usr/lib/docker/plugins'],
      description: 'Where <driver>.spec (one URL: unix:///path or tcp://host:port) and <driver>.json ({Name, Addr, TLSConfig}) files are looked for, in order, after the sockets.',
    },
    connectRetryMs: {
      type: 'integer',
      minimum: 0,
      default: 30000,
      description: 'How long a call keeps retrying a plugin it cannot connect to (back-off 1 s, 2 s, 4 s ...), as Docker\'s plugin client (30 s there); 0 tries once.',
    },
    mountTimeoutMs: {
      type: 'integer',
      minimum: 100,
      default: 120000,
      description: 'Time limit of VolumeDriver.Create and VolumeDriver.Mount (Docker: 2 min).',
    },
    callTimeoutMs: {
      type: 'integer',
      minimum: 100,
      default: 60000,
      description: 'Time limit of every other call (Docker: 1 min).',
    },
  },
} as const;

/** The docker-volume isolator's config, after defaults. */
export interface DockerVolumeConfig {
  socketDirs: string[];
  specDirs: string[];
  connectRetryMs: number;
  mountTimeoutMs: number;
  callTimeoutMs: number;
}

/** Fills what the host's schema defaults would; lets the isolator be built directly (tests, tools). */
export function withDefaults(c: Partial<DockerVolumeConfig> = {}): DockerVolumeConfig {
  return {
    socketDirs: c.socketDirs ?? ['/run/docker/plugins'],
    specDirs: c.specDirs ?? ['/etc/docker/plugins', '/usr/lib/docker/plugins'],
    connectRetryMs: c.connectRetryMs ?? 30000,
    mountTimeoutMs: c.mountTimeoutMs ?? 120000,
    callTimeoutMs: c.callTimeoutMs ?? 60000,
  };
}
