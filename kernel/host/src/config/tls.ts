/**
 * TLS settings of plateau.yaml: the PEM files `master.tls`, `master.agentCa`, `agent.tls`,
 * `agent.masterCa` and `modules.<name>.tls` name, read and checked when the config is prepared (a missing file, a file
 * that holds no certificate or key, or a key that does not belong to its certificate is a config
 * error naming the file and the key). Paths are taken relative to the config file's directory,
 * as `use: ./path` is.
 */
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ConfigPath, ConfigProblem } from './errors.js';
import type { LoadedConfig } from './load.js';

import type { ClientAuth, ClientTls, ServerTls } from '../contract/tls.js';

/** `master.tls` / `agent.tls` as written: PEM file paths. */
export interface ServerTlsConfig {
  cert: string;
  key: string;
  /** CA that client certificates must chain to (needed by `request` and `require`). */
  ca?: string;
  clientAuth?: ClientAuth;
}

/** `modules.<name>.tls` as written: the CA that the module's certificate chains to, and a client certificate for mutual TLS. */
export interface ClientTlsConfig {
  ca: string;
  cert?: string;
  key?: string;
}

/** The TLS material of the master and agent roles (undefined: plain TCP). */
export interface RoleTls {
  master?: ServerTls;
  agent?: ServerTls;
  /** What the agent's link to the master verifies and presents (agent.masterCa or agent.tls.ca, and agent.tls's cert). */
  agentLink?: ClientTls;
  /** What the master verifies and presents when it reads from agents over HTTPS (master.agentCa or master.tls.ca, and master.tls's cert). */
  masterToAgents?: ClientTls;
}

/** A PEM file that cannot be used: the message says which file and why. */
export class TlsFileError extends Error {
  constructor(
    readonly path: ConfigPath,
    message: string,
  ) {
    super(message);
  }
}

const READ_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory, not a file',
  EACCES: 'permission denied',
};

function readFile(file: string, at: ConfigPath): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new TlsFileError(at, `cannot read ${file}: ${(err.code && READ_ERRORS[err.code]) ?? err.message}`);
  }
}

function readCert(file: string, at: ConfigPath): { pem: Buffer; x509: X509Certificate } {
  const pem = readFile(file, at);
  try {
    return { pem, x509: new X509Certificate(pem) };
  } catch (e) {
    throw new TlsFileError(at, `${file} holds no PEM certificate (${(e as Error).message})`);
  }
}

function readKey(file: string, at: ConfigPath): { pem: Buffer; key: KeyObject } {
  const pem = readFile(file, at);
  try {
    return { pem, key: createPrivateKey(pem) };
  } catch (e) {
    throw new TlsFileError(at, `${file} holds no PEM private key (${(e as Error).message})`);
  }
}

/** A certificate and its key, checked to belong together. */
function readPair(base: string, cert: string, key: string, at: ConfigPath): { cert: Buffer; key: Buffer } {
  const c = readCert(resolve(base, cert), [...at, 'cert']);
  const k = readKey(resolve(base, key), [...at, 'key']);
  if (!c.x509.checkPrivateKey(k.key)) throw new TlsFileError([...at, 'key'], `${resolve(base, key)} is not the private key of ${resolve(base, cert)}`);
  return { cert: c.pem, key: k.pem };
}

/** readServerTls: `master.tls` / `agent.tls` (at `at`), its paths relative to `base`. Throws TlsFileError. */
export function readServerTls(cfg: ServerTlsConfig, base: string, at: ConfigPath): ServerTls {
  const pair = readPair(base, cfg.cert, cfg.key, at);
  const clientAuth = cfg.clientAuth ?? 'none';
  if (clientAuth !== 'none' && cfg.ca === undefined) {
    throw new TlsFileError([...at, 'clientAuth'], `clientAuth '${clientAuth}' needs 'ca': the CA that client certificates must chain to`);
  }
  const ca = cfg.ca === undefined ? undefined : readCert(resolve(base, cfg.ca), [...at, 'ca']).pem;
  return { ...pair, ca, clientAuth };
}

/** readClientTls: `modules.<name>.tls` (at `at`), its paths relative to `base`. Throws TlsFileError. */
export function readClientTls(cfg: ClientTlsConfig, base: string, at: ConfigPath): ClientTls {
  if ((cfg.cert === undefined) !== (cfg.key === undefined)) {
    throw new TlsFileError([...at, cfg.cert === undefined ? 'cert' : 'key'], "a client certificate needs both 'cert' and 'key'");
  }
  const caFile = resolve(base, cfg.ca);
  const ca = readCert(caFile, [...at, 'ca']).pem;
  const pair = cfg.cert !== undefined && cfg.key !== undefined ? readPair(base, cfg.cert, cfg.key, at) : undefined;
  return { ca, caFile, ...pair };
}

/** The directory TLS paths are taken relative to: the config file's. */
export function tlsBase(configFile: string | undefined): string {
  return configFile ? dirname(resolve(configFile)) : process.cwd();
}

/**
 * readRoleTls: the master's and agent's TLS material from a loaded config. Every unusable file
 * is a problem located at its key; they are thrown together as `problems` (empty: all good).
 */
export function readRoleTls(loaded: LoadedConfig): { tls: RoleTls; problems: ConfigProblem[] } {
  const base = tlsBase(loaded.file);
  const tls: RoleTls = {};
  const problems: ConfigProblem[] = [];
  const attempt = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (err) {
      if (!(err instanceof TlsFileError)) throw err;
      problems.push(loaded.problemAt(err.path, err.message));
      return undefined;
    }
  };
  const { master, agent } = loaded.config as { master?: { tls?: ServerTlsConfig; agentCa?: string }; agent?: { tls?: ServerTlsConfig; masterCa?: string } };
  if (isObject(master?.tls)) tls.master = attempt(() => readServerTls(master!.tls!, base, ['master', 'tls']));
  const agentCaPath = typeof master?.agentCa === 'string' ? master.agentCa : isObject(master?.tls) && typeof master!.tls!.ca === 'string' ? master!.tls!.ca : undefined;
  if (agentCaPath !== undefined) {
    const at: ConfigPath = typeof master?.agentCa === 'string' ? ['master', 'agentCa'] : ['master', 'tls', 'ca'];
    const caFile = resolve(base, agentCaPath);
    const ca = attempt(() => readCert(caFile, at).pem);
    if (ca !== undefined) tls.masterToAgents = { ca, caFile, cert: tls.master?.cert, key: tls.master?.key };
  } else if (tls.master !== undefined) tls.masterToAgents = { cert: tls.master.cert, key: tls.master.key };
  if (isObject(agent?.tls)) tls.agent = attempt(() => readServerTls(agent!.tls!, base, ['agent', 'tls']));
  const caPath = typeof agent?.masterCa === 'string' ? agent.masterCa : isObject(agent?.tls) && typeof agent!.tls!.ca === 'string' ? agent!.tls!.ca : undefined;
  if (caPath !== undefined) {
    const at: ConfigPath = typeof agent?.masterCa === 'string' ? ['agent', 'masterCa'] : ['agent', 'tls', 'ca'];
    const caFile = resolve(base, caPath);
    const ca = attempt(() => readCert(caFile, at).pem);
    if (ca !== undefined) tls.agentLink = { ca, caFile, cert: tls.agent?.cert, key: tls.agent?.key };
  }
  return { tls, problems };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
