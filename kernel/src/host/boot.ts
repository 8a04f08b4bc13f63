import { resolve } from 'node:path';
import { Registry } from 'prom-client';
import { ConfigError, loadConfig, validateModuleConfigs, type ConfigProblem, type LoadedConfig } from "../config/index";
import { AggregateProblems, EntryError, PlateauError } from './errors';
import { ModuleHost } from './host';
import type { Logger } from './services';

/** What `prepareModules` returns: the config and a host whose modules are loaded but not started. */
export interface PreparedModules {
  loaded: LoadedConfig;
  host: ModuleHost;
}

/**
 * prepareModules: loads and validates the config, resolves every module, and validates each
 * in-process module's config against its own schema. Every problem found is reported at once,
 * located in the YAML (file:line:col key.path), as a ConfigError; nothing is started.
 */
export async function prepareModules(opts: { configFile?: string; workDir?: string; logger: Logger; metrics?: Registry }): Promise<PreparedModules> {
  const loaded = await loadConfig({ file: opts.configFile });
  const host = new ModuleHost({
    modules: loaded.config.modules as Record<string, never>,
    configFile: loaded.file,
    workDir: resolve(opts.workDir ?? loaded.config.workDir ?? '.plateau'),
    logger: opts.logger,
    metrics: opts.metrics,
    config: loaded.config as unknown as Record<string, unknown>,
  });
  const problems: ConfigProblem[] = [];
  try {
    host.load();
  } catch (err) {
    const list = err instanceof AggregateProblems ? err.problems : [err];
    for (const e of list) {
      if (e instanceof EntryError) problems.push(loaded.problemAt(e.path, e.detail));
      else throw e;
    }
  }
  try {
    validateModuleConfigs(loaded, host.moduleSchemas());
  } catch (err) {
    if (err instanceof ConfigError) problems.push(...err.problems);
    else throw err;
  }
  if (problems.length) throw new ConfigError(problems);
  try {
    host.order(); // a dependency cycle or a missing dependency is a config problem too
  } catch (err) {
    if (err instanceof PlateauError) throw new ConfigError([loaded.problemAt(['modules'], err.message, 'key')]);
    throw err;
  }
  return { loaded, host };
}
