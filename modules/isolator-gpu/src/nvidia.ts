// Parsers of what NVIDIA tools and the driver print, kept pure so that captured output can be
// tested without a GPU: nvidia-smi --query-gpu CSV, nvidia-smi -q, the driver's
// /proc/driver/nvidia/gpus/<bus id>/information, and /proc/devices.

/** The fields Plateau asks nvidia-smi --query-gpu for, in order. */
export const QUERY_FIELDS = ['index', 'uuid', 'name', 'memory.total', 'pci.bus_id'] as const;

/** The nvidia-smi arguments of the discovery query. */
export const QUERY_ARGS = [`--query-gpu=${QUERY_FIELDS.join(',')}`, '--format=csv,noheader,nounits'];

/** One GPU as nvidia-smi --query-gpu reports it. */
export interface QueriedGpu {
  index: number;
  uuid?: string;
  name?: string;
  memoryMiB?: number;
  /** PCI bus id normalised to `dddd:bb:dd.f` (lower case, 4-digit domain). */
  busId?: string;
}

/** A value nvidia-smi could not give ("[N/A]", "[Not Supported]", ...) becomes undefined. */
function present(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  return !t || /N\/A|Not Supported|Unknown Error|Insufficient Permissions/i.test(t) ? undefined : t;
}

/** `00000000:17:00.0` or `0000:17:00.0` → `0000:17:00.0` (lower case). */
export function normalizeBusId(id: string | undefined): string | undefined {
  if (!id) return undefined;
  const m = /^(?:([0-9a-fA-F]+):)?([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2})\.([0-7])$/.exec(id.trim());
  if (!m) return undefined;
  const domain = (m[1] ?? '0').toLowerCase().slice(-4).padStart(4, '0');
  return `${domain}:${m[2]!.toLowerCase().padStart(2, '0')}:${m[3]!.toLowerCase().padStart(2, '0')}.${m[4]}`;
}

/**
 * Parses `nvidia-smi --query-gpu=index,uuid,name,memory.total,pci.bus_id --format=csv[,noheader][,nounits]`.
 * Fields are separated by ", "; a name that itself contains ", " gets the surplus parts. A header
 * line is skipped; a line with fewer fields than asked is an error (the output format changed).
 */
export function parseQueryGpu(out: string, fields: readonly string[] = QUERY_FIELDS): QueriedGpu[] {
  const gpus: QueriedGpu[] = [];
  const nameAt = fields.indexOf('name');
  for (const raw of out.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    if (/^index\b/i.test(line)) continue; // header
    let parts = line.split(', ');
    if (parts.length < fields.length) throw new Error(`nvidia-smi: expected ${fields.length} fields (${fields.join(', ')}), got ${parts.length} in "${line}"`);
    if (parts.length > fields.length) {
      if (nameAt < 0) throw new Error(`nvidia-smi: expected ${fields.length} fields, got ${parts.length} in "${line}"`);
      const surplus = parts.length - fields.length;
      parts = [...parts.slice(0, nameAt), parts.slice(nameAt, nameAt + surplus + 1).join(', '), ...parts.slice(nameAt + surplus + 1)];
    }
    const get = (f: string) => present(parts[fields.indexOf(f)]);
    const index = Number(get('index'));
    if (!Number.isInteger(index) || index < 0) throw new Error(`nvidia-smi: bad index in "${line}"`);
    const mem = get('memory.total');
    const memoryMiB = mem !== undefined ? parseInt(mem, 10) : NaN;
    gpus.push({
      index,
      uuid: get('uuid'),
      name: get('name'),
      memoryMiB: Number.isFinite(memoryMiB) ? memoryMiB : undefined,
      busId: normalizeBusId(get('pci.bus_id')),
    });
  }
  return gpus;
}

/** What the driver says about one GPU in /proc/driver/nvidia/gpus/<bus id>/information. */
export interface DriverGpuInfo {
  model?: string;
  uuid?: string;
  busId?: string;
  minor?: number;
}

function keyValues(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) m.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return m;
}

/** Parses a /proc/driver/nvidia/gpus/<bus id>/information file (`Device Minor: 0`, `GPU UUID: GPU-...`, ...). */
export function parseDriverInformation(text: string): DriverGpuInfo {
  const kv = keyValues(text);
  const minor = Number(kv.get('device minor'));
  return {
    model: present(kv.get('model')),
    uuid: present(kv.get('gpu uuid')),
    busId: normalizeBusId(kv.get('bus location')),
    minor: Number.isInteger(minor) && kv.has('device minor') ? minor : undefined,
  };
}

/**
 * Parses `nvidia-smi -q`: one section per GPU, opened by a line `GPU 00000000:17:00.0`, holding
 * `Minor Number : 0` and `GPU UUID : GPU-...` among many others.
 */
export function parseSmiQuery(text: string): DriverGpuInfo[] {
  const out: DriverGpuInfo[] = [];
  let cur: DriverGpuInfo | undefined;
  for (const line of text.split('\n')) {
    const head = /^GPU\s+([0-9A-Fa-f]+:[0-9A-Fa-f]{2}:[0-9A-Fa-f]{2}\.[0-7])\s*$/.exec(line.trim());
    if (head && !/^\s/.test(line)) {
      cur = { busId: normalizeBusId(head[1]) };
      out.push(cur);
      continue;
    }
    if (!cur) continue;
    const kv = /^\s+([^:]+?)\s*:\s*(.*)$/.exec(line);
    if (!kv) continue;
    const key = kv[1]!.toLowerCase();
    if (key === 'minor number' && cur.minor === undefined) {
      const n = Number(kv[2]);
      if (Number.isInteger(n)) cur.minor = n;
    } else if (key === 'gpu uuid' && !cur.uuid) cur.uuid = present(kv[2]);
    else if (key === 'product name' && !cur.model) cur.model = present(kv[2]);
  }
  return out;
}

/** Character-device majors by driver name, from /proc/devices. */
export function parseProcDevices(text: string): Map<string, number> {
  const out = new Map<string, number>();
  let inChar = false;
  for (const line of text.split('\n')) {
    if (/^Character devices:/.test(line)) inChar = true;
    else if (/^Block devices:/.test(line)) inChar = false;
    else if (inChar) {
      const m = /^\s*(\d+)\s+(\S+)\s*$/.exec(line);
      if (m && !out.has(m[2]!)) out.set(m[2]!, Number(m[1]));
    }
  }
  return out;
}

/** Major and minor of a dev_t as Node's fs.Stats.rdev gives it (glibc's gnu_dev_major/minor). */
export function devNumbers(rdev: number): { major: number; minor: number } {
  const dev = BigInt(rdev);
  const major = Number(((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn));
  const minor = Number((dev & 0xffn) | ((dev >> 12n) & ~0xffn));
  return { major, minor };
}
