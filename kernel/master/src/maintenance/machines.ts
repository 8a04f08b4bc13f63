/**
 * Machines of the maintenance schedule: how a MachineID is named and compared, which machine an
 * agent runs on, and Mesos's validation of a schedule and of machine lists.
 */
import { isIP } from 'node:net';
import type { MachineID, MaintenanceSchedule, MaintenanceWindow, Unavailability } from '@plateau/mesos';
import type { AgentRecord } from '../state/index';

/** A machine's key: hostname (lower case, as Mesos compares it) and ip. */
export function machineKey(id: MachineID): string {
  return `${(id.hostname ?? '').toLowerCase()}|${id.ip ?? ''}`;
}

/** How a machine is named in messages. */
export function machineName(id: MachineID): string {
  return [id.hostname, id.ip].filter((x) => x).join('/') || '(empty)';
}

/**
 * Whether an agent runs on a machine: the machine's hostname, if set, is the agent's hostname,
 * and its ip, if set, is the agent's address (its hostname when that is an address, or the peer
 * address of its link).
 */
export function agentOnMachine(agent: AgentRecord, id: MachineID): boolean {
  const peer = (agent.session as { peer?: string } | null)?.peer;
  return hostOnMachine(agent.info.hostname ?? '', peer, id);
}

/** Whether an agent of this hostname, linked from `peer` (host:port), runs on a machine. */
export function hostOnMachine(hostname: string, peer: string | undefined, id: MachineID): boolean {
  const host = hostname.toLowerCase();
  if (id.hostname && id.hostname.toLowerCase() !== host) return false;
  if (id.ip) {
    const peerIp = peer?.replace(/^ipv[46]:/, '').replace(/^\[?([^\]]*?)\]?(:\d+)?$/, '$1').replace(/^::ffff:/, '');
    if (id.ip !== host && id.ip !== peerIp) return false;
  }
  return true;
}

/** Checks one machine id (Mesos: hostname or ip required; ip must be an address). */
export function machineIdError(id: MachineID, where: string): string | undefined {
  if (!id.hostname && !id.ip) return `${where}: both 'hostname' and 'ip' are empty`;
  if (id.ip && isIP(id.ip) === 0) return `${where}: ip '${id.ip}' is not an IP address`;
  return undefined;
}

/** Checks an unavailability (duration not negative). */
function unavailabilityError(u: Unavailability, where: string): string | undefined {
  if (u.duration !== undefined && u.duration.nanoseconds < 0n) return `${where}.duration: must not be negative`;
  return undefined;
}

/** Mesos's schedule validation: windows with machines, each machine in at most one window. */
export function scheduleError(schedule: MaintenanceSchedule): string | undefined {
  const seen = new Set<string>();
  for (const [w, window] of (schedule.windows ?? []).entries()) {
    const where = `update_maintenance_schedule.schedule.windows[${w}]`;
    const machines = window.machine_ids ?? [];
    if (machines.length === 0) return `${where}.machine_ids: the window lists no machines`;
    for (const [i, id] of machines.entries()) {
      const err = machineIdError(id, `${where}.machine_ids[${i}]`);
      if (err) return err;
      const key = machineKey(id);
      if (seen.has(key)) return `Machine '${machineName(id)}' appears more than once in the schedule`;
      seen.add(key);
    }
    const err = unavailabilityError(window.unavailability, `${where}.unavailability`);
    if (err) return err;
  }
  return undefined;
}

/** The machines of a schedule, by key, with their window. */
export function scheduledMachines(schedule: MaintenanceSchedule): Map<string, { id: MachineID; window: MaintenanceWindow }> {
  const out = new Map<string, { id: MachineID; window: MaintenanceWindow }>();
  for (const window of schedule.windows ?? []) for (const id of window.machine_ids ?? []) out.set(machineKey(id), { id, window });
  return out;
}
