import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { ResourceStatistics } from '@plateau/kernel';
import { blkioToIoWeight, sharesToWeight, type Features, type Limits } from './limits';

/** statfs magic of a cgroup v1 hierarchy. */
const CGROUP_SUPER_MAGIC = 0x27e0eb;
/** statfs magic of the cgroup v2 unified hierarchy. */
const CGROUP2_SUPER_MAGIC = 0x63677270;
/** Clock ticks per second of cpuacct.stat: USER_HZ, 100 on every Linux architecture. */
const USER_HZ = 100;
/** v1 memory limits at or above this read as "unlimited" (the kernel shows PAGE_COUNTER_MAX pages). */
const V1_UNLIMITED = 1n << 62n;

/** v1 controllers this isolator creates cgroups in, writes limits to and moves processes into. */
export const V1_CONTROLLERS = ['cpu', 'cpuacct', 'memory', 'pids', 'blkio', 'cpuset', 'freezer'] as const;
/** v2 controllers this isolator enables for its subtree. */
export const V2_CONTROLLERS = ['cpu', 'memory', 'pids', 'io', 'cpuset'] as const;

/**
 * CgroupFs: the cgroup filesystem of one host, version-specific. Paths given to it (`rel`) are
 * relative to each hierarchy's root, e.g. `plateau/<containerId>`.
 */
export interface CgroupFs {
  readonly version: 'v1' | 'v2';
  readonly mountPoint: string;
  /** Directories of the hierarchies it creates cgroups in. */
  managed(): string[];
  /** Creates the parent cgroup `root` (enabling controllers on v2) and says what the host can enforce. */
  init(root: string): Promise<Features>;
  /** Creates the cgroup `rel` in every managed hierarchy and writes `limits` into it. */
  create(rel: string, limits: Limits): Promise<void>;
  /** Writes `limits` into the existing cgroup `rel`. */
  apply(rel: string, limits: Limits): Promise<void>;
  /** Moves process `pid` (all its threads) into `rel` in every managed hierarchy. Idempotent. */
  attach(rel: string, pid: number): Promise<void>;
  /** Whether the memory cgroup of `rel` exists. */
  exists(rel: string): boolean;
  /** OOM kills the kernel recorded in `rel`'s memory cgroup; undefined when it is gone. */
  oomKills(rel: string): Promise<number | undefined>;
  /** Peak memory use of `rel` in bytes, when the kernel reports it. */
  peakMemory(rel: string): Promise<bigint | undefined>;
  /** Usage statistics of `rel` (fields the host does not report stay unset). */
  stats(rel: string): Promise<Partial<ResourceStatistics>>;
  /** Pids in `rel` and below it, in every hierarchy (managed or not). */
  procs(rel: string): Promise<number[]>;
  /** Removes `rel` and its descendants from every hierarchy (they must be empty). */
  remove(rel: string): Promise<void>;
  /** Names of the cgroups directly under `root`, in any hierarchy. */
  children(root: string): Promise<string[]>;
  /** Removes the cgroup `rel` where it is empty; leaves it where it is not. */
  removeIfEmpty(rel: string): Promise<void>;
}

/** How to find and drive the host's cgroups. */
export interface CgroupFsOptions {
  mountPoint: string;
  version: 'auto' | 'v1' | 'v2';
}

/**
 * openCgroupFs: detects the cgroup version at `mountPoint` (statfs magic: cgroup2 there means v2;
 * a directory of v1 controller mounts means v1, hybrid included) or takes the one configured.
 * Returns a string saying why when there is nothing usable.
 */
export function openCgroupFs(opts: CgroupFsOptions): CgroupFs | string {
  const mp = opts.mountPoint;
  let version = opts.version;
  if (version === 'auto') {
    let type: number;
    try {
      type = Number(fs.statfsSync(mp).type);
    } catch (err) {
      return `no cgroup filesystem at ${mp}: ${(err as Error).message}`;
    }
    if (type === CGROUP2_SUPER_MAGIC) version = 'v2';
    else if (V1_CONTROLLERS.some((c) => isV1Mount(path.join(mp, c)))) version = 'v1';
    else return `no cgroup v1 controller or cgroup v2 hierarchy mounted at ${mp}`;
  }
  if (version === 'v2') {
    if (!fs.existsSync(path.join(mp, 'cgroup.controllers'))) return `${mp} is not a cgroup v2 hierarchy (no cgroup.controllers)`;
    return new V2Fs(mp);
  }
  const controllers = new Map<string, string>();
  for (const c of V1_CONTROLLERS) {
    const dir = path.join(mp, c);
    if (!fs.existsSync(path.join(dir, 'cgroup.procs'))) continue;
    controllers.set(c, fs.realpathSync(dir));
  }
  if (controllers.size === 0) return `no cgroup v1 controller (${V1_CONTROLLERS.join(', ')}) mounted under ${mp}`;
  return new V1Fs(mp, controllers);
}

function isV1Mount(dir: string): boolean {
  try {
    return Number(fs.statfsSync(dir).type) === CGROUP_SUPER_MAGIC;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// File helpers

const errno = (err: unknown) => (err as NodeJS.ErrnoException).code;

/** A controller file that is not there (its cgroup or controller is gone) reads as undefined. */
function absent(err: unknown): undefined {
  if (errno(err) === 'ENOENT' || errno(err) === 'ENODEV') return undefined;
  throw err;
}

/** A failed write, naming the value and the file. */
function writeFailed(err: unknown, file: string, value: string | number): NodeJS.ErrnoException {
  const e = err as NodeJS.ErrnoException;
  e.message = `writing '${value}' to ${file}: ${e.code ?? e.message}`;
  return e;
}

async function read(file: string): Promise<string | undefined> {
  try {
    return (await fsp.readFile(file, 'utf8')).trim();
  } catch (err) {
    return absent(err);
  }
}

async function write(file: string, value: string | number): Promise<void> {
  try {
    await fsp.writeFile(file, String(value));
  } catch (err) {
    throw writeFailed(err, file, value);
  }
}

/**
 * `write` done at once, for a new cgroup's own files (create): a cgroupfs file is kernel memory,
 * written in about 15 µs, while each asynchronous write waits on the thread pool (open, write,
 * close) and costs a Prepare milliseconds. Files of a cgroup with processes in it (a lower memory
 * limit reclaims while the write blocks) keep the asynchronous `write`.
 */
function writeNow(file: string, value: string | number): void {
  try {
    fs.writeFileSync(file, String(value));
  } catch (err) {
    throw writeFailed(err, file, value);
  }
}

/** `read` done at once (see writeNow). */
function readNow(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (err) {
    return absent(err);
  }
}

/** How `apply` writes a file: `write`, or `writeNow` for a new cgroup. */
type Put = (file: string, value: string | number) => Promise<void> | void;

/** `key value` lines (memory.stat, cpu.stat, cpuacct.stat, memory.events) as a map of BigInts. */
function keyed(text: string | undefined): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const line of (text ?? '').split('\n')) {
    const m = /^(\S+)\s+(-?\d+)$/.exec(line.trim());
    if (m) out.set(m[1]!, BigInt(m[2]!));
  }
  return out;
}

function big(text: string | undefined): bigint | undefined {
  return text !== undefined && /^-?\d+$/.test(text) ? BigInt(text) : undefined;
}

function pidsIn(text: string | undefined): number[] {
  return (text ?? '')
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Removes the cgroup directory `dir` and every cgroup below it; missing is fine. */
async function removeTree(dir: string): Promise<void> {
  let entries: fs.Dirent[];
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (errno(err) === 'ENOENT') return;
    throw err;
  }
  for (const e of entries) if (e.isDirectory()) await removeTree(path.join(dir, e.name));
  // A cgroup whose last process just died can stay busy for a moment.
  for (let attempt = 0; ; attempt++) {
    try {
      await fsp.rmdir(dir);
      return;
    } catch (err) {
      const code = errno(err);
      if (code === 'ENOENT') return;
      // Only a plain directory tree (a fake cgroupfs) holds files rmdir cannot pass.
      if (code === 'ENOTEMPTY') return fsp.rm(dir, { recursive: true, force: true });
      if (code !== 'EBUSY' || attempt >= 40) {
        (err as Error).message = `removing cgroup ${dir}: ${code ?? (err as Error).message}`;
        throw err;
      }
      await sleep(50);
    }
  }
}

async function rmdirIfEmpty(dir: string): Promise<void> {
  try {
    await fsp.rmdir(dir);
  } catch {
    /* gone, busy or not empty: leave it */
  }
}

async function subdirs(dir: string): Promise<string[]> {
  try {
    return (await fsp.readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (err) {
    if (errno(err) === 'ENOENT') return [];
    throw err;
  }
}

async function procsBelow(dir: string, out: Set<number>): Promise<void> {
  for (const pid of pidsIn(await read(path.join(dir, 'cgroup.procs')))) out.add(pid);
  for (const child of await subdirs(dir)) await procsBelow(path.join(dir, child), out);
}

/**
 * Copies cpuset.cpus and cpuset.mems from the parent when empty: a v1 cpuset takes no task
 * without them. Only for a cgroup without processes yet (see writeNow).
 */
function initCpuset(dir: string): void {
  for (const f of ['cpuset.cpus', 'cpuset.mems']) {
    if (readNow(path.join(dir, f))) continue;
    const parent = readNow(path.join(path.dirname(dir), f));
    if (parent) writeNow(path.join(dir, f), parent);
  }
}

function setStat(out: Partial<ResourceStatistics>, key: keyof ResourceStatistics, v: bigint | undefined): void {
  if (v !== undefined && v >= 0n) (out as Record<string, unknown>)[key] = v.toString();
}

// ---------------------------------------------------------------------------------------------
// cgroup v1

class V1Fs implements CgroupFs {
  readonly version = 'v1' as const;

  constructor(
    readonly mountPoint: string,
    /** Controller name → directory of its hierarchy (co-mounted controllers share one). */
    private readonly controllers: Map<string, string>,
  ) {}

  managed(): string[] {
    return [...new Set(this.controllers.values())];
  }

  /** Every mounted hierarchy, managed or not (runc also joins name=systemd and the hybrid unified one). */
  private all(): string[] {
    const dirs = new Set(this.managed());
    let names: string[] = [];
    try {
      names = fs.readdirSync(this.mountPoint);
    } catch {
      /* mount point unreadable: the managed ones are all we know */
    }
    for (const n of names) {
      const d = path.join(this.mountPoint, n);
      try {
        if (fs.existsSync(path.join(d, 'cgroup.procs'))) dirs.add(fs.realpathSync(d));
      } catch {
        /* vanished while looking */
      }
    }
    return [...dirs];
  }

  private dir(controller: string, rel: string): string | undefined {
    const h = this.controllers.get(controller);
    return h === undefined ? undefined : path.join(h, rel);
  }

  async init(root: string): Promise<Features> {
    for (const h of this.managed()) await fsp.mkdir(path.join(h, root), { recursive: true });
    const cpuset = this.dir('cpuset', root);
    if (cpuset) initCpuset(cpuset);
    const has = (c: string, f: string) => {
      const d = this.dir(c, root);
      return d !== undefined && fs.existsSync(path.join(d, f));
    };
    return {
      cpu: has('cpu', 'cpu.shares'),
      cfs: has('cpu', 'cpu.cfs_quota_us'),
      memory: has('memory', 'memory.limit_in_bytes'),
      swap: has('memory', 'memory.memsw.limit_in_bytes'),
      pids: has('pids', 'pids.max'),
      blkioWeight: has('blkio', 'blkio.bfq.weight') || has('blkio', 'blkio.weight'),
      cpuset: has('cpuset', 'cpuset.cpus'),
    };
  }

  async create(rel: string, limits: Limits): Promise<void> {
    for (const h of this.managed()) fs.mkdirSync(path.join(h, rel), { recursive: true });
    const cpuset = this.dir('cpuset', rel);
    if (cpuset) initCpuset(cpuset);
    await this.applyWith(rel, limits, writeNow);
  }

  apply(rel: string, l: Limits): Promise<void> {
    return this.applyWith(rel, l, write);
  }

  private async applyWith(rel: string, l: Limits, put: Put): Promise<void> {
    const cpu = this.dir('cpu', rel);
    if (cpu) {
      if (l.cpuShares !== undefined) await put(path.join(cpu, 'cpu.shares'), l.cpuShares);
      if (l.cpuQuotaUs !== undefined) {
        if (l.cpuPeriodUs !== undefined) await put(path.join(cpu, 'cpu.cfs_period_us'), l.cpuPeriodUs);
        await put(path.join(cpu, 'cpu.cfs_quota_us'), l.cpuQuotaUs);
      }
    }
    const mem = this.dir('memory', rel);
    if (mem) {
      if (l.memoryLimitBytes !== undefined) {
        const limit = path.join(mem, 'memory.limit_in_bytes');
        if (l.memorySwapBytes === undefined) {
          await put(limit, l.memoryLimitBytes);
        } else {
          // memory.limit_in_bytes may never exceed memory.memsw.limit_in_bytes: order the writes.
          const memsw = path.join(mem, 'memory.memsw.limit_in_bytes');
          try {
            await put(limit, l.memoryLimitBytes);
            await put(memsw, l.memorySwapBytes);
          } catch (err) {
            if (errno(err) !== 'EINVAL') throw err;
            await put(memsw, l.memorySwapBytes);
            await put(limit, l.memoryLimitBytes);
          }
        }
      }
      if (l.memoryReservationBytes !== undefined) await put(path.join(mem, 'memory.soft_limit_in_bytes'), l.memoryReservationBytes);
    }
    const pids = this.dir('pids', rel);
    if (pids && l.pidsLimit !== undefined) await put(path.join(pids, 'pids.max'), l.pidsLimit < 0 ? 'max' : l.pidsLimit);
    const blkio = this.dir('blkio', rel);
    if (blkio && l.blkioWeight !== undefined) {
      const bfq = path.join(blkio, 'blkio.bfq.weight');
      await put(fs.existsSync(bfq) ? bfq : path.join(blkio, 'blkio.weight'), l.blkioWeight);
    }
    const cpuset = this.dir('cpuset', rel);
    if (cpuset) {
      if (l.cpusetMems !== undefined) await put(path.join(cpuset, 'cpuset.mems'), l.cpusetMems);
      if (l.cpusetCpus !== undefined) await put(path.join(cpuset, 'cpuset.cpus'), l.cpusetCpus);
    }
  }

  async attach(rel: string, pid: number): Promise<void> {
    for (const h of this.managed()) await write(path.join(h, rel, 'cgroup.procs'), pid);
  }

  exists(rel: string): boolean {
    const mem = this.dir('memory', rel) ?? path.join(this.managed()[0]!, rel);
    return fs.existsSync(mem);
  }

  async oomKills(rel: string): Promise<number | undefined> {
    const mem = this.dir('memory', rel);
    if (!mem) return undefined;
    const text = await read(path.join(mem, 'memory.oom_control'));
    if (text === undefined) return undefined;
    const kv = keyed(text);
    // `oom_kill` since Linux 4.13; before that `under_oom` is the only sign.
    const kills = kv.get('oom_kill');
    if (kills !== undefined) return Number(kills);
    return Number(kv.get('under_oom') ?? 0n);
  }

  async peakMemory(rel: string): Promise<bigint | undefined> {
    const mem = this.dir('memory', rel);
    return mem ? big(await read(path.join(mem, 'memory.max_usage_in_bytes'))) : undefined;
  }

  async stats(rel: string): Promise<Partial<ResourceStatistics>> {
    const out: Partial<ResourceStatistics> = {};
    const cpuacct = this.dir('cpuacct', rel);
    if (cpuacct) {
      const kv = keyed(await read(path.join(cpuacct, 'cpuacct.stat')));
      const user = kv.get('user');
      const system = kv.get('system');
      if (user !== undefined) out.cpusUserTimeSecs = Number(user) / USER_HZ;
      if (system !== undefined) out.cpusSystemTimeSecs = Number(system) / USER_HZ;
    }
    const cpu = this.dir('cpu', rel);
    if (cpu) {
      const kv = keyed(await read(path.join(cpu, 'cpu.stat')));
      if (kv.has('nr_periods')) out.cpusNrPeriods = Number(kv.get('nr_periods'));
      if (kv.has('nr_throttled')) out.cpusNrThrottled = Number(kv.get('nr_throttled'));
      if (kv.has('throttled_time')) out.cpusThrottledTimeSecs = Number(kv.get('throttled_time')) / 1e9;
    }
    const mem = this.dir('memory', rel);
    if (mem) {
      setStat(out, 'memTotalBytes', big(await read(path.join(mem, 'memory.usage_in_bytes'))));
      setStat(out, 'memTotalMemswBytes', big(await read(path.join(mem, 'memory.memsw.usage_in_bytes'))));
      const limit = big(await read(path.join(mem, 'memory.limit_in_bytes')));
      if (limit !== undefined && limit < V1_UNLIMITED) setStat(out, 'memLimitBytes', limit);
      const soft = big(await read(path.join(mem, 'memory.soft_limit_in_bytes')));
      if (soft !== undefined && soft < V1_UNLIMITED) setStat(out, 'memSoftLimitBytes', soft);
      const kv = keyed(await read(path.join(mem, 'memory.stat')));
      const get = (k: string) => kv.get(`total_${k}`) ?? kv.get(k);
      setStat(out, 'memRssBytes', get('rss'));
      setStat(out, 'memCacheBytes', get('cache'));
      setStat(out, 'memMappedFileBytes', get('mapped_file'));
      setStat(out, 'memSwapBytes', get('swap'));
      setStat(out, 'memUnevictableBytes', get('unevictable'));
      const af = get('active_file');
      const inf = get('inactive_file');
      if (af !== undefined && inf !== undefined) setStat(out, 'memFileBytes', af + inf);
      const aa = get('active_anon');
      const ia = get('inactive_anon');
      if (aa !== undefined && ia !== undefined) setStat(out, 'memAnonBytes', aa + ia);
    }
    const counted = this.dir('pids', rel) ?? this.dir('memory', rel) ?? this.dir('cpu', rel);
    if (counted) {
      const procs = await read(path.join(counted, 'cgroup.procs'));
      const tasks = await read(path.join(counted, 'tasks'));
      if (procs !== undefined) out.processes = pidsIn(procs).length;
      if (tasks !== undefined) out.threads = pidsIn(tasks).length;
    }
    return out;
  }

  async procs(rel: string): Promise<number[]> {
    const out = new Set<number>();
    for (const h of this.all()) await procsBelow(path.join(h, rel), out);
    return [...out];
  }

  async remove(rel: string): Promise<void> {
    for (const h of this.all()) await removeTree(path.join(h, rel));
  }

  async removeIfEmpty(rel: string): Promise<void> {
    for (const h of this.all()) await rmdirIfEmpty(path.join(h, rel));
  }

  async children(root: string): Promise<string[]> {
    const names = new Set<string>();
    for (const h of this.all()) for (const n of await subdirs(path.join(h, root))) names.add(n);
    return [...names];
  }
}

// ---------------------------------------------------------------------------------------------
// cgroup v2

class V2Fs implements CgroupFs {
  readonly version = 'v2' as const;

  constructor(readonly mountPoint: string) {}

  managed(): string[] {
    return [this.mountPoint];
  }

  private dir(rel: string): string {
    return path.join(this.mountPoint, rel);
  }

  /** Enables `wanted` controllers for the children of `dir`, as far as the parent offers them. */
  private async enable(dir: string, wanted: readonly string[]): Promise<Set<string>> {
    const available = new Set((await read(path.join(dir, 'cgroup.controllers')))?.split(/\s+/).filter(Boolean) ?? []);
    const want = wanted.filter((c) => available.has(c));
    if (want.length) {
      try {
        await write(path.join(dir, 'cgroup.subtree_control'), want.map((c) => `+${c}`).join(' '));
      } catch {
        // A cgroup with processes of its own cannot delegate (no internal processes rule): keep
        // whatever is enabled already.
      }
    }
    const enabled = (await read(path.join(dir, 'cgroup.subtree_control')))?.split(/\s+/) ?? [];
    return new Set(enabled.map((c) => c.replace(/^\+/, '')).filter(Boolean));
  }

  async init(root: string): Promise<Features> {
    const top = await this.enable(this.mountPoint, V2_CONTROLLERS);
    const rootDir = this.dir(root);
    await fsp.mkdir(rootDir, { recursive: true });
    const enabled = await this.enable(rootDir, [...top]);
    const has = (f: string) => fs.existsSync(path.join(rootDir, f));
    return {
      cpu: enabled.has('cpu'),
      cfs: enabled.has('cpu'),
      memory: enabled.has('memory'),
      swap: enabled.has('memory') && has('memory.swap.max'),
      pids: enabled.has('pids'),
      blkioWeight: enabled.has('io') && (has('io.bfq.weight') || has('io.weight')),
      cpuset: enabled.has('cpuset'),
    };
  }

  async create(rel: string, limits: Limits): Promise<void> {
    fs.mkdirSync(this.dir(rel), { recursive: true });
    await this.applyWith(rel, limits, writeNow);
  }

  apply(rel: string, l: Limits): Promise<void> {
    return this.applyWith(rel, l, write);
  }

  private async applyWith(rel: string, l: Limits, put: Put): Promise<void> {
    const d = this.dir(rel);
    if (l.cpuShares !== undefined) await put(path.join(d, 'cpu.weight'), sharesToWeight(l.cpuShares));
    if (l.cpuQuotaUs !== undefined) {
      await put(path.join(d, 'cpu.max'), `${l.cpuQuotaUs < 0 ? 'max' : l.cpuQuotaUs} ${l.cpuPeriodUs ?? 100000}`);
    }
    if (l.memoryLimitBytes !== undefined) await put(path.join(d, 'memory.max'), l.memoryLimitBytes < 0 ? 'max' : l.memoryLimitBytes);
    if (l.memoryReservationBytes !== undefined) await put(path.join(d, 'memory.low'), l.memoryReservationBytes);
    if (l.memorySwapBytes !== undefined) {
      // v2 limits swap alone: memory+swap minus memory (runc's conversion).
      const swap = l.memorySwapBytes < 0 || (l.memoryLimitBytes ?? -1) < 0 ? 'max' : Math.max(0, l.memorySwapBytes - l.memoryLimitBytes!);
      await put(path.join(d, 'memory.swap.max'), swap);
    }
    if (l.pidsLimit !== undefined) await put(path.join(d, 'pids.max'), l.pidsLimit < 0 ? 'max' : l.pidsLimit);
    if (l.blkioWeight !== undefined) {
      const bfq = path.join(d, 'io.bfq.weight');
      if (fs.existsSync(bfq)) await put(bfq, l.blkioWeight);
      else await put(path.join(d, 'io.weight'), `default ${blkioToIoWeight(l.blkioWeight)}`);
    }
    if (l.cpusetCpus !== undefined) await put(path.join(d, 'cpuset.cpus'), l.cpusetCpus);
    if (l.cpusetMems !== undefined) await put(path.join(d, 'cpuset.mems'), l.cpusetMems);
  }

  async attach(rel: string, pid: number): Promise<void> {
    await write(path.join(this.dir(rel), 'cgroup.procs'), pid);
  }

  exists(rel: string): boolean {
    return fs.existsSync(this.dir(rel));
  }

  async oomKills(rel: string): Promise<number | undefined> {
    const text = await read(path.join(this.dir(rel), 'memory.events'));
    if (text === undefined) return undefined;
    return Number(keyed(text).get('oom_kill') ?? 0n);
  }

  async peakMemory(rel: string): Promise<bigint | undefined> {
    return big(await read(path.join(this.dir(rel), 'memory.peak')));
  }

  async stats(rel: string): Promise<Partial<ResourceStatistics>> {
    const d = this.dir(rel);
    const out: Partial<ResourceStatistics> = {};
    const cpu = keyed(await read(path.join(d, 'cpu.stat')));
    if (cpu.has('user_usec')) out.cpusUserTimeSecs = Number(cpu.get('user_usec')) / 1e6;
    if (cpu.has('system_usec')) out.cpusSystemTimeSecs = Number(cpu.get('system_usec')) / 1e6;
    if (cpu.has('nr_periods')) out.cpusNrPeriods = Number(cpu.get('nr_periods'));
    if (cpu.has('nr_throttled')) out.cpusNrThrottled = Number(cpu.get('nr_throttled'));
    if (cpu.has('throttled_usec')) out.cpusThrottledTimeSecs = Number(cpu.get('throttled_usec')) / 1e6;
    const current = big(await read(path.join(d, 'memory.current')));
    const swap = big(await read(path.join(d, 'memory.swap.current')));
    setStat(out, 'memTotalBytes', current);
    setStat(out, 'memSwapBytes', swap);
    if (current !== undefined && swap !== undefined) setStat(out, 'memTotalMemswBytes', current + swap);
    setStat(out, 'memLimitBytes', big(await read(path.join(d, 'memory.max'))));
    const low = big(await read(path.join(d, 'memory.low')));
    if (low !== undefined && low > 0n) setStat(out, 'memSoftLimitBytes', low);
    const mem = keyed(await read(path.join(d, 'memory.stat')));
    setStat(out, 'memRssBytes', mem.get('anon'));
    setStat(out, 'memAnonBytes', mem.get('anon'));
    setStat(out, 'memCacheBytes', mem.get('file'));
    setStat(out, 'memFileBytes', mem.get('file'));
    setStat(out, 'memMappedFileBytes', mem.get('file_mapped'));
    setStat(out, 'memUnevictableBytes', mem.get('unevictable'));
    const procs = await read(path.join(d, 'cgroup.procs'));
    const threads = await read(path.join(d, 'cgroup.threads'));
    if (procs !== undefined) out.processes = pidsIn(procs).length;
    if (threads !== undefined) out.threads = pidsIn(threads).length;
    return out;
  }

  async procs(rel: string): Promise<number[]> {
    const out = new Set<number>();
    await procsBelow(this.dir(rel), out);
    return [...out];
  }

  async remove(rel: string): Promise<void> {
    await removeTree(this.dir(rel));
  }

  async removeIfEmpty(rel: string): Promise<void> {
    await rmdirIfEmpty(this.dir(rel));
  }

  async children(root: string): Promise<string[]> {
    return subdirs(this.dir(root));
  }
}
