/**
 * Config errors. Every problem found in a config file is collected and reported at once, each
 * with the file, the line and column it comes from, and the dotted key path it concerns.
 */

import { PlateauError } from '../contract/errors';
import type { LoadedConfig } from './load';

/** A path into the config: object keys and array indices, outermost first. */
export type ConfigPath = readonly (string | number)[];

/** One thing wrong with a config file. */
export interface ConfigProblem {
  /** The file as the user named it (or relative to the working directory when found by search). */
  file: string;
  /** 1-based line; 0 when the problem has no position (the file cannot be read). */
  line: number;
  /** 1-based column; 0 when the problem has no position. */
  col: number;
  /** Dotted key path, e.g. `modules.zk.config.servers` or `agent.isolation[2]`; '' for the whole file. */
  path: string;
  /** What is wrong, in words: `must be an array`, `unknown key 'foo'`. */
  message: string;
}

/** The code every config error carries. */
export const CONFIG_ERROR_CODE = 'PLT_ERR_CONFIG';

/**
 * ConfigError: a config file (or a module's config within it) is invalid. `problems` lists every
 * problem found; the message is the same list, one `file:line:col path: message` per line.
 */
export class ConfigError extends PlateauError {
  /** Every problem, sorted by position. */
  readonly problems: ConfigProblem[];

  /**
   * The config as parsed despite its schema problems (absent for syntax errors or an unreadable
   * file), so later checks (module configs) can still run and add their problems.
   */
  readonly partial?: LoadedConfig;

  constructor(problems: ConfigProblem[], partial?: LoadedConfig) {
    const sorted = sortProblems(problems);
    super(CONFIG_ERROR_CODE, sorted.map(formatProblem).join('\n'));
    this.problems = sorted;
    this.partial = partial;
  }
}

/**
 * formatProblem: `config/dev.yaml:14:7 modules.zk.config.servers: must be an array`. The position
 * is left out when there is none (line 0) and the path when it is '' (the whole file).
 */
export function formatProblem(p: ConfigProblem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.col}` : p.file;
  return p.path ? `${where} ${p.path}: ${p.message}` : `${where} ${p.message}`;
}

/** Problems in file order, duplicates (same place, path and message) dropped. */
export function sortProblems(problems: readonly ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const id = `${p.file}\0${p.line}\0${p.col}\0${p.path}\0${p.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  return unique.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `['modules', 'zk', 'config', 'servers', 0]` → `modules.zk.config.servers[0]`. */
export function formatPath(path: ConfigPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENTIFIER.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}
