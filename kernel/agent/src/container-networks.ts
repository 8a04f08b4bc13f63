/**
 * A container's networks as its task statuses carry them (TaskStatus.container_status
 * .network_infos[].ip_addresses, Mesos's names): what the isolators' Status answers for it,
 * asked once after launch and kept (and checkpointed) with the container, so every status update
 * and the state endpoints show the same addresses.
 */
import type { ContainerStatus, NetworkInfo } from '@plateau/mesos';
import { type Isolator, type Logger, messageOf } from '@plateau/kernel';
import type { NamedModule } from './containerizer/containerizer';

/** NetworkInfo name of the isolators' advertised-resources convention (agent.ts): not a network. */
const NOT_A_NETWORK = 'plateau.resources';

/** The networks the isolators report for the container; an isolator that does not know it is passed over. */
export async function containerNetworkInfos(isolators: readonly NamedModule<Isolator>[], containerId: string, log: Logger): Promise<NetworkInfo[]> {
  const out: NetworkInfo[] = [];
  const answers = await Promise.allSettled(isolators.map((iso) => iso.module.status({ containerId: { value: containerId } })));
  answers.forEach((a, i) => {
    if (a.status === 'rejected') {
      log.debug?.({ containerId, isolator: isolators[i]!.label, err: messageOf(a.reason) }, 'isolator status not available');
      return;
    }
    for (const n of a.value?.networkInfos ?? []) {
      if (!n.name || n.name === NOT_A_NETWORK) continue;
      out.push({
        name: n.name,
        ip_addresses: (n.ipAddresses ?? []).map((x) => ({ protocol: x.protocol === 'IPv6' ? 'IPv6' : 'IPv4', ip_address: x.ipAddress ?? '' })),
      });
    }
  });
  return out;
}

/** The ContainerStatus of a container's task updates: its id, executor pid, and networks when it has any. */
export function containerStatusOf(c: { containerId: string; pid: number; networkInfos?: NetworkInfo[] }): ContainerStatus {
  return {
    container_id: { value: c.containerId },
    ...((c.networkInfos ?? []).length > 0 ? { network_infos: c.networkInfos } : {}),
    ...(c.pid ? { executor_pid: c.pid } : {}),
  };
}
