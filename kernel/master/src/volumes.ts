/**
 * Persistent volumes and the agent's checkpointed resources on the master's side: what CREATE and
 * DESTROY may do (checked at ACCEPT and at CREATE_VOLUMES / DESTROY_VOLUMES), and the
 * CheckpointResources message that tells an agent its dynamic reservations and volumes whenever
 * the master's books of them change or the agent (re-)registers.
 */
import { isTerminalTaskState, type Resource, type ResourceJSON, type Resources } from '@plateau/mesos';
import type { MasterContext } from './context';
import type { AgentRecord } from './state/index';

/** The role a resource is reserved for (its last reservation), or '*'. */
function reservedRole(r: Pick<Resource, 'reservations' | 'role'>): string {
  return r.reservations?.[r.reservations.length - 1]?.role ?? r.role ?? '*';
}

/** A persistent volume's identity on an agent: its role and persistence id. */
function volumeKey(r: Resource | ResourceJSON): string | undefined {
  const res = r as Resource;
  const id = res.disk?.persistence?.id;
  return res.name === 'disk' && id !== undefined ? `${reservedRole(res)}\u0000${id}` : undefined;
}

/** What an agent checkpoints out of its total: dynamic reservations and persistent volumes. */
export function checkpointedOf(total: Resources): ResourceJSON[] {
  return total
    .clone()
    .unallocate()
    .filter((r) => (r.reservations ?? []).some((x) => x.type === 'DYNAMIC') || (r as Resource).disk?.persistence !== undefined)
    .toJSON();
}

/** Sends the agent its checkpointed resources as the master's books have them now. */
export function sendCheckpointedResources(m: MasterContext, agent: AgentRecord): void {
  if (agent.session === null || !agent.connected) return;
  agent.session.send({ checkpointResources: { resourcesJson: JSON.stringify(checkpointedOf(agent.total)) } });
  m.log.debug({ agentId: agent.id }, 'checkpointed resources sent to the agent');
}

/** Why a volume's container_path is refused (it must stay inside the sandbox), or undefined. */
function containerPathProblem(p: string | undefined): string | undefined {
  if (p === undefined || p === '') return 'disk.volume.container_path is required';
  if (p.startsWith('/')) return `disk.volume.container_path ${JSON.stringify(p)} is absolute; a persistent volume is mounted relative to the sandbox`;
  if (p.split('/').includes('..')) return `disk.volume.container_path ${JSON.stringify(p)} has a '..' component`;
  return undefined;
}

/** Persistence ids in use on the agent (its total), by role. */
function volumesOn(agent: AgentRecord): Set<string> {
  const out = new Set<string>();
  for (const r of agent.total.toJSON()) {
    const k = volumeKey(r);
    if (k !== undefined) out.add(k);
  }
  return out;
}

/**
 * Why CREATE of `volumes` on `agent` is refused, or undefined: each must be disk with a
 * persistence id not in use on the agent for its role, a container_path inside the sandbox, a
 * mode RW or RO, and a reservation (Mesos creates persistent volumes only on reserved disk).
 */
export function createProblem(agent: AgentRecord, volumes: readonly Resource[], field: string): string | undefined {
  const used = volumesOn(agent);
  const seen = new Set<string>();
  for (const [i, r] of volumes.entries()) {
    const at = `${field}[${i}]`;
    if (r.name !== 'disk') return `${at}: only disk resources can be persistent volumes, got '${r.name}'`;
    const id = r.disk?.persistence?.id;
    if (id === undefined || id === '') return `${at}: disk.persistence.id is required`;
    const path = containerPathProblem(r.disk?.volume?.container_path);
    if (path !== undefined) return `${at}: ${path}`;
    const mode = r.disk?.volume?.mode;
    if (mode !== 'RW' && mode !== 'RO') return `${at}: disk.volume.mode must be RW or RO`;
    if (r.disk?.source !== undefined) return `${at}: persistent volumes on disk.source (MOUNT/PATH disks) are not supported by this master`;
    const role = reservedRole(r);
    if (role === '*') return `${at}: persistent volume '${id}' is on unreserved disk; reserve the disk for a role first`;
    const key = volumeKey(r)!;
    if (used.has(key) || seen.has(key)) return `${at}: persistence id '${id}' is already used by a volume of role '${role}' on agent ${agent.id}`;
    seen.add(key);
  }
  return undefined;
}

/** Why DESTROY of `volumes` on `agent` is refused, or undefined: each must be a volume no live task uses. */
export function destroyProblem(agent: AgentRecord, volumes: readonly Resource[], field: string): string | undefined {
  const wanted = new Map<string, string>();
  for (const [i, r] of volumes.entries()) {
    const key = volumeKey(r);
    if (key === undefined) return `${field}[${i}]: not a persistent volume (disk with disk.persistence.id)`;
    wanted.set(key, r.disk!.persistence!.id);
  }
  for (const t of agent.tasks) {
    if (isTerminalTaskState(t.state)) continue;
    for (const r of t.resources.toJSON()) {
      const key = volumeKey(r);
      if (key !== undefined && wanted.has(key)) return `persistent volume '${wanted.get(key)}' is in use by task '${t.id}' of framework ${t.framework.id}`;
    }
  }
  return undefined;
}
