/**
 * TLS material as the roles and the module host use it, read from the PEM files plateau.yaml
 * names (config/tls.ts reads and checks them).
 */

/** Whether a TLS server asks its clients for a certificate: never, when they have one, always. */
export const CLIENT_AUTH_MODES = ['none', 'request', 'require'] as const;
/** A client-certificate mode. */
export type ClientAuth = (typeof CLIENT_AUTH_MODES)[number];

/** A TLS server's material. */
export interface ServerTls {
  cert: Buffer;
  key: Buffer;
  /** The CA that client certificates must chain to. */
  ca?: Buffer;
  clientAuth: ClientAuth;
}

/** A TLS client's material: whom it trusts, and what it presents when asked. */
export interface ClientTls {
  ca?: Buffer;
  /** The CA file, for messages when verification fails. */
  caFile?: string;
  cert?: Buffer;
  key?: Buffer;
}
