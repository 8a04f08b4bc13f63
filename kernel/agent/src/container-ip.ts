/**
 * MESOS_CONTAINER_IP of a container on the host's network: the agent's address, as Mesos sets it
 * to the agent's own IP. A container on a named network (a CNI network) gets its address from the
 * network isolator, which sets the variable itself: none from here then.
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
  // On a named network its isolator sets the variable (network-cni: the container's address).
  if ((networkInfos ?? []).some((n) => (n as { name?: string } | undefined)?.name)) return [];
  const ip = agentIp(listenHost);
  return ip === undefined ? [] : [{ name: 'MESOS_CONTAINER_IP', value: ip }];
}
