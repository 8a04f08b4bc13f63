/**
 * MESOS_CONTAINER_IP of a container on the host's network: the agent's address, as Mesos sets it
 * to the agent's own IP. A container with network_infos (a CNI network) gets its address from the
 * network isolator, unknown here: no variable then.
 */
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

/** The agent's IP: the listen host when it is one address, else the first non-internal IPv4 (then IPv6). */
export function agentIp(listenHost: string): string | undefined {
  if (isIP(listenHost) && !['0.0.0.0', '::'].includes(listenHost)) return listenHost;
  const all = Object.values(networkInterfaces()).flatMap((l) => l ?? []).filter((a) => !a.internal);
  return (all.find((a) => a.family === 'IPv4') ?? all.find((a) => a.family === 'IPv6'))?.address;
}

/** The MESOS_CONTAINER_IP variable of a container, when its address is known. */
export function containerIpEnvironment(listenHost: string, networkInfos: readonly unknown[] | undefined): { name: string; value: string }[] {
  if ((networkInfos ?? []).length > 0) return [];
  const ip = agentIp(listenHost);
  return ip === undefined ? [] : [{ name: 'MESOS_CONTAINER_IP', value: ip }];
}
