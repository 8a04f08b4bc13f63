/**
 * `extends:`: a config file may name another (relative to its own directory) whose settings it
 * starts from. The files form a chain of layers, the base first; their data is deep-merged as a
 * JSON Merge Patch (RFC 7386): mappings merge key by key, any other value (a list, a scalar)
 * replaces the base's, and `null` removes the base's key. Every layer keeps its own YAML with
 * positions, so a problem is reported in the file, line and key where the value was written; and
 * a file path a base wrote relative to itself (a module's `use: ./x`, TLS files) keeps naming the
 * same file.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { formatPath, type ConfigPath, type ConfigProblem } from './errors.js';
import { find, interpolate, parseYaml, positionOf, type Position, type YamlSource } from './source.js';

/** One file of the chain. */
export interface ConfigLayer {
  /** Absolute path. */
  file: string;
  /** As shown in messages. */
  shown: string;
  src: YamlSource;
}

/** The layers of a config file, base first, and what they merge into. */
export interface LayeredSource {
  layers: ConfigLayer[];
  /** The merged data (`extends` keys removed); undefined when a layer could not be read. */
  data: unknown;
  /** YAML syntax errors of any layer: nothing else is checked while there are some. */
  syntaxErrors: ConfigProblem[];
  /** Unset variables, bad `extends` values, unreadable or circular bases. */
  problems: ConfigProblem[];
  /** Dotted paths whose value still holds an unresolved `${VAR}`. */
  unresolved: Set<string>;
}

/** Where a value (or its key) was written: the last layer that has it, else the one with its nearest ancestor. */
export interface Located {
  file: string;
  line: number;
  col: number;
}

/** How deep `extends` chains may go (a guard against runaway chains of distinct files). */
const MAX_DEPTH = 16;

const READ_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory, not a file',
  EACCES: 'permission denied',
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** mergePatch: `patch` applied over `base` as RFC 7386 says (neither is modified). */
export function mergePatch(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = isPlainObject(base) ? { ...base } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/**
 * readLayers: parses `text` (the file `file`, shown as `shown`), interpolates it from `env`, and
 * follows its `extends:` through every base, reading them from disk. `toData` turns one layer's
 * document into plain data (it may throw: the caller reports it).
 */
export function readLayers(
  text: string,
  file: string,
  shown: string,
  env: NodeJS.ProcessEnv,
  showFile: (abs: string) => string,
  toData: (src: YamlSource) => unknown,
): LayeredSource {
  const out: LayeredSource = { layers: [], data: undefined, syntaxErrors: [], problems: [], unresolved: new Set() };
  const datas: unknown[] = [];
  const visit = (text: string, file: string, shown: string, chain: string[]): boolean => {
    const src = parseYaml(text);
    if (src.syntaxErrors.length) {
      out.syntaxErrors.push(...src.syntaxErrors.map((e) => ({ file: shown, line: e.pos.line, col: e.pos.col, path: '', message: e.message })));
      return false;
    }
    // ${PLATEAU_CONFIG_DIR} is the directory of the file being read: a file names its neighbours
    // (e.g. dev.yaml's config/cni) wherever it is started from and whoever extends it.
    const fileEnv = file ? { ...env, PLATEAU_CONFIG_DIR: path.dirname(path.resolve(file)) } : env;
    for (const p of interpolate(src, fileEnv)) {
      const at = formatPath(p.path);
      out.unresolved.add(at);
      out.problems.push({ file: shown, line: p.pos.line, col: p.pos.col, path: at, message: p.message });
    }
    let data: unknown;
    try {
      data = toData(src);
    } catch (e) {
      out.problems.push({ file: shown, line: 1, col: 1, path: '', message: (e as Error).message });
      return false;
    }
    const layer: ConfigLayer = { file, shown, src };
    const problem = (message: string): false => {
      const { line, col } = positionOf(src, ['extends']);
      out.problems.push({ file: shown, line, col, path: 'extends', message });
      return false;
    };
    if (!isPlainObject(data) || !Object.prototype.hasOwnProperty.call(data, 'extends')) {
      out.layers.push(layer);
      datas.push(data);
      return true;
    }
    const base = data.extends;
    delete data.extends;
    if (out.unresolved.has('extends')) return false;
    if (typeof base !== 'string' || base.trim() === '') return problem('must be the name of a config file (relative to this file), e.g. extends: dev.yaml');
    const baseFile = path.resolve(path.dirname(file), base);
    if (baseFile === file || chain.includes(baseFile)) {
      return problem(`'${base}' closes a cycle: ${[...chain, file, baseFile].map(showFile).join(' → ')} (a file cannot extend itself)`);
    }
    if (chain.length + 1 >= MAX_DEPTH) return problem(`more than ${MAX_DEPTH} files extend one another`);
    let baseText: string;
    try {
      baseText = readFileSync(baseFile, 'utf8');
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      return problem(`cannot read '${base}' (${showFile(baseFile)}): ${(err.code && READ_ERRORS[err.code]) ?? err.message}`);
    }
    if (!visit(baseText, baseFile, showFile(baseFile), [...chain, file])) return false;
    out.layers.push(layer);
    datas.push(data);
    return true;
  };
  if (visit(text, file, shown, [])) {
    out.data = datas.slice(1).reduce((merged, d) => mergePatch(merged, d), datas[0]);
    anchorRelativePaths(out.data, out.layers);
  }
  return out;
}

/**
 * Values that name a file relative to the config file that holds them (`*`: any module name). A
 * relative `use:` is a path only when it starts with `.`.
 */
const FILE_RELATIVE: readonly (readonly string[])[] = [
  ['modules', '*', 'use'],
  ...['ca', 'cert', 'key'].map((k) => ['modules', '*', 'tls', k]),
  ...['master', 'agent'].flatMap((role) => ['ca', 'cert', 'key'].map((k) => [role, 'tls', k])),
  ['master', 'agentCa'],
  ['agent', 'masterCa'],
];

/**
 * anchorRelativePaths: file paths (FILE_RELATIVE) that a base wrote relative to itself become
 * absolute, so that they keep naming the same files from the extending file's directory. The
 * top file's own values are left as written (its directory is the one they are taken from).
 */
export function anchorRelativePaths(data: unknown, layers: readonly ConfigLayer[]): void {
  const top = layers[layers.length - 1];
  if (!top || layers.length < 2) return;
  const visit = (node: unknown, pattern: readonly string[], at: string[]): void => {
    if (!isPlainObject(node)) return;
    const [head, ...rest] = pattern;
    for (const key of head === '*' ? Object.keys(node) : [head!]) {
      const value = node[key];
      const here = [...at, key];
      if (rest.length) {
        visit(value, rest, here);
        continue;
      }
      if (typeof value !== 'string' || path.isAbsolute(value) || (here[2] === 'use' && !value.startsWith('.'))) continue;
      const writer = layerOf(layers, here);
      if (writer !== top) node[key] = path.resolve(path.dirname(writer.file), value);
    }
  };
  for (const pattern of FILE_RELATIVE) visit(data, pattern, []);
}

/** The last layer that holds the whole of `p`, else the one with its deepest ancestor (see locate). */
function layerOf(layers: readonly ConfigLayer[], p: ConfigPath): ConfigLayer {
  for (let depth = p.length; depth >= 0; depth--) {
    const prefix = p.slice(0, depth);
    for (let i = layers.length - 1; i >= 0; i--) if (find(layers[i]!.src.doc, prefix).complete) return layers[i]!;
  }
  return layers[layers.length - 1]!;
}

/**
 * locate: where the value at `path` (or its key) was written. The last layer that holds the whole
 * path wins (its value is the one merged in); a path no layer holds in full (a default) points at
 * its deepest ancestor that one does, in the last layer that has that ancestor.
 */
export function locate(layers: readonly ConfigLayer[], p: ConfigPath, which: 'value' | 'key' = 'value'): Located {
  const layer = layerOf(layers, p);
  return at(layer, positionOf(layer.src, p, which));
}

function at(layer: ConfigLayer, pos: Position): Located {
  return { file: layer.shown, line: pos.line, col: pos.col };
}
