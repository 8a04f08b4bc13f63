/** Config of the posix launcher (the single source of truth is this schema). */
export const PosixConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    launchTimeoutMs: {
      type: 'integer',
      minimum: 100,
      default: 30000,
      description: 'How long Launch and Start wait for the process to be created or started.',
    },
  },
} as const;

/** The posix launcher's config. */
export interface PosixConfig {
  launchTimeoutMs: number;
}
