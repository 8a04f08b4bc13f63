import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { JsonSchema } from './module';

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
addFormats(ajv);
const compiled = new WeakMap<object, ValidateFunction>();

/** One schema violation: a dotted path into the value and a message. */
export interface SchemaProblem {
  path: string;
  message: string;
}

/**
 * validateWithSchema: validates (and fills defaults into) `value` against `schema`, returning
 * every problem at once. Used where no YAML positions exist (out-of-process modules, Configure).
 */
export function validateWithSchema(schema: JsonSchema, value: unknown): SchemaProblem[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate(value) ? [] : (validate.errors ?? []).map(describe);
}

function describe(e: ErrorObject): SchemaProblem {
  const path = e.instancePath.split('/').filter(Boolean).join('.');
  if (e.keyword === 'additionalProperties') {
    const key = (e.params as { additionalProperty: string }).additionalProperty;
    return { path: path ? `${path}.${key}` : key, message: `unknown key '${key}'` };
  }
  if (e.keyword === 'enum') {
    return { path, message: `must be one of: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` };
  }
  return { path, message: e.message ?? e.keyword };
}
