import { readFileSync } from 'node:fs';
import { InvalidError } from '@plateau/kernel';

/** RLIM_INFINITY as the uint64 string a LaunchInfo carries. */
export const RLIM_INFINITY = '18446744073709551615';

/** POSIX rlimit names (setrlimit(2)) in their OCI form. */
export const RLIMIT_TYPES = [
  'RLIMIT_AS', 'RLIMIT_CORE', 'RLIMIT_CPU', 'RLIMIT_DATA', 'RLIMIT_FSIZE', 'RLIMIT_LOCKS',
  'RLIMIT_MEMLOCK', 'RLIMIT_MSGQUEUE', 'RLIMIT_NICE', 'RLIMIT_NOFILE', 'RLIMIT_NPROC', 'RLIMIT_RSS',
  'RLIMIT_RTPRIO', 'RLIMIT_RTTIME', 'RLIMIT_SIGPENDING', 'RLIMIT_STACK',
] as const;

/** Mesos RLimitInfo.RLimit.Type enum numbers (UNKNOWN = 0, then RLMT_AS = 1 ... RLMT_STACK = 16). */
const MESOS_TYPE_BY_NUMBER = ['UNKNOWN', ...RLIMIT_TYPES];

/** Column titles of /proc/<pid>/limits, by rlimit. */
const PROC_LIMIT_TITLES: Record<string, string> = {
  RLIMIT_CPU: 'Max cpu time', RLIMIT_FSIZE: 'Max file size', RLIMIT_DATA: 'Max data size',
  RLIMIT_STACK: 'Max stack size', RLIMIT_CORE: 'Max core file size', RLIMIT_RSS: 'Max resident set',
  RLIMIT_NPROC: 'Max processes', RLIMIT_NOFILE: 'Max open files', RLIMIT_MEMLOCK: 'Max locked memory',
  RLIMIT_AS: 'Max address space', RLIMIT_LOCKS: 'Max file locks', RLIMIT_SIGPENDING: 'Max pending signals',
  RLIMIT_MSGQUEUE: 'Max msgqueue size', RLIMIT_NICE: 'Max nice priority', RLIMIT_RTPRIO: 'Max realtime priority',
  RLIMIT_RTTIME: 'Max realtime timeout',
};

/** One rlimit with uint64 limits as decimal strings ("18446744073709551615" = unlimited). */
export interface RlimitValue {
  type: string;
  soft: string;
  hard: string;
}

/** `RLMT_NOFILE`, `RLIMIT_NOFILE`, `nofile` or the Mesos enum number → `RLIMIT_NOFILE`. */
export function normalizeRlimitType(type: string | number, where = 'rlimit'): string {
  if (typeof type === 'number') {
    const t = MESOS_TYPE_BY_NUMBER[type];
    if (!t || t === 'UNKNOWN') throw new InvalidError(`${where}: unknown rlimit type ${type}`);
    return t;
  }
  const bare = String(type).trim().toUpperCase().replace(/^(RLMT_|RLIMIT_)/, '');
  const t = `RLIMIT_${bare}`;
  if (!(RLIMIT_TYPES as readonly string[]).includes(t)) throw new InvalidError(`${where}: unknown rlimit type '${type}'`);
  return t;
}

function limitValue(v: unknown, where: string): bigint {
  if (typeof v === 'string' && /^(unlimited|infinity)$/i.test(v.trim())) return BigInt(RLIM_INFINITY);
  if (typeof v === 'number' && v === Infinity) return BigInt(RLIM_INFINITY);
  if ((typeof v === 'number' && Number.isInteger(v) && v >= 0) || (typeof v === 'string' && /^\d+$/.test(v.trim()))) {
    const b = BigInt(typeof v === 'string' ? v.trim() : v);
    if (b > BigInt(RLIM_INFINITY)) throw new InvalidError(`${where}: ${v} is above 2^64-1`);
    return b;
  }
  throw new InvalidError(`${where}: '${String(v)}' is not a non-negative integer or "unlimited"`);
}

/**
 * One rlimit from Mesos RLimitInfo (or this isolator's config): `hard` and `soft` are both set or
 * both unset (unset = unlimited, as Mesos has it), and soft <= hard.
 */
export function toRlimit(r: { type: string | number; soft?: unknown; hard?: unknown }, where: string): RlimitValue {
  const type = normalizeRlimitType(r.type, where);
  const hasSoft = r.soft !== undefined && r.soft !== null;
  const hasHard = r.hard !== undefined && r.hard !== null;
  if (hasSoft !== hasHard) throw new InvalidError(`${where} ${type}: set both soft and hard, or neither (unlimited)`);
  const soft = hasSoft ? limitValue(r.soft, `${where} ${type} soft`) : BigInt(RLIM_INFINITY);
  const hard = hasHard ? limitValue(r.hard, `${where} ${type} hard`) : BigInt(RLIM_INFINITY);
  if (soft > hard) throw new InvalidError(`${where} ${type}: soft limit ${soft} is above hard limit ${hard}`);
  return { type, soft: soft.toString(), hard: hard.toString() };
}

/** Hard limits of a process from /proc/<pid>/limits text, by rlimit ("unlimited" = RLIM_INFINITY). */
export function parseProcLimits(text: string): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const [type, title] of Object.entries(PROC_LIMIT_TITLES)) {
    const line = text.split('\n').find((l) => l.startsWith(title));
    if (!line) continue;
    const cols = line.slice(title.length).trim().split(/\s+/);
    const hard = cols[1];
    if (hard === undefined) continue;
    out.set(type, hard === 'unlimited' ? BigInt(RLIM_INFINITY) : BigInt(hard));
  }
  return out;
}

/** What the agent may raise: without CAP_SYS_RESOURCE a hard limit cannot go above the agent's own. */
export interface RaiseBounds {
  /** Whether the agent holds CAP_SYS_RESOURCE (then only fs.nr_open bounds RLIMIT_NOFILE). */
  canRaise: boolean;
  /** The agent's own hard limits. */
  hard: Map<string, bigint>;
  /** fs.nr_open: the ceiling of RLIMIT_NOFILE even with CAP_SYS_RESOURCE. */
  nrOpen?: bigint;
}

/** Reads the bounds of this process (the agent; runc inherits them). */
export function readRaiseBounds(): RaiseBounds {
  const status = safeRead('/proc/self/status');
  const capEff = /^CapEff:\s*([0-9a-f]+)/m.exec(status)?.[1];
  const canRaise = capEff ? ((BigInt(`0x${capEff}`) >> 24n) & 1n) === 1n : false;
  const nrOpen = safeRead('/proc/sys/fs/nr_open').trim();
  return { canRaise, hard: parseProcLimits(safeRead('/proc/self/limits')), nrOpen: /^\d+$/.test(nrOpen) ? BigInt(nrOpen) : undefined };
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Whether runc will be able to set `r`: an InvalidError naming the limit when its hard limit is
 * above what the agent may raise to (runc would fail at launch with a bare EPERM otherwise).
 */
export function checkRaisable(r: RlimitValue, bounds: RaiseBounds, where: string): void {
  const hard = BigInt(r.hard);
  if (r.type === 'RLIMIT_NOFILE' && bounds.nrOpen !== undefined && hard > bounds.nrOpen) {
    throw new InvalidError(`${where} RLIMIT_NOFILE: hard limit ${r.hard} is above fs.nr_open (${bounds.nrOpen})`);
  }
  const mine = bounds.hard.get(r.type);
  if (!bounds.canRaise && mine !== undefined && hard > mine) {
    throw new InvalidError(`${where} ${r.type}: hard limit ${r.hard} is above the agent's own (${mine}) and the agent lacks CAP_SYS_RESOURCE to raise it`);
  }
}

/** `r` with its hard (and soft) limit lowered to what the agent may set; for config defaults. */
export function clampRaisable(r: RlimitValue, bounds: RaiseBounds): RlimitValue {
  let max: bigint | undefined;
  if (!bounds.canRaise) max = bounds.hard.get(r.type);
  if (r.type === 'RLIMIT_NOFILE' && bounds.nrOpen !== undefined && (max === undefined || bounds.nrOpen < max)) max = bounds.nrOpen;
  if (max === undefined) return r;
  const hard = BigInt(r.hard) > max ? max : BigInt(r.hard);
  const soft = BigInt(r.soft) > hard ? hard : BigInt(r.soft);
  return { type: r.type, soft: soft.toString(), hard: hard.toString() };
}
