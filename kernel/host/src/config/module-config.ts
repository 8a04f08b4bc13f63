/**
 * validateModuleConfigs: checks each `modules.<name>.config` against the schema its module
 * declares, once the host has resolved the modules, with errors pointing into the YAML.
 */
import Ajv, { type Options, type ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ConfigError, type ConfigProblem } from './errors.js';
import { humanise } from './humanise.js';
import type { LoadedConfig } from './load.js';

const compiled = new WeakMap<object, ValidateFunction>();

function compile(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    const options: Options = { allErrors: true, verbose: true, useDefaults: true, strict: false };
    const dialect = String((schema as { $schema?: unknown }).$schema ?? '');
    // A fresh Ajv per schema: two modules may reuse an $id without clashing.
    const ajv = dialect.includes('2020-12')
      ? new Ajv2020(options)
      : dialect.includes('2019-09')
        ? new Ajv2019(options)
        : new Ajv(options);
    addFormats(ajv);
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/**
 * validateModuleConfigs: validates every module instance's `config` against
 * `schemasByInstance.get(name)` (a JSON Schema; absent or null when the module declares none),
 * fills in the schema's defaults, writes the result back into `loaded.config.modules.<name>.config`
 * and returns each instance's config (`{}` for modules without a schema). A missing `config` is
 * validated as `{}`, so required settings are reported. Config given to a module without a schema
 * is an error. Throws one ConfigError with every problem:
 * `plateau.yaml:14:7 modules.zk.config.servers: must be an array`.
 */
export function validateModuleConfigs(
  loaded: LoadedConfig,
  schemasByInstance: ReadonlyMap<string, object | null | undefined>,
): Map<string, Record<string, unknown>> {
  const problems: ConfigProblem[] = [];
  const out = new Map<string, Record<string, unknown>>();
  for (const [name, entry] of Object.entries(loaded.config.modules)) {
    // Out-of-process modules are absent here: their schema comes from Describe when they start.
    if (!schemasByInstance.has(name)) continue;
    const base = ['modules', name, 'config'];
    const schema = schemasByInstance.get(name);
    if (!schema) {
      if (entry.config !== undefined) {
        problems.push(loaded.problemAt(base, `module '${name}' takes no config (it declares no config schema)`, 'key'));
      }
      out.set(name, {});
      continue;
    }
    let validate: ValidateFunction;
    try {
      validate = compile(schema);
    } catch (e) {
      problems.push(
        loaded.problemAt(['modules', name], `the module declares an invalid config schema: ${(e as Error).message}`, 'key'),
      );
      continue;
    }
    const config: Record<string, unknown> = entry.config ?? {};
    if (validate(config)) {
      entry.config = config;
      out.set(name, config);
      continue;
    }
    for (const loc of humanise(validate.errors ?? [], config)) {
      problems.push(loaded.problemAt([...base, ...loc.path], loc.message, loc.at));
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return out;
}
