/** One credential as written in config or in a credentials file. */
export interface CredentialEntry {
  principal: string;
  /** A scrypt or bcrypt hash (plaintext is accepted, with a warning, for Mesos's credentials files). */
  secret: string;
}

const credentialSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['principal', 'secret'],
  properties: {
    principal: { type: 'string', minLength: 1 },
    secret: { type: 'string', minLength: 1, description: 'scrypt$N$r$p$salt$hash (plateau-hash-secret), a bcrypt hash, or plaintext (warned about).' },
  },
} as const;

/** Config of authn-basic (the single source of truth is this schema). */
export const BasicAuthnConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    credentialsFile: {
      type: 'string',
      minLength: 1,
      description: 'YAML or JSON file `credentials: [{principal, secret}]` (Mesos credentials JSON too); read once at start.',
    },
    credentials: { type: 'array', items: credentialSchema, description: 'Inline credentials (same shapes), for tests and development.' },
    tokenKeyFile: {
      type: 'string',
      minLength: 1,
      description: 'File of at least 32 bytes: the HS256 key of bearer tokens, shared by master and agents. Without it, a random key per process.',
    },
    tokenTtlSeconds: { type: 'integer', minimum: 1, default: 86400, description: 'Lifetime of issued tokens when the request names none.' },
  },
} as const;

/** authn-basic's config. */
export interface BasicAuthnConfig {
  credentialsFile?: string;
  credentials?: CredentialEntry[];
  tokenKeyFile?: string;
  tokenTtlSeconds: number;
}
