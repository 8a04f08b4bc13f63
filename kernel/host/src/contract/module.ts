import type { KindName } from './kinds';
import type { ModuleDirs, Logger } from './services';
import type { Token } from './tokens';

/** A JSON Schema object (draft 2020-12 subset understood by Ajv). */
export type JsonSchema = Record<string, unknown>;

/** Maps a deps declaration `{ log: Token<Logger> }` to the resolved values `{ log: Logger }`. */
export type ResolvedDeps<D> = { [K in keyof D]: D[K] extends Token<infer T> ? T : never };

/** What `create` receives. */
export interface CreateContext<C, D> {
  /** The module's config, validated against `configSchema` with defaults applied. */
  config: C;
  /** Dependencies resolved from the module's DI container. */
  deps: ResolvedDeps<D>;
  /** The module's own directories. */
  dirs: ModuleDirs;
  /** Logger tagged with the module's URI. */
  log: Logger;
  /** Kind API version chosen by the host (newest both sides speak). */
  apiVersion: string;
}

/** What `stop` receives. */
export interface StopContext {
  /** Milliseconds left before the host gives up on this module. */
  deadlineMs: number;
}

/**
 * ModuleDefinition: what a module package exports as its default. The host validates the
 * module's config against `configSchema`, resolves `deps`, calls `create`, registers the
 * instance under its kind (and every kind in `provides`), then calls `start`.
 */
export interface ModuleDefinition<I = unknown, C = unknown, D extends Record<string, Token<unknown>> = Record<string, Token<unknown>>> {
  /** Primary kind, lowercase and singular. */
  kind: KindName;
  /** Name within its kind; the module's URI is `${kind}.${name}`. */
  name: string;
  /** The module's own version (semver). */
  version: string;
  /** Kind API versions the module serves. */
  apiVersions: string[];
  /** Further kinds the same instance serves (a contender also serves detector and registry). */
  provides?: KindName[];
  /** JSON Schema of the module's config; the config is validated against it before create. */
  configSchema?: JsonSchema;
  /** Dependencies by token: kernel services, `moduleRef(kind, name)` or `kindRef(kind)`. */
  deps?: D;
  /** Builds the instance; throw SkipModule when the host lacks what the module needs. */
  create(ctx: CreateContext<C, D>): I | Promise<I>;
  /** Brings the instance into service, after all its dependencies have started. */
  start?(instance: I, ctx: CreateContext<C, D>): void | Promise<void>;
  /** Releases what the instance holds; called in reverse start order, bounded by a deadline. */
  stop?(instance: I, ctx: StopContext): void | Promise<void>;
}

const NAME_PATTERN = /^[a-z][a-z0-9-]*$/;

/**
 * defineModule: checks a module definition's shape at load time and returns it typed.
 * Throws on an invalid name or version list, so a broken package fails when loaded, not later.
 */
export function defineModule<I, C = Record<string, unknown>, D extends Record<string, Token<unknown>> = Record<string, never>>(
  def: ModuleDefinition<I, C, D>,
): ModuleDefinition<I, C, D> {
  if (!NAME_PATTERN.test(def.name)) {
    throw new TypeError(`module name '${def.name}' must match ${NAME_PATTERN} (letters, digits, dashes)`);
  }
  if (!Array.isArray(def.apiVersions) || def.apiVersions.length === 0) {
    throw new TypeError(`module ${def.kind}.${def.name}: apiVersions must list at least one version`);
  }
  if (typeof def.create !== 'function') {
    throw new TypeError(`module ${def.kind}.${def.name}: create must be a function`);
  }
  return def;
}

/** Whether `value` looks like a module definition (a loaded package's default export). */
export function isModuleDefinition(value: unknown): value is ModuleDefinition {
  const v = value as Partial<ModuleDefinition> | null;
  return !!v && typeof v === 'object' && typeof v.kind === 'string' && typeof v.name === 'string' && typeof v.create === 'function';
}

/** The definition a loaded module file exports: its `default`, or the export itself. */
export function definitionOf(exported: unknown): unknown {
  return (exported as { default?: unknown } | null)?.default ?? exported;
}

/** The kinds an instance of `def` serves: its own and those it provides. */
export function kindsOf(def: Pick<ModuleDefinition, 'kind' | 'provides'>): KindName[] {
  return [def.kind, ...(def.provides ?? [])];
}

/** The newest API version both sides speak, or undefined when they share none. */
export function chooseApiVersion(host: readonly string[], module: readonly string[]): string | undefined {
  const shared = module.filter((v) => host.includes(v));
  return shared.sort(compareApiVersions).at(-1);
}

function compareApiVersions(a: string, b: string): number {
  const num = (v: string) => Number(/^v(\d+)/.exec(v)?.[1] ?? 0);
  return num(a) - num(b) || a.localeCompare(b);
}
