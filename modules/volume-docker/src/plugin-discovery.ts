/**
 * Finds a Docker plugin by name the way Docker's plugin registry does (moby pkg/plugins
 * discovery): first a unix socket `<dir>/<name>.sock` or `<dir>/<name>/<name>.sock` in each
 * socket dir, then `<name>.spec` (one URL) or `<name>.json` ({Name, Addr, TLSConfig}) in each
 * spec dir. The first match wins; a name found nowhere is a NotFoundError naming every path
 * searched.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InvalidError, NotFoundError } from '@plateau/kernel';

/** TLS settings of a `.json` spec (Docker's TLSConfig). */
export interface PluginTls {
  insecureSkipVerify: boolean;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
}

/** Where a plugin listens. */
export type PluginAddress =
  | { kind: 'unix'; socketPath: string }
  | { kind: 'tcp'; host: string; port: number; tls?: PluginTls };

/** A plugin found on disk. */
export interface FoundPlugin {
  name: string;
  address: PluginAddress;
  /** The file that named it (the socket itself, or its .spec / .json). */
  foundAt: string;
}

/** Plugin names as Docker accepts them for v1 plugins: no path separators, no leading dot. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Checks a driver name before it is joined into paths. */
export function checkPluginName(name: string): string {
  if (!NAME.test(name) || name.includes('..')) throw new InvalidError(`volume driver name '${name}' is not a plugin name (letters, digits, '_', '.', '-'; no '/' or '..')`);
  return name;
}

function isSocket(p: string): boolean {
  try {
    return fs.statSync(p).isSocket();
  } catch {
    return false;
  }
}

/** `unix:///path` or `tcp://host:port` (`https://` too: TLS without a client certificate); anything else is refused. */
export function parsePluginUrl(text: string, where: string, tls?: PluginTls): PluginAddress {
  const value = text.trim();
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new InvalidError(`${where}: '${value}' is not a URL (unix:///path.sock or tcp://host:port): Unknown protocol`);
  }
  if (u.protocol === 'unix:') {
    const p = decodeURIComponent(u.pathname);
    if (!path.isAbsolute(p) || (u.host !== '' && u.host !== undefined)) throw new InvalidError(`${where}: '${value}' must be unix:///absolute/path`);
    return { kind: 'unix', socketPath: p };
  }
  if (u.protocol === 'tcp:' || u.protocol === 'http:' || u.protocol === 'https:') {
    const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
    const host = u.hostname.replace(/^\[|\]$/g, '');
    if (!host) throw new InvalidError(`${where}: '${value}' has no host`);
    return { kind: 'tcp', host, port, tls: tls ?? (u.protocol === 'https:' ? { insecureSkipVerify: false } : undefined) };
  }
  throw new InvalidError(`${where}: '${value}': Unknown protocol '${u.protocol.replace(/:$/, '')}' (unix:// or tcp://)`);
}

/** A `.json` spec: {"Name", "Addr", "TLSConfig": {"InsecureSkipVerify", "CAFile", "CertFile", "KeyFile"}}. */
function parseJsonSpec(file: string): PluginAddress {
  let spec: { Addr?: unknown; TLSConfig?: { InsecureSkipVerify?: unknown; CAFile?: unknown; CertFile?: unknown; KeyFile?: unknown } | null };
  try {
    spec = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof spec;
  } catch (err) {
    throw new InvalidError(`${file}: not a plugin spec: ${(err as Error).message}`);
  }
  if (typeof spec.Addr !== 'string' || spec.Addr === '') throw new InvalidError(`${file}: no Addr`);
  let tls: PluginTls | undefined;
  const t = spec.TLSConfig;
  if (t && typeof t === 'object') {
    const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
    // Docker: without a CA file the server's certificate is not verified.
    tls = { insecureSkipVerify: t.InsecureSkipVerify === true || str(t.CAFile) === undefined, caFile: str(t.CAFile), certFile: str(t.CertFile), keyFile: str(t.KeyFile) };
  }
  const addr = parsePluginUrl(spec.Addr, file, tls);
  if (addr.kind === 'tcp' && tls) addr.tls = tls;
  return addr;
}

/** Where to look for `name`, in Docker's order. */
export function searchedPaths(name: string, socketDirs: readonly string[], specDirs: readonly string[]): string[] {
  return [
    ...socketDirs.flatMap((d) => [path.join(d, `${name}.sock`), path.join(d, name, `${name}.sock`)]),
    ...specDirs.flatMap((d) => [path.join(d, `${name}.spec`), path.join(d, `${name}.json`)]),
  ];
}

/** Finds the plugin `name`; NotFoundError naming the paths searched when it is nowhere. */
export function discoverPlugin(name: string, socketDirs: readonly string[], specDirs: readonly string[]): FoundPlugin {
  checkPluginName(name);
  for (const d of socketDirs) {
    for (const p of [path.join(d, `${name}.sock`), path.join(d, name, `${name}.sock`)]) {
      if (isSocket(p)) return { name, address: { kind: 'unix', socketPath: p }, foundAt: p };
    }
  }
  for (const d of specDirs) {
    const spec = path.join(d, `${name}.spec`);
    if (fs.existsSync(spec)) return { name, address: parsePluginUrl(fs.readFileSync(spec, 'utf8'), spec), foundAt: spec };
    const json = path.join(d, `${name}.json`);
    if (fs.existsSync(json)) return { name, address: parseJsonSpec(json), foundAt: json };
  }
  const searched = searchedPaths(name, socketDirs, specDirs);
  throw new NotFoundError(`volume driver '${name}' not found: no plugin socket or spec at ${searched.length ? searched.join(', ') : '(no plugin directories are configured)'}`);
}
