import { resolve } from 'node:path';
import { Registry } from 'prom-client';
import { ConfigError, loadConfig, readRoleTls, validateModuleConfigs, type ConfigProblem, type LoadedConfig, type RoleTls } from "../config/index";
import { AggregateProblems, EntryError, PlateauError } from '../contract/errors';
import { ModuleHost, type ModuleEntry } from './host';
import type { Logger } from '../contract/services';

/** What `prepareModules` returns: the config and a host whose modules are loaded but not started. */
export interface PreparedModules {
  loaded: LoadedConfig;
  host: ModuleHost;
  /** The master's and agent's TLS material (read and checked). */
  tls: RoleTls;
}

/**
 * prepareModules: loads and validates the config, resolves every module, and validates each
 * in-process module's config against its own schema. Every problem found is reported at once,
 * located in the YAML (file:line:col key.path), as a ConfigError; nothing is started. The TLS
 * files the config names are read and checked here too.
 */
export async function prepareModules(opts: { configFile?: string; workDir?: string; logger: Logger; metrics?: Registry }): Promise<PreparedModules> {
  const problems: ConfigProblem[] = [];
  let loaded: LoadedConfig;
  try {
    loaded = await loadConfig({ file: opts.configFile });
  } catch (err) {
    // Schema problems at the top level: keep going with what parsed, to report module problems too.
    if (!(err instanceof ConfigError) || !err.partial) throw err;
    loaded = err.partial;
    problems.push(...err.problems);
  }
  const partial = problems.length > 0;
  const host = new ModuleHost({
    modules: wellFormedEntries(loaded.config.modules),
    configFile: loaded.file,
    workDir: resolve(opts.workDir ?? loaded.config.workDir ?? '.plateau'),
    logger: opts.logger,
    metrics: opts.metrics,
    config: loaded.config as unknown as Record<string, unknown>,
  });
  try {
    host.load();
  } catch (err) {
    const list = err instanceof AggregateProblems ? err.problems : [err];
    for (const e of list) {
      if (e instanceof EntryError) problems.push(loaded.problemAt(e.path, e.detail));
      else if (!partial) throw e; // with top-level problems, an odd entry is already reported
    }
  }
  try {
    validateModuleConfigs(loaded, host.moduleSchemas());
  } catch (err) {
    if (err instanceof ConfigError) problems.push(...err.problems);
    else throw err;
  }
  const roleTls = readRoleTls(loaded);
  problems.push(...roleTls.problems);
  if (problems.length) throw new ConfigError(problems);
  try {
    host.order(); // a dependency cycle or a missing dependency is a config problem too
  } catch (err) {
    if (err instanceof PlateauError) throw new ConfigError([loaded.problemAt(['modules'], err.message, 'key')]);
    throw err;
  }
  return { loaded, host, tls: roleTls.tls };
}

/** Module entries shaped well enough to resolve (objects with exactly one of use, exec, endpoint). */
function wellFormedEntries(modules: unknown): Record<string, ModuleEntry> {
  const out: Record<string, ModuleEntry> = {};
  if (!modules || typeof modules !== 'object' || Array.isArray(modules)) return out;
  for (const [name, entry] of Object.entries(modules as Record<string, unknown>)) {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) continue;
    const e = entry as ModuleEntry;
    if ([e.use, e.exec, e.endpoint].filter((x) => x !== undefined).length !== 1) continue;
    out[name] = e;
  }
  return out;
}
