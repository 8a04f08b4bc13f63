/**
 * Secrets in Mesos messages (Secret: a REFERENCE {name, key} or a VALUE {data}). What the master
 * and the agent keep, show and hand to hooks carries a secret's reference but never its value:
 * `withoutSecretValues` drops `value` from every Secret in a message, wherever it sits
 * (Environment.Variable.secret, Volume.Source.secret, Image.Docker.config, CSI secrets, ...),
 * the way Mesos strips `value.data` from the state it serves.
 */

const SECRET_KEYS = new Set(['type', 'reference', 'value']);

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v);

/**
 * Whether `o` is a Secret holding a value: only Secret's fields, and a `value` object with `data`.
 * (No other Mesos message has a `value` field that is a `{data}` object.)
 */
function isSecretWithValue(o: Record<string, unknown>): boolean {
  const value = o.value;
  if (!isPlainObject(value) || !('data' in value)) return false;
  for (const k of Object.keys(o)) if (!SECRET_KEYS.has(k)) return false;
  return true;
}

/** Whether anything in `msg` is a Secret with a value. */
export function hasSecretValues(msg: unknown): boolean {
  if (Array.isArray(msg)) return msg.some(hasSecretValues);
  if (!isPlainObject(msg)) return false;
  if (isSecretWithValue(msg)) return true;
  for (const v of Object.values(msg)) if (v !== null && typeof v === 'object' && hasSecretValues(v)) return true;
  return false;
}

/**
 * `msg` with every Secret's `value` removed (its `type` and `reference` kept). Works on decoded
 * messages and on their JSON form alike. Returns `msg` itself when it holds no secret value, a
 * copy (of the changed paths only) otherwise; `msg` is never modified.
 */
export function withoutSecretValues<T>(msg: T): T {
  if (!hasSecretValues(msg)) return msg;
  return strip(msg) as T;
}

function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strip);
  if (!isPlainObject(v)) return v;
  if (isSecretWithValue(v)) {
    const { value: _dropped, ...rest } = v;
    return rest;
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = x !== null && typeof x === 'object' && hasSecretValues(x) ? strip(x) : x;
  return out;
}
