/**
 * TLS of the CLI's clients. `--ca <pem>` (PLATEAU_CA) is the CA that masters' and agents'
 * certificates must chain to; `--cert`/`--key` (PLATEAU_CERT/PLATEAU_KEY) a client certificate for
 * ports that require one. An address may name its scheme (`https://host:port`, `http://host:port`);
 * a bare `host:port` is https when a CA is given, else http. Certificates are always verified
 * (name or IP included): a failure says which CA was used, never falls back to plain or
 * unverified connections.
 */
import { readFileSync } from 'node:fs';
import { ClientError } from './errors';
import { type FlagTaker, takeGlobalFlags } from './global-flags';

/** Environment variables naming the client's PEM files. */
export const CLIENT_TLS_ENV = { ca: 'PLATEAU_CA', cert: 'PLATEAU_CERT', key: 'PLATEAU_KEY' } as const;

/** Where to connect: the scheme settled, host and port split. */
export interface Endpoint {
  secure: boolean;
  host: string;
  port: number;
  /** `https://host:port` or `http://host:port`, for messages and redirects. */
  origin: string;
}

/** The TLS options of a request: whom to trust, what to present. */
export interface ClientTlsOptions {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

let loaded: { key: string; options: ClientTlsOptions } | undefined;

function readPem(variable: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new ClientError(`cannot read ${file} (${variable === CLIENT_TLS_ENV.ca ? '--ca' : variable === CLIENT_TLS_ENV.cert ? '--cert' : '--key'} / ${variable}): ${(err as Error).message}`);
  }
}

/** The client's TLS files, read once (from PLATEAU_CA / PLATEAU_CERT / PLATEAU_KEY). */
export function clientTlsOptions(env: NodeJS.ProcessEnv = process.env): ClientTlsOptions {
  const ca = env[CLIENT_TLS_ENV.ca];
  const cert = env[CLIENT_TLS_ENV.cert];
  const key = env[CLIENT_TLS_ENV.key];
  const cacheKey = `${ca}\n${cert}\n${key}`;
  if (loaded?.key === cacheKey) return loaded.options;
  if (Boolean(cert) !== Boolean(key)) throw new ClientError('a client certificate needs both --cert and --key (PLATEAU_CERT and PLATEAU_KEY)');
  const options: ClientTlsOptions = {
    ca: ca ? readPem(CLIENT_TLS_ENV.ca, ca) : undefined,
    cert: cert ? readPem(CLIENT_TLS_ENV.cert, cert) : undefined,
    key: key ? readPem(CLIENT_TLS_ENV.key, key) : undefined,
  };
  loaded = { key: cacheKey, options };
  return options;
}

/** Splits `[https://|http://]host:port` (IPv6 in brackets); a bare address is https when PLATEAU_CA is set. */
export function endpointOf(address: string, env: NodeJS.ProcessEnv = process.env): Endpoint {
  const m = /^(https?):\/\/(.*?)\/?$/.exec(address);
  const rest = m ? m[2]! : address;
  const secure = m ? m[1] === 'https' : Boolean(env[CLIENT_TLS_ENV.ca]);
  const i = rest.lastIndexOf(':');
  const port = Number(rest.slice(i + 1));
  if (i <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) throw new ClientError(`'${address}' is not HOST:PORT (or https://HOST:PORT)`);
  const hostPort = rest;
  return { secure, host: rest.slice(0, i).replace(/^\[|\]$/g, ''), port, origin: `${secure ? 'https' : 'http'}://${hostPort}` };
}

/** Codes of a certificate that does not verify. */
const VERIFY_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** A connection error in words; one of a certificate that does not verify names the CA it was checked against. */
export function describeConnectionError(err: Error, ep: Endpoint, env: NodeJS.ProcessEnv = process.env): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (ep.secure && code !== undefined && VERIFY_CODES.has(code)) {
    const ca = env[CLIENT_TLS_ENV.ca];
    const against = ca ? `the CA in ${ca} (--ca / ${CLIENT_TLS_ENV.ca})` : `the system's CAs (no --ca / ${CLIENT_TLS_ENV.ca} given)`;
    return `${err.message}: ${ep.origin}'s certificate does not verify against ${against}`;
  }
  if (!ep.secure && (code === 'ECONNRESET' || code === 'HPE_INVALID_CONSTANT')) return `${err.message} (if the port speaks TLS, use https:// or give --ca)`;
  return err.message;
}

/**
 * takeClientTls: takes `--ca FILE`, `--cert FILE`, `--key FILE` (or `--ca=FILE`…) from anywhere
 * on the command line, for every command alike, and hands them on as PLATEAU_CA, PLATEAU_CERT and
 * PLATEAU_KEY, which every client reads.
 */
export function takeClientTls(argv: string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const take =
    (variable: string): FlagTaker =>
    (value, flag) => {
      if (!value) throw new ClientError(`${flag} needs a PEM file`);
      env[variable] = value;
    };
  return takeGlobalFlags(argv, { '--ca': take(CLIENT_TLS_ENV.ca), '--cert': take(CLIENT_TLS_ENV.cert), '--key': take(CLIENT_TLS_ENV.key) });
}
