/** Config of the file secret resolver; the kernel validates the YAML `config:` against it. */
export const FileResolverConfigSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['root'],
  properties: {
    root: {
      type: 'string',
      minLength: 1,
      pattern: '^/',
      description: 'Absolute directory holding the secrets; a REFERENCE name is a path relative to it.',
    },
    maxBytes: {
      type: 'integer',
      minimum: 1,
      default: 1048576,
      description: 'Largest secret file read, in bytes (default 1 MiB); a larger one is refused.',
    },
  },
} as const;

/** The file resolver's config, after validation and defaults. */
export interface FileResolverConfig {
  /** Absolute directory of the secrets. */
  root: string;
  /** Largest secret file read, bytes. */
  maxBytes: number;
}
