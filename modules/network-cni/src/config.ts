/** Config of the CNI isolator (the single source of truth is this schema). */
export const CniConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    confDirs: {
      type: 'array',
      items: { type: 'string' },
      default: ['/etc/cni/net.d'],
      description: 'Directories of network configs (*.conflist, *.conf, *.json), read at start; each network name once across them. A missing directory holds none.',
    },
    binDirs: {
      type: 'array',
      items: { type: 'string' },
      default: ['/usr/lib/cni', '/opt/cni/bin'],
      description: 'Directories searched for plugin binaries, in order (CNI_PATH).',
    },
    stateDir: { type: 'string', description: "Where attachments are checkpointed (the network config and ADD result each DEL needs); default the module's state dir." },
    runDir: { type: 'string', description: "Where network namespace files and containers' hosts/resolv.conf/hostname files live (they outlive an agent restart); default <stateDir>/live." },
    pluginTimeoutMs: { type: 'integer', minimum: 100, default: 30000, description: 'How long one plugin run may take.' },
    loopback: { type: 'boolean', default: true, description: 'Bring lo up in each network namespace with the loopback plugin.' },
  },
} as const;

/** The module's config, defaults applied. */
export interface CniConfig {
  confDirs: string[];
  binDirs: string[];
  stateDir?: string;
  runDir?: string;
  pluginTimeoutMs: number;
  loopback: boolean;
}

/** The config with defaults for what it leaves out. */
export function withDefaults(c: Partial<CniConfig> | undefined): CniConfig {
  return {
    confDirs: c?.confDirs ?? ['/etc/cni/net.d'],
    binDirs: c?.binDirs ?? ['/usr/lib/cni', '/opt/cni/bin'],
    stateDir: c?.stateDir,
    runDir: c?.runDir,
    pluginTimeoutMs: c?.pluginTimeoutMs ?? 30000,
    loopback: c?.loopback ?? true,
  };
}
