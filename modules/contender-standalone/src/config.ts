/** Config of the standalone contender (the single source of truth is this schema). */
export const StandaloneConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    dir: {
      type: 'string',
      description: 'Directory holding leader.json and registry.json; masters and agents of one machine share it. Defaults to the module state dir.',
    },
    pollMs: { type: 'integer', minimum: 10, default: 250, description: 'How often the detector re-reads leader.json.' },
  },
} as const;

/** The standalone contender's config. */
export interface StandaloneConfig {
  dir?: string;
  pollMs: number;
}
