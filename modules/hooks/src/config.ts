/**
 * Config of the hooks module. The schema is the single source of truth: the kernel validates the
 * YAML `config:` against it (and fills defaults) before `create` runs.
 */

/** The hook points, by their method names (kernel.hook.v1.Hook). */
export const HOOK_POINTS = ['masterLaunchTask', 'agentRunTask', 'agentPreLaunch', 'agentTaskStatus', 'agentResources', 'agentRemoveExecutor'] as const;
export type HookPoint = (typeof HOOK_POINTS)[number];

/** The points that carry labels (static `labels` are stamped at all three). */
export const LABEL_POINTS = ['masterLaunchTask', 'agentRunTask', 'agentTaskStatus'] as const;
export type LabelPoint = (typeof LABEL_POINTS)[number];

/** Default deadline of one run of the exec hook, ms: under the kernel's 5 s, so its own reason is what gets logged. */
export const EXEC_TIMEOUT_MS = 4000;
/** Default cap on what the exec hook may write on stdout. */
export const EXEC_MAX_OUTPUT_BYTES = 1024 * 1024;

const stringMap = (description: string) => ({
  type: 'object',
  description,
  propertyNames: { minLength: 1 },
  additionalProperties: { type: 'string' },
});

export const HooksConfigSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  description: 'Static stamps (labels, pointLabels, environment, attributes), an executable (exec), or both (static first, then exec).',
  properties: {
    labels: stringMap('Labels stamped, key to value, on launched tasks (masterLaunchTask, agentRunTask) and status updates (agentTaskStatus); a label of the same key is replaced.'),
    pointLabels: {
      type: 'object',
      additionalProperties: false,
      description: 'Labels stamped at one point only, after `labels`.',
      properties: Object.fromEntries(LABEL_POINTS.map((p) => [p, stringMap(`Labels stamped at ${p}.`)])),
    },
    environment: {
      ...stringMap('Variables set, name to value, in each container before it launches (agentPreLaunch); a variable of the same name is replaced.'),
      propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
    },
    attributes: {
      type: 'object',
      description: 'Attributes the agent advertises (agentResources), name to value: a number is SCALAR, a string TEXT; one of the same name is replaced.',
      propertyNames: { minLength: 1 },
      additionalProperties: { type: ['string', 'number'] },
    },
    exec: {
      type: 'object',
      additionalProperties: false,
      required: ['command'],
      description: 'An executable run once per hook call: the call as JSON on stdin ({"point": ..., "request": ...}), a Decoration as JSON on stdout.',
      properties: {
        command: {
          type: 'array',
          minItems: 1,
          items: { type: 'string', minLength: 1 },
          description: 'The executable (a path, relative to the working directory, or a name on PATH) and its arguments.',
        },
        timeoutMs: { type: 'integer', minimum: 1, maximum: 600000, default: EXEC_TIMEOUT_MS, description: 'Deadline of one run; past it the process group is killed and the call fails.' },
        points: {
          type: 'array',
          uniqueItems: true,
          items: { enum: [...HOOK_POINTS] },
          default: [...HOOK_POINTS],
          description: 'The hook points the executable is run for; the others answer Unsupported (passed over).',
        },
        maxOutputBytes: { type: 'integer', minimum: 2, maximum: 64 * 1024 * 1024, default: EXEC_MAX_OUTPUT_BYTES, description: 'Most bytes read from stdout; more fails the call.' },
      },
    },
  },
} as const;

/** The exec hook's config, after validation and defaults. */
export interface ExecConfig {
  command: string[];
  timeoutMs: number;
  points: HookPoint[];
  maxOutputBytes: number;
}

/** The hooks module's config, after validation and defaults. */
export interface HooksConfig {
  labels?: Record<string, string>;
  pointLabels?: Partial<Record<LabelPoint, Record<string, string>>>;
  environment?: Record<string, string>;
  attributes?: Record<string, string | number>;
  exec?: ExecConfig;
}
