/** The master's MasterInfo, built once at start from its address. */
import { hostname as osHostname } from 'node:os';
import { isIPv4 } from 'node:net';
import type { MasterInfo } from '@plateau/mesos';
import type { ModuleMasterInfo } from '@plateau/kernel';
import type { HostPort } from './options';

/** IPv4 as Mesos stores it: the network-order bytes read as a little-endian uint32. */
export function ipToMesosInt(ip: string): number {
  if (!isIPv4(ip)) return 0;
  const [a, b, c, d] = ip.split('.').map(Number) as [number, number, number, number];
  return (a + b * 256 + c * 65536 + d * 16777216) >>> 0;
}

/** The hostname to advertise: the option, else the advertised IP, else the listen host unless it is a wildcard, else the machine's name. */
export function advertisedHostname(listen: HostPort, hostname?: string, advertiseIp?: string): string {
  if (hostname) return hostname;
  if (advertiseIp) return advertiseIp;
  if (listen.host === '0.0.0.0' || listen.host === '::' || listen.host === '') return osHostname();
  return listen.host;
}

/** The IP to advertise: the listen host when it is an IPv4 address, else 127.0.0.1. */
export function advertisedIp(listen: HostPort): string {
  return isIPv4(listen.host) && listen.host !== '0.0.0.0' ? listen.host : '127.0.0.1';
}

/** MasterInfo (v1) for SUBSCRIBED, GET_MASTER and the state endpoints. */
export function buildMasterInfo(id: string, listen: HostPort, hostname: string, version: string, advertise: { ip?: string; port?: number } = {}): MasterInfo {
  const ip = advertise.ip ?? advertisedIp(listen);
  const port = advertise.port ?? listen.port;
  return {
    id,
    ip: ipToMesosInt(ip),
    port,
    pid: `master@${ip}:${port}`,
    hostname,
    version,
    address: { hostname, ip, port },
    capabilities: [{ type: 'AGENT_UPDATE' }, { type: 'AGENT_DRAINING' }, { type: 'QUOTA_V2' }],
  };
}

/** The same master as the contender and detector services carry it. */
export function toModuleMasterInfo(info: MasterInfo): ModuleMasterInfo {
  return {
    id: info.id,
    hostname: info.hostname ?? '',
    ip: info.address?.ip ?? '',
    port: info.port,
    pid: info.pid ?? '',
    version: info.version ?? '',
    masterInfoJson: JSON.stringify({
      address: info.address,
      capabilities: info.capabilities,
      hostname: info.hostname,
      id: info.id,
      ip: info.ip,
      pid: info.pid,
      port: info.port,
      version: info.version,
    }),
  };
}
