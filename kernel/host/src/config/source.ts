/**
 * A config file's YAML, parsed with source positions kept, so any value (or key) can be traced
 * back to its line and column; and `${VAR}` / `${VAR:-default}` interpolation of string scalars.
 */
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
  type Pair,
  type Scalar,
} from 'yaml';
import type { ConfigPath } from './errors.js';

/** A 1-based line and column. */
export interface Position {
  line: number;
  col: number;
}

/** A parsed YAML file with its positions. */
export interface YamlSource {
  /** The file's text. */
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
  /** Syntax errors with their positions, in file order. */
  syntaxErrors: { pos: Position; message: string }[];
}

/** parseYaml: parses one YAML document, keeping source tokens and line positions. */
export function parseYaml(text: string): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    keepSourceTokens: true,
    prettyErrors: false,
    uniqueKeys: true,
    merge: true,
  });
  const syntaxErrors: YamlSource['syntaxErrors'] = [];
  let lost = false;
  for (const e of doc.errors) {
    // Once the parser has met a token it cannot place, the tokens after it are reported one by
    // one; only the first says anything.
    if (e.code === 'UNEXPECTED_TOKEN') {
      if (lost) continue;
      lost = true;
    }
    const pos = lines.linePos(e.pos[0]);
    const lineText = text.slice(lines.lineStarts[pos.line - 1] ?? 0).split('\n', 1)[0] ?? '';
    const hint =
      e.code === 'UNEXPECTED_TOKEN' && lineText.includes('${') && /[{[]/.test(lineText)
        ? ' (inside { } or [ ], quote values that use ${...}: "${VAR}")'
        : '';
    syntaxErrors.push({ pos, message: `${e.message}${hint}` });
  }
  return { text, doc, lines, syntaxErrors };
}

interface Found {
  /** The deepest node reached along the path. */
  node: Node | null;
  /** The key of the pair holding `node`, when it sits in a mapping. */
  key: Node | null;
  /** Whether the whole path was found. */
  complete: boolean;
}

function keyMatches(key: unknown, seg: string | number): boolean {
  const k = isScalar(key) ? key.value : key;
  return k !== null && typeof k !== 'object' && typeof k !== 'symbol' && String(k) === String(seg);
}

function isMergePair(pair: Pair): boolean {
  const k = isScalar(pair.key) ? pair.key.value : pair.key;
  return typeof k === 'symbol' || k === '<<';
}

function deref(doc: Document, node: unknown): Node | null {
  let n = node;
  for (let i = 0; i < 100 && isAlias(n); i++) n = n.resolve(doc);
  return (n as Node | undefined) ?? null;
}

function findPair(doc: Document, map: unknown, seg: string | number, depth = 0): Pair | null {
  if (!isMap(map) || depth > 20) return null;
  // Later keys win over merged ones, as in toJS.
  for (let i = map.items.length - 1; i >= 0; i--) {
    const pair = map.items[i]!;
    if (!isMergePair(pair) && keyMatches(pair.key, seg)) return pair;
  }
  for (const pair of map.items) {
    if (!isMergePair(pair)) continue;
    const v = deref(doc, pair.value);
    const sources = isSeq(v) ? v.items.map((s) => deref(doc, s)) : [v];
    for (const s of sources) {
      const found = findPair(doc, s, seg, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

/** find: walks `path` down the document as far as it exists. */
export function find(doc: Document, path: ConfigPath): Found {
  let node = deref(doc, doc.contents);
  let key: Node | null = null;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = findPair(doc, node, seg);
      if (!pair) return { node, key, complete: false };
      key = (pair.key as Node | null) ?? null;
      node = deref(doc, pair.value);
      // `key:` with nothing after it: keep the key as the place to point at.
      if (!node) return { node: null, key, complete: true };
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      key = null;
      node = deref(doc, node.items[seg]);
      if (!node) return { node: null, key: null, complete: false };
    } else {
      return { node, key, complete: false };
    }
  }
  return { node, key, complete: true };
}

function isEmptyScalar(node: Node | null): boolean {
  return isScalar(node) && node.value === null && !!node.range && node.range[0] === node.range[1];
}

/**
 * positionOf: where the value at `path` starts, or where its key starts with `which: 'key'`.
 * A path that is not in the file (a default, a missing section) falls back to the key of its
 * deepest ancestor that is; an empty value (`master:`) to its key; the document start when nothing
 * else is known.
 */
export function positionOf(src: YamlSource, path: ConfigPath, which: 'value' | 'key' = 'value'): Position {
  const found = find(src.doc, path);
  let target: Node | null;
  if (!found.complete) target = found.key ?? found.node;
  else if (which === 'key' && found.key) target = found.key;
  else target = isEmptyScalar(found.node) || !found.node ? (found.key ?? found.node) : found.node;
  const offset = target?.range?.[0] ?? src.doc.range?.[0] ?? 0;
  return src.lines.linePos(offset);
}

/** An interpolation failure. */
export interface InterpolationProblem {
  path: (string | number)[];
  pos: Position;
  message: string;
}

const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const BOOL = /^(?:true|True|TRUE|false|False|FALSE)$/;
const NUMBER = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/** `text` with its variable references replaced; unset and malformed ones are reported. */
function expand(
  text: string,
  env: NodeJS.ProcessEnv,
  onMissing: (name: string, at: number) => void,
  onBad: (ref: string, at: number) => void,
): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const at = text.indexOf('$', i);
    if (at < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, at);
    if (text.startsWith('$${', at)) {
      // `$${X}` is a literal `${X}`.
      out += '${';
      i = at + 3;
      continue;
    }
    if (!text.startsWith('${', at)) {
      out += '$';
      i = at + 1;
      continue;
    }
    const end = text.indexOf('}', at + 2);
    if (end < 0) {
      onBad(text.slice(at), at);
      return text;
    }
    const body = text.slice(at + 2, end);
    const sep = body.indexOf(':-');
    const name = sep < 0 ? body : body.slice(0, sep);
    if (!VAR_NAME.test(name)) {
      onBad(text.slice(at, end + 1), at);
      out += text.slice(at, end + 1);
    } else {
      const value = env[name];
      if (value !== undefined && (value !== '' || sep < 0)) out += value;
      else if (sep >= 0) out += body.slice(sep + 2);
      else {
        onMissing(name, at);
        out += text.slice(at, end + 1);
      }
    }
    i = end + 1;
  }
  return out;
}

/** Where in the file the reference at `index` of a scalar's value starts, when its source shows it. */
function refOffset(src: YamlSource, node: Scalar, value: string, index: number): number {
  const [start, end] = node.range ?? [0, 0];
  const raw = src.text.slice(start, end);
  const nth = value.slice(0, index).split('${').length - 1;
  let idx = -1;
  for (let k = 0; k <= nth; k++) {
    idx = raw.indexOf('${', idx + 1);
    if (idx < 0) return start;
  }
  return start + idx;
}

/**
 * interpolate: replaces `${VAR}` and `${VAR:-default}` in every string scalar value (not keys)
 * from `env`, in place. `:-` applies when VAR is unset or empty, as in the shell; `$${` is a
 * literal `${`. An unquoted scalar that becomes a number or boolean is typed as such (as if
 * written literally); quoted ones stay strings. Unset variables without a default are problems.
 */
export function interpolate(src: YamlSource, env: NodeJS.ProcessEnv): InterpolationProblem[] {
  const problems: InterpolationProblem[] = [];
  const seen = new Set<Node>();
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (!node || typeof node !== 'object' || isAlias(node) || seen.has(node as Node)) return;
    seen.add(node as Node);
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isMergePair(pair)) continue;
        const k = isScalar(pair.key) ? pair.key.value : pair.key;
        walk(pair.value, [...path, String(k)]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...path, i]));
    } else if (isScalar(node) && typeof node.value === 'string' && node.value.includes('$')) {
      const original = node.value;
      const at = (index: number) => src.lines.linePos(refOffset(src, node, original, index));
      const expanded = expand(
        original,
        env,
        (name, index) =>
          problems.push({
            path,
            pos: at(index),
            message: `environment variable '${name}' is not set (write \${${name}:-default} to give a default)`,
          }),
        (ref, index) =>
          problems.push({
            path,
            pos: at(index),
            message: `bad variable reference '${ref}' (write \${NAME} or \${NAME:-default}; $\${ for a literal \${)`,
          }),
      );
      if (expanded === original) return;
      node.value =
        node.type === 'PLAIN' && !node.tag && original.includes('${') ? retype(expanded) : expanded;
    }
  };
  walk(src.doc.contents, []);
  return problems;
}

function retype(text: string): string | number | boolean {
  if (BOOL.test(text)) return text.toLowerCase() === 'true';
  if (NUMBER.test(text)) return Number(text);
  return text;
}
