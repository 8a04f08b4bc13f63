/**
 * Network configs from the conf dirs, as libcni reads them: a `.conflist` is a list
 * ({cniVersion, name, plugins[]}); a `.conf` or `.json` is one plugin with the list's cniVersion
 * and name, wrapped into a list of one. Files are read in name order per dir; a name defined
 * twice, a file that is not valid JSON or lacks a name, a type or plugins is refused at start,
 * naming the file (a network silently missing would fail tasks later for no visible reason).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidError } from '@plateau/kernel';

/** A plugin object of a list: its type plus plugin-specific keys, passed through untouched. */
export interface PluginConf {
  type: string;
  capabilities?: Record<string, boolean>;
  [key: string]: unknown;
}

/** A network configuration list. */
export interface NetworkList {
  cniVersion: string;
  name: string;
  disableCheck?: boolean;
  plugins: PluginConf[];
}

/** A network and the file it came from. */
export interface LoadedNetwork {
  list: NetworkList;
  file: string;
}

/** CNI's rule for network names and container ids: alphanumeric first, then [A-Za-z0-9_.-]. */
export const CNI_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

const EXTENSIONS = ['.conflist', '.conf', '.json'];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One file's network list; InvalidError naming the file and what is wrong. */
export function parseNetworkFile(file: string, text: string): NetworkList {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new InvalidError(`CNI config ${file}: not valid JSON (${(err as Error).message})`);
  }
  if (!isObject(doc)) throw new InvalidError(`CNI config ${file}: not a JSON object`);
  const isList = file.endsWith('.conflist');
  const name = doc.name;
  if (typeof name !== 'string' || !CNI_NAME.test(name)) throw new InvalidError(`CNI config ${file}: 'name' must match ${CNI_NAME} (got ${JSON.stringify(name)})`);
  const cniVersion = typeof doc.cniVersion === 'string' ? doc.cniVersion : '';
  if (cniVersion === '') throw new InvalidError(`CNI config ${file}: 'cniVersion' is required`);
  let plugins: unknown[];
  if (isList) {
    if (!Array.isArray(doc.plugins) || doc.plugins.length === 0) throw new InvalidError(`CNI config ${file}: 'plugins' must be a non-empty list`);
    plugins = doc.plugins;
  } else {
    const { cniVersion: _v, name: _n, ...plugin } = doc;
    plugins = [plugin];
  }
  plugins.forEach((p, i) => {
    if (!isObject(p) || typeof p.type !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(p.type)) {
      throw new InvalidError(`CNI config ${file}: plugins[${i}].type must be a plugin binary name (got ${JSON.stringify(isObject(p) ? p.type : p)})`);
    }
  });
  const list: NetworkList = { cniVersion, name, plugins: plugins as PluginConf[] };
  if (doc.disableCheck === true) list.disableCheck = true;
  return list;
}

/** Every network in `dirs`, by name. */
export function loadNetworks(dirs: readonly string[]): Map<string, LoadedNetwork> {
  const out = new Map<string, LoadedNetwork>();
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    const files = readdirSync(dir)
      .filter((f) => EXTENSIONS.some((e) => f.endsWith(e)))
      .sort();
    for (const f of files) {
      const file = join(dir, f);
      const list = parseNetworkFile(file, readFileSync(file, 'utf8'));
      const known = out.get(list.name);
      if (known) throw new InvalidError(`CNI network '${list.name}' is defined twice: in ${known.file} and in ${file}`);
      out.set(list.name, { list, file });
    }
  }
  return out;
}
