import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidError, type Logger } from '@plateau/kernel';
import type { GpuConfig } from './config';
import { devNumbers, parseDriverInformation, parseProcDevices, parseQueryGpu, parseSmiQuery, QUERY_ARGS, type DriverGpuInfo } from './nvidia';

/** The NVIDIA GPU major (Mesos hard-codes it too). */
export const NVIDIA_MAJOR = 195;

/** One GPU the isolator can hand out. */
export interface Gpu {
  /** nvidia-smi index (PCI order). */
  index: number;
  /** Device major and minor of /dev/nvidia<minor> (the minor is the driver's, not the index). */
  major: number;
  minor: number;
  uuid?: string;
  name?: string;
  memoryMiB?: number;
  busId?: string;
  /** Path of the node inside containers. */
  containerPath: string;
}

/** A control device every GPU container needs (nvidiactl, nvidia-uvm, ...). */
export interface ControlDevice {
  containerPath: string;
  major: number;
  minor: number;
}

/** What discovery found; `none` says why there is no GPU. */
export interface Discovery {
  gpus: Gpu[];
  control: ControlDevice[];
  /** Set when no GPU was found: the reason, for SkipModule. */
  none?: string;
}

function charDevice(path: string): { major: number; minor: number } | undefined {
  try {
    const st = statSync(path);
    return st.isCharacterDevice() ? devNumbers(st.rdev) : undefined;
  } catch {
    return undefined;
  }
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Runs nvidia-smi; resolves with stdout, or rejects with `absent: true` when it is not installed. */
export function runNvidiaSmi(bin: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(bin, args, { timeout: timeoutMs, maxBuffer: 16 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const e = err as NodeJS.ErrnoException & { killed?: boolean };
      if (e.code === 'ENOENT' || e.code === 'EACCES') return reject(Object.assign(new Error('nvidia-smi absent'), { absent: true }));
      const detail = (stderr || stdout || e.message).trim().split('\n')[0] ?? '';
      reject(new Error(e.killed ? `nvidia-smi timed out after ${timeoutMs} ms` : `nvidia-smi failed: ${detail}`));
    });
  });
}

/** The control devices present on the host: by stat of devDir, else the nvidia-uvm major from /proc/devices. */
export function controlDevices(devDir: string, procDir: string): ControlDevice[] {
  const out: ControlDevice[] = [];
  for (const name of ['nvidiactl', 'nvidia-uvm', 'nvidia-uvm-tools', 'nvidia-modeset']) {
    const d = charDevice(join(devDir, name));
    if (d) out.push({ containerPath: `/dev/${name}`, ...d });
  }
  if (!out.some((d) => d.containerPath === '/dev/nvidia-uvm')) {
    // The nvidia-uvm module is loaded but its node was never made (Mesos runs nvidia-modprobe -u):
    // the runtime creates the node in the container from the major the kernel registered.
    const major = parseProcDevices(read(join(procDir, 'devices')) ?? '').get('nvidia-uvm');
    if (major !== undefined) out.push({ containerPath: '/dev/nvidia-uvm', major, minor: 0 });
  }
  return out;
}

/** GPUs listed in config: major/minor from the node unless given. */
function configuredGpus(config: GpuConfig): Gpu[] {
  return (config.devices ?? []).map((d, i) => {
    let major = d.major;
    let minor = d.minor;
    if (major === undefined || minor === undefined) {
      const st = charDevice(d.path);
      if (!st) throw new InvalidError(`devices[${i}]: ${d.path} is not a character device (give major and minor to use it anyway)`);
      major ??= st.major;
      minor ??= st.minor;
    }
    return { index: d.index, major, minor, uuid: d.uuid, name: d.name, containerPath: d.containerPath ?? `/dev/nvidia${minor}`, busId: undefined };
  });
}

/** Minor numbers by UUID and by bus id, from the driver's /proc files. */
function driverInfo(procDir: string): DriverGpuInfo[] {
  const dir = join(procDir, 'driver/nvidia/gpus');
  if (!existsSync(dir)) return [];
  const out: DriverGpuInfo[] = [];
  for (const bus of readdirSync(dir)) {
    const text = read(join(dir, bus, 'information'));
    if (text) out.push(parseDriverInformation(text));
  }
  return out;
}

/**
 * Finds the GPUs: the configured list when there is one; else nvidia-smi's query, with each
 * GPU's minor number from /proc/driver/nvidia/gpus/<bus>/information, else `nvidia-smi -q`, else
 * (with a warning) its index. The major is stat'ed from devDir/nvidia<minor> when that exists.
 */
export async function discover(config: GpuConfig, log: Logger, smi = runNvidiaSmi): Promise<Discovery> {
  const control = controlDevices(config.devDir, config.procDir);
  if (config.devices?.length) {
    const gpus = configuredGpus(config);
    checkUnique(gpus);
    return { gpus, control };
  }
  let out: string;
  try {
    out = await smi(config.nvidiaSmi, QUERY_ARGS, config.discoveryTimeoutMs);
  } catch (err) {
    const why = (err as { absent?: boolean }).absent ? 'nvidia-smi absent' : (err as Error).message;
    return { gpus: [], control, none: why };
  }
  const queried = parseQueryGpu(out);
  if (queried.length === 0) return { gpus: [], control, none: 'nvidia-smi lists no GPU' };

  let info = driverInfo(config.procDir);
  if (info.length === 0) {
    try {
      info = parseSmiQuery(await smi(config.nvidiaSmi, ['-q'], config.discoveryTimeoutMs));
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'nvidia-smi -q failed; cannot read GPU minor numbers');
    }
  }
  const gpus: Gpu[] = queried.map((q) => {
    const d = info.find((i) => (q.uuid && i.uuid === q.uuid) || (q.busId && i.busId === q.busId));
    let minor = d?.minor;
    if (minor === undefined) {
      log.warn({ index: q.index, uuid: q.uuid }, 'GPU minor number unknown; assuming it equals the nvidia-smi index');
      minor = q.index;
    }
    const node = charDevice(join(config.devDir, `nvidia${minor}`));
    return {
      index: q.index,
      major: node?.major ?? NVIDIA_MAJOR,
      minor: node?.minor ?? minor,
      uuid: q.uuid,
      name: q.name,
      memoryMiB: q.memoryMiB,
      busId: q.busId,
      containerPath: `/dev/nvidia${minor}`,
    };
  });
  checkUnique(gpus);
  return { gpus, control };
}

function checkUnique(gpus: Gpu[]): void {
  const seen = new Set<string>();
  for (const g of gpus) {
    for (const k of [`index ${g.index}`, `device ${g.major}:${g.minor}`, ...(g.uuid ? [`uuid ${g.uuid}`] : [])]) {
      if (seen.has(k)) throw new InvalidError(`two GPUs share ${k}`);
      seen.add(k);
    }
  }
}
