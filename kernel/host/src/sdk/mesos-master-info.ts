/**
 * Mesos's MasterInfo JSON, as Mesos writes it into a `json.info_` znode and as the contender
 * modules (ZooKeeper, etcd) store and read a leader's record: the conversion between the
 * contender/detector services' MasterInfo fields and that JSON, and Mesos's deprecated integer
 * `ip`. Exported from @plateau/kernel for the contender modules.
 */
import { InvalidError } from '../contract/errors';

/** MasterInfo as it crosses the contender and detector services (kernel.master.v1.MasterInfo). */
export interface ContenderMasterInfo {
  id?: string | null;
  hostname?: string | null;
  ip?: string | null;
  port?: number | null;
  pid?: string | null;
  version?: string | null;
  masterInfoJson?: string | null;
}

/** The MasterInfo fields a leader event or detection carries. */
export interface DetectedMasterInfo {
  id: string;
  hostname: string;
  ip: string;
  port: number;
  pid: string;
  version: string;
  masterInfoJson: string;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * Mesos's deprecated integer `ip`: the IPv4 address's network-order bytes read as a
 * little-endian host integer (10.0.0.5 → 83886090), as Mesos writes it on x86 hosts.
 */
export function ipToMesosInt(ip: string): number | undefined {
  const m = IPV4.exec(ip);
  if (!m) return undefined;
  const b = m.slice(1, 5).map(Number);
  if (b.some((x) => x > 255)) return undefined;
  return b[0]! + b[1]! * 0x100 + b[2]! * 0x10000 + b[3]! * 0x1000000;
}

/** The inverse of ipToMesosInt. */
export function mesosIntToIp(n: number): string {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff].join('.');
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/**
 * The JSON Mesos stores in a `json.info_` znode for this master: its MasterInfo with keys
 * `address{hostname,ip,port}`, `hostname`, `id`, `ip` (integer), `pid` ("master@ip:port"),
 * `port`, `version`, compact with sorted keys as Mesos renders it. Keys of `masterInfoJson`
 * (capabilities, domain, ...) are kept; the typed fields win where both are set.
 */
export function toMesosJson(info: ContenderMasterInfo): string {
  const id = info.id ?? '';
  if (!id) throw new InvalidError('contend: master_info.id must not be empty');
  let extra: Record<string, unknown> = {};
  if (info.masterInfoJson) {
    try {
      const parsed: unknown = JSON.parse(info.masterInfoJson);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) extra = parsed as Record<string, unknown>;
      else throw new Error('not an object');
    } catch (err) {
      throw new InvalidError(`contend: master_info.master_info_json is not a JSON object: ${(err as Error).message}`);
    }
  }
  const address = { ...((extra.address as Record<string, unknown> | undefined) ?? {}) };
  const hostname = info.hostname || (extra.hostname as string | undefined) || (address.hostname as string | undefined) || '';
  const ip = info.ip || (address.ip as string | undefined) || (typeof extra.ip === 'number' ? mesosIntToIp(extra.ip) : '') || (IPV4.test(hostname) ? hostname : '');
  const port = info.port || (extra.port as number | undefined) || (address.port as number | undefined) || 5050;
  const out: Record<string, unknown> = { ...extra, id, hostname, port };
  if (ip) {
    out.ip = ipToMesosInt(ip) ?? 0;
    address.ip = ip;
  }
  if (hostname) address.hostname = hostname;
  address.port = port;
  out.address = address;
  out.pid = info.pid || (extra.pid as string | undefined) || `master@${ip || hostname}:${port}`;
  out.version = info.version || (extra.version as string | undefined) || '';
  return JSON.stringify(sortKeys(out));
}

/**
 * Reads a leader znode's data (Mesos labels: `json.info` = MasterInfo JSON; unlabeled = a
 * libprocess pid string "master@ip:port"; the old binary `info` label is not decoded and
 * yields only the node name as id). Unknown keys are kept in masterInfoJson and ignored.
 */
export function fromMesosData(label: string | undefined, data: Buffer, nodeName: string): DetectedMasterInfo {
  const empty: DetectedMasterInfo = { id: nodeName, hostname: '', ip: '', port: 0, pid: '', version: '', masterInfoJson: '' };
  const text = data.toString('utf8');
  if (label === 'json.info') {
    let j: Record<string, unknown>;
    try {
      j = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return empty;
    }
    const address = (j.address as Record<string, unknown> | undefined) ?? {};
    const ip = typeof address.ip === 'string' ? address.ip : typeof j.ip === 'number' ? mesosIntToIp(j.ip) : '';
    const port = typeof address.port === 'number' ? address.port : typeof j.port === 'number' ? j.port : 0;
    return {
      id: typeof j.id === 'string' ? j.id : nodeName,
      hostname: typeof j.hostname === 'string' ? j.hostname : typeof address.hostname === 'string' ? address.hostname : '',
      ip,
      port,
      pid: typeof j.pid === 'string' ? j.pid : '',
      version: typeof j.version === 'string' ? j.version : '',
      masterInfoJson: text,
    };
  }
  if (label === undefined) {
    const m = /^([^@]+)@([^:]+):(\d+)$/.exec(text.trim());
    if (m) return { ...empty, ip: m[2]!, hostname: m[2]!, port: Number(m[3]), pid: text.trim() };
  }
  return empty;
}
