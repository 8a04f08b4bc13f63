/**
 * Config of the owner-labels hook. The schema is the single source of truth: the kernel validates
 * the YAML `config:` against it (and fills defaults) before `create` runs.
 */
export const OwnerLabelsConfigSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['owner'],
  properties: {
    owner: {
      type: 'string',
      minLength: 1,
      description: 'Team that owns what runs here; stamped as the label owner=<owner>.',
    },
    labels: {
      type: 'object',
      default: {},
      description: 'Further labels to stamp, key to value (e.g. cost-center: "42"). The key owner is reserved.',
      propertyNames: { minLength: 1, not: { const: 'owner' } },
      additionalProperties: { type: 'string' },
    },
    envPrefix: {
      type: 'string',
      default: 'PLATEAU_LABEL_',
      pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
      description: 'Prefix of the environment variables set before launch: owner becomes <prefix>OWNER, cost-center <prefix>COST_CENTER.',
    },
  },
} as const;

/** The owner-labels hook's config, after validation and defaults. */
export interface OwnerLabelsConfig {
  /** Owning team, stamped as `owner=<owner>`. */
  owner: string;
  /** Further labels to stamp. */
  labels: Record<string, string>;
  /** Prefix of the environment variable names set before launch. */
  envPrefix: string;
}
