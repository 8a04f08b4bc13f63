/** Config of the etcd contender (the single source of truth is this schema). */
export const EtcdConfigSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['endpoints'],
  properties: {
    endpoints: {
      type: 'array',
      minItems: 1,
      items: { type: 'string', pattern: '^https?://[^\\s,]+$' },
      description: 'etcd client URLs, e.g. ["http://10.0.0.1:2379", "http://10.0.0.2:2379"].',
    },
    prefix: {
      type: 'string',
      pattern: '^/[^\\s]*[^/\\s]$',
      default: '/plateau',
      description: 'Key prefix: masters contend under <prefix>/election/, the registry lives under <prefix>/registry/.',
    },
    leaseTtlSeconds: {
      type: 'integer',
      minimum: 1,
      default: 10,
      description: 'TTL of each candidate\'s lease (etcd may raise it to its minimum). A leader whose keep-alive is not confirmed within 2/3 of it steps down.',
    },
    callTimeoutMs: {
      type: 'integer',
      minimum: 100,
      default: 10000,
      description: 'Deadline of each etcd call (registry reads and writes, election steps).',
    },
  },
} as const;

/** The etcd contender's config. */
export interface EtcdConfig {
  endpoints: string[];
  prefix: string;
  leaseTtlSeconds: number;
  callTimeoutMs: number;
}
