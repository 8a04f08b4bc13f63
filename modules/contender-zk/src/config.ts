/** Config of the ZooKeeper contender (the single source of truth is this schema). */
export const ZkConfigSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['servers'],
  properties: {
    servers: {
      type: 'array',
      minItems: 1,
      items: { type: 'string', pattern: '^[^\\s,/]+:[0-9]{1,5}$' },
      description: 'ZooKeeper servers as "host:port", e.g. ["10.0.0.1:2181", "10.0.0.2:2181"].',
    },
    path: {
      type: 'string',
      pattern: '^/[^/]+(/[^/]+)*$',
      default: '/plateau',
      description: 'Znode under which masters contend (Mesos layout: json.info_<seq> children) and the registry lives (<path>/registry).',
    },
    sessionTimeoutMs: {
      type: 'integer',
      minimum: 200,
      default: 10000,
      description: 'ZooKeeper session timeout asked for (the server may bound it). A leader that cannot prove its session alive within 2/3 of it steps down.',
    },
    connectTimeoutMs: {
      type: 'integer',
      minimum: 100,
      default: 10000,
      description: 'How long a registry call waits for a connection to ZooKeeper before it fails as unavailable.',
    },
  },
} as const;

/** The ZooKeeper contender's config. */
export interface ZkConfig {
  servers: string[];
  path: string;
  sessionTimeoutMs: number;
  connectTimeoutMs: number;
}
