/**
 * loadConfig: finds plateau.yaml (cosmiconfig) or reads the file named, parses it with positions,
 * interpolates `${VAR}`, validates it against the top-level schema and checks that every module
 * a role names exists, and reports every problem at once as one ConfigError.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { cosmiconfig } from 'cosmiconfig';
import { isKind } from '../contract/kinds.js';
import { ConfigError, formatPath, type ConfigPath, type ConfigProblem } from './errors.js';
import { humanise, suggest, type CombinatorHandler, type Located } from './humanise.js';
import { moduleReferences } from './references.js';
import { topLevelSchema, type PlateauConfig } from './schema.js';
import { locate, readLayers } from './layers.js';
import type { Position } from './source.js';

/** Where loadConfig looks, in each directory from `cwd` up to the project root (package.json). */
export const CONFIG_SEARCH_PLACES = ['plateau.yaml', 'plateau.yml', '.plateaurc.yaml', '.plateaurc.yml', '.plateaurc'];

/** Options for loadConfig. */
export interface LoadConfigOptions {
  /** An explicit config file (`--config`), relative to `cwd`; otherwise it is searched for. */
  file?: string;
  /** Where relative paths resolve and the search starts (default process.cwd()). */
  cwd?: string;
  /** Variables for `${VAR}` interpolation (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** A loaded, valid config and a way back to the YAML for later errors. */
export interface LoadedConfig {
  /** Absolute path of the file. */
  readonly file: string;
  /** The file as shown in messages: as given, or relative to `cwd`. */
  readonly displayFile: string;
  /** The files it extends (`extends:`), as shown in messages, its own base first; empty without one. */
  readonly bases: readonly string[];
  /** The validated config, defaults applied. */
  readonly config: PlateauConfig;
  /**
   * Line and column (1-based) of the value at `path`, or of its key with `which: 'key'`. A path
   * not in the file (a default) gives its nearest ancestor that is.
   */
  positionOf(path: ConfigPath, which?: 'value' | 'key'): Position;
  /** A problem located at `path`, for errors found later (e.g. a module that cannot be resolved). */
  problemAt(path: ConfigPath, message: string, which?: 'value' | 'key'): ConfigProblem;
}

let topLevelValidator: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!topLevelValidator) {
    const ajv = new Ajv({ allErrors: true, verbose: true, useDefaults: true, strict: true, allowUnionTypes: true });
    addFormats(ajv);
    topLevelValidator = ajv.compile(topLevelSchema);
  }
  return topLevelValidator;
}

const MODULE_FORMS = ['use', 'exec', 'endpoint'] as const;

/** `modules.<name>` oneOf: say which of use/exec/endpoint is missing or doubled, else report that form's errors. */
const moduleForm: CombinatorHandler = (_error, branches, value, path) => {
  // A non-object already has its own type error.
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { keep: [], problems: [] };
  const present = MODULE_FORMS.filter((f) => Object.prototype.hasOwnProperty.call(value, f));
  const thread = Object.prototype.hasOwnProperty.call(value, 'thread');
  if (present.length !== 1) {
    const has = present.length ? ` (it has ${present.map((f) => `'${f}'`).join(' and ')})` : thread ? " ('thread' runs a 'use' package)" : '';
    return { keep: [], problems: [{ path, at: 'key', message: `needs exactly one of 'use', 'exec' or 'endpoint'${has}` }] };
  }
  const keep = branches.get(MODULE_FORMS.indexOf(present[0]!)) ?? [];
  if (!thread || present[0] === 'use') return { keep, problems: [] };
  // 'thread' on an exec or endpoint entry: say why, instead of only "unknown key".
  const isThreadKey = (e: ErrorObject) => e.keyword === 'additionalProperties' && (e.params as { additionalProperty?: string }).additionalProperty === 'thread';
  return {
    keep: keep.filter((e) => !isThreadKey(e)),
    problems: [{ path: [...path, 'thread'], at: 'key', message: `'thread' runs a 'use' package in a worker thread; it cannot go with '${present[0]}'` }],
  };
};

const HANDLERS: Record<string, CombinatorHandler> = { '#/definitions/module/oneOf': moduleForm };

function article(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

function crossReferences(config: Record<string, unknown>): Located[] {
  const modules = config.modules;
  if (modules === null || typeof modules !== 'object' || Array.isArray(modules)) return [];
  const defined = Object.keys(modules);
  const out: Located[] = [];
  for (const ref of moduleReferences(config)) {
    if (!Object.prototype.hasOwnProperty.call(modules, ref.name)) {
      const hint = suggest(ref.name, defined);
      const tail = hint
        ? ` (did you mean '${hint}'?)`
        : defined.length
          ? ` (defined: ${defined.join(', ')})`
          : ' (no modules are defined)';
      out.push({ path: ref.path, at: 'value', message: `unknown module '${ref.name}'${tail}` });
      continue;
    }
    const entry = (modules as Record<string, unknown>)[ref.name] as Record<string, unknown> | null;
    const kind = entry && typeof entry === 'object' ? entry.kind : undefined;
    if (typeof kind === 'string' && isKind(kind) && !(ref.kinds as readonly string[]).includes(kind)) {
      const where = formatPath(ref.path.filter((s) => typeof s === 'string'));
      out.push({
        path: ref.path,
        at: 'value',
        message: `module '${ref.name}' is ${article(kind)}; ${where} needs ${ref.kinds.map(article).join(' or ')}`,
      });
    }
  }
  return out;
}

/**
 * A copy in which nothing is shared: toJS gives every alias of an anchor the same object, and
 * defaults filled into one module's config must not appear in another's.
 */
function unshare(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unshare);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unshare(v)]));
  }
  return value;
}

/** How a file is shown: as given when relative, else relative to `cwd` when under it. */
function displayName(file: string, cwd: string, given?: string): string {
  if (given !== undefined && !path.isAbsolute(given)) return given;
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** Options for parseConfig. */
export interface ParseConfigOptions {
  /** The file's absolute path (default `<cwd>/plateau.yaml`). */
  file?: string;
  /** How the file is shown in messages (default: `file` relative to `cwd`). */
  displayFile?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** parseConfig: loadConfig's work on text already in hand (embedded defaults, tests). */
export function parseConfig(text: string, opts: ParseConfigOptions = {}): LoadedConfig {
  const cwd = opts.cwd ?? process.cwd();
  const file = path.resolve(cwd, opts.file ?? 'plateau.yaml');
  const shown = opts.displayFile ?? displayName(file, cwd);
  const layered = readLayers(text, file, shown, opts.env ?? process.env, (abs) => displayName(abs, cwd), (src) =>
    unshare(src.doc.toJS({ maxAliasCount: 1000 }) ?? {}),
  );
  if (layered.syntaxErrors.length) throw new ConfigError(layered.syntaxErrors);
  const problems: ConfigProblem[] = [...layered.problems];
  const unresolved = layered.unresolved;
  if (layered.data === undefined) throw new ConfigError(problems);
  const data = layered.data;
  const located = (loc: Located): ConfigProblem => ({ ...locate(layered.layers, loc.path, loc.at), path: formatPath(loc.path), message: loc.message });
  const validate = validator();
  if (!validate(data)) {
    for (const loc of humanise(validate.errors as ErrorObject[], data, HANDLERS)) {
      const problem = located(loc);
      // A value still holding `${VAR}` fails its own checks; the variable is the problem.
      if (!unresolved.has(problem.path)) problems.push(problem);
    }
  }
  if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
    for (const loc of crossReferences(data as Record<string, unknown>)) problems.push(located(loc));
  }
  const isObject = data !== null && typeof data === 'object' && !Array.isArray(data);
  if (isObject) for (const key of Object.keys(data as object)) if (key.startsWith('x-')) delete (data as Record<string, unknown>)[key];
  const loaded: LoadedConfig = {
    file,
    displayFile: shown,
    bases: layered.layers.slice(0, -1).reverse().map((l) => l.shown),
    config: data as PlateauConfig,
    positionOf: (p, which = 'value') => {
      const { line, col } = locate(layered.layers, p, which);
      return { line, col };
    },
    problemAt: (p, message, which = 'value') => located({ path: [...p], at: which, message }),
  };
  // With schema problems the parsed document still travels along, so module configs can be
  // checked too and every problem reported at once.
  if (problems.length) throw new ConfigError(problems, isObject ? loaded : undefined);
  return loaded;
}

/**
 * findConfigFile: the config cosmiconfig finds from `cwd` up to the project root (the first
 * directory with a package.json), trying CONFIG_SEARCH_PLACES in each; null when there is none.
 */
export async function findConfigFile(cwd: string = process.cwd()): Promise<string | null> {
  // The loader only marks the file found; it is read and parsed with positions below.
  const found = (): Record<string, never> => ({});
  const explorer = cosmiconfig('plateau', {
    searchPlaces: CONFIG_SEARCH_PLACES,
    searchStrategy: 'project',
    ignoreEmptySearchPlaces: false,
    cache: false,
    loaders: { '.yaml': found, '.yml': found, noExt: found },
  });
  const result = await explorer.search(cwd);
  return result?.filepath ?? null;
}

const READ_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory, not a file',
  EACCES: 'permission denied',
};

/**
 * loadConfig: the config in `file`, or the one found from `cwd`. Throws ConfigError (code
 * PLT_ERR_CONFIG) listing every problem: YAML syntax, unset variables, schema violations,
 * references to modules that are not defined.
 */
export async function loadConfig(opts: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  let file: string;
  if (opts.file !== undefined) {
    file = path.resolve(cwd, opts.file);
  } else {
    const found = await findConfigFile(cwd);
    if (!found) {
      throw new ConfigError([
        {
          file: 'plateau.yaml',
          line: 0,
          col: 0,
          path: '',
          message: `not found in ${cwd} or above it up to the project root (also looked for ${CONFIG_SEARCH_PLACES.slice(1).join(', ')}); name one with --config`,
        },
      ]);
    }
    file = found;
  }
  const shown = displayName(file, cwd, opts.file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = (err.code && READ_ERRORS[err.code]) ?? err.message;
    throw new ConfigError([{ file: shown, line: 0, col: 0, path: '', message: `cannot read the config: ${why}` }]);
  }
  return parseConfig(text, { file, displayFile: shown, cwd, env: opts.env });
}
