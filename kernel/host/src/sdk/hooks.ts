/**
 * Calling hook modules the way Mesos's HookManager does: hooks run in configured order and each
 * sees the previous one's result; a hook that fails, answers something that cannot be applied, or
 * does not answer within the deadline is logged with its name and skipped, and the kernel goes on
 * with the value as it was before that hook. A hook that does not implement the hook point
 * (PLT_ERR_UNSUPPORTED) is skipped quietly. Notifications (AgentRemoveExecutor) go to every hook;
 * their answers are ignored and their failures only logged. AgentPreLaunch is the containerizer's
 * own (callHook): its failure fails the launch.
 */
import { ErrorCodes, hasCode, messageOf } from '../contract/errors';
import type { Logger } from '../contract/services';
import type { Decoration__Output } from '../generated/kernel/hook/v1/Decoration';
import type { Attribute__Output } from '../generated/kernel/container/v1/Attribute';
import type { EnvVar } from '../generated/kernel/container/v1/EnvVar';
import type { Label } from '../generated/kernel/container/v1/Label';
import type { Hook } from '../generated/kinds';

/** Default deadline of one hook call, ms. */
export const HOOK_TIMEOUT_MS = 5000;

/** A hook module and the name it is logged by. */
export interface NamedHook {
  label: string;
  module: Hook;
}

/** The decorating hook points (AgentPreLaunch is the containerizer's own: its failure fails the launch). */
export type DecoratorPoint = 'masterLaunchTask' | 'agentRunTask' | 'agentTaskStatus' | 'agentResources';

/** The hook points that only tell hooks something happened: answers ignored, failures logged. */
export type NotifyPoint = 'agentRemoveExecutor';

/** The request of hook point `P`. */
export type HookRequest<P extends keyof Hook> = Parameters<Hook[P]>[0];

/** What `decorate` needs besides the hooks and the value. */
export interface DecorateOptions {
  log: Logger;
  /** Deadline of each hook call, ms (default HOOK_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Logged with each warning (e.g. the task id). */
  context?: Record<string, unknown>;
}

/**
 * Runs hook point `point` of each hook in order over `value`: `request` builds the call from the
 * value so far, `apply` folds the hook's Decoration into it (returning the value unchanged for a
 * null field). Never rejects.
 */
export async function decorate<P extends DecoratorPoint, V>(
  hooks: readonly NamedHook[],
  point: P,
  value: V,
  request: (v: V) => Parameters<Hook[P]>[0],
  apply: (v: V, d: Decoration__Output) => V,
  opts: DecorateOptions,
): Promise<V> {
  const timeoutMs = opts.timeoutMs ?? HOOK_TIMEOUT_MS;
  let current = value;
  for (const hook of hooks) {
    try {
      const d = await callHook(hook, point, request(current), timeoutMs);
      if (d !== undefined && d !== null) current = apply(current, d);
    } catch (err) {
      if (hasCode(err, ErrorCodes.unsupported)) continue;
      const timedOut = err instanceof HookTimeout;
      opts.log.warn({ ...opts.context, hook: hook.label, point, timeoutMs: timedOut ? timeoutMs : undefined, err: messageOf(err) }, timedOut ? `hook ${hook.label} timed out in ${point}: skipped` : `hook ${hook.label} failed in ${point}: skipped`);
    }
  }
  return current;
}

/** Tells each hook of `point` in order (each call under its deadline); never rejects. */
export async function notifyHooks<P extends NotifyPoint>(hooks: readonly NamedHook[], point: P, req: HookRequest<P>, opts: DecorateOptions): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? HOOK_TIMEOUT_MS;
  for (const hook of hooks) {
    try {
      await callHook(hook, point, req, timeoutMs);
    } catch (err) {
      if (hasCode(err, ErrorCodes.unsupported)) continue;
      const timedOut = err instanceof HookTimeout;
      opts.log.warn({ ...opts.context, hook: hook.label, point, timeoutMs: timedOut ? timeoutMs : undefined, err: messageOf(err) }, timedOut ? `hook ${hook.label} timed out in ${point}` : `hook ${hook.label} failed in ${point}`);
    }
  }
}

/** A hook call that did not answer within its deadline. */
export class HookTimeout extends Error {}

/** One call of hook point `point`, rejected with a HookTimeout when it does not answer within `timeoutMs`. */
export async function callHook<P extends keyof Hook>(hook: NamedHook, point: P, req: Parameters<Hook[P]>[0], timeoutMs: number = HOOK_TIMEOUT_MS): Promise<Decoration__Output> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const call = (hook.module[point] as (r: Parameters<Hook[P]>[0]) => Promise<Decoration__Output>).call(hook.module, req);
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new HookTimeout(`hook ${hook.label} did not answer ${point} within ${timeoutMs} ms`)), timeoutMs);
    });
    return await Promise.race([call, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** A Decoration's labels in Mesos form ({key, value}), or undefined when it keeps the labels. */
export function decoratedLabels(d: Decoration__Output): { key: string; value: string }[] | undefined {
  if (!d.labels) return undefined;
  return (d.labels.labels ?? []).map((l: Label) => {
    if (typeof l?.key !== 'string' || l.key === '') throw new Error('a label without a key');
    return { key: l.key, value: l.value ?? '' };
  });
}

/** A Decoration's environment ({name, value}), or undefined when it keeps the environment. */
export function decoratedEnvironment(d: Decoration__Output): EnvVar[] | undefined {
  if (!d.environment) return undefined;
  return (d.environment.variables ?? []).map((v) => {
    if (typeof v?.name !== 'string' || v.name === '' || v.name.includes('=')) throw new Error(`an environment variable without a valid name (${JSON.stringify(v?.name)})`);
    return { name: v.name, value: v.value ?? '' };
  });
}

/** A Decoration's attributes, checked to have names and a known type, or undefined when it keeps them. */
export function decoratedAttributes(d: Decoration__Output): Attribute__Output[] | undefined {
  if (!d.attributes) return undefined;
  return (d.attributes.attributes ?? []).map((a) => {
    if (typeof a?.name !== 'string' || a.name === '') throw new Error('an attribute without a name');
    const type = a.type === 'VALUE_TYPE_UNSPECIFIED' || a.type === undefined ? 'TEXT' : a.type;
    if (!['SCALAR', 'RANGES', 'SET', 'TEXT'].includes(type)) throw new Error(`attribute ${a.name}: unknown type ${String(a.type)}`);
    return { name: a.name, type, scalar: Number(a.scalar ?? 0), ranges: a.ranges ?? [], set: a.set ?? [], text: a.text ?? '' };
  });
}

/** A Decoration with the fields of `set`, the rest null (the shape answers have on the wire). */
export function decoration(set: Partial<Decoration__Output> = {}): Decoration__Output {
  return { labels: null, environment: null, resources: null, attributes: null, ...set };
}

/**
 * `existing` key/value pairs (labels, environment variables) with every `wanted` pair set: a
 * wanted key keeps the position of its first occurrence (later duplicates of it are dropped);
 * wanted keys not present are appended in order. Stamping twice changes nothing.
 */
export function stampPairs(existing: ReadonlyArray<readonly [string, string]>, wanted: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  const want = new Map(wanted);
  const seen = new Set<string>();
  const out: Array<[string, string]> = [];
  for (const [k, v] of existing) {
    if (!want.has(k)) {
      out.push([k, v]);
    } else if (!seen.has(k)) {
      seen.add(k);
      out.push([k, want.get(k)!]);
    }
  }
  for (const [k, v] of want) if (!seen.has(k)) out.push([k, v]);
  return out;
}
