/**
 * The agent's checkpointed resources, as Mesos keeps them: the dynamic reservations and
 * persistent volumes the master sent in CheckpointResources, written atomically to
 * `<workDir>/meta/resources/checkpointed.json` and applied over the agent's static resources in
 * what it reports (register, re-register, /state). A persistent volume is the directory
 * `<workDir>/volumes/roles/<role>/<persistence id>` (both as `segment` escapes them), made when
 * the volume appears in the set and removed when it leaves it, unless a live task still uses it.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { parseMessage, type Resource, type ResourceJSON, ResourceSchema, Resources } from '@plateau/mesos';
import { CONTAINER_SANDBOX, InvalidError, type LaunchInfo, type Logger, messageOf, type PersistentVolume, writeFileAtomic } from '@plateau/kernel';
import { segment } from '../paths';

type Mount = NonNullable<LaunchInfo['mounts']>[number];

/** A persistent volume named by a resource. */
export interface VolumeRef {
  role: string;
  id: string;
  containerPath: string;
  readOnly: boolean;
}

/** The role a resource is reserved for (its last reservation), or '*'. */
function reservedRole(r: Pick<Resource, 'reservations' | 'role'>): string {
  return r.reservations?.[r.reservations.length - 1]?.role ?? r.role ?? '*';
}

/** The persistent volume a resource is, or undefined. */
export function volumeOf(r: Resource | ResourceJSON): VolumeRef | undefined {
  const res = r as Resource;
  const id = res.disk?.persistence?.id;
  if (res.name !== 'disk' || id === undefined) return undefined;
  return { role: reservedRole(res), id, containerPath: res.disk?.volume?.container_path ?? '', readOnly: res.disk?.volume?.mode === 'RO' };
}

/** Host directory of a persistent volume (Mesos's `volumes/roles/<role>/<id>`). */
export function volumeDir(workDir: string, role: string, id: string): string {
  return join(workDir, 'volumes', 'roles', segment(role), segment(id));
}

/** Why a volume's container_path cannot be mounted, or undefined: it must stay inside the sandbox. */
export function containerPathProblem(p: string): string | undefined {
  if (p === '') return 'disk.volume.container_path is empty';
  if (posix.isAbsolute(p)) return `disk.volume.container_path ${JSON.stringify(p)} is absolute; a persistent volume is mounted relative to the sandbox`;
  if (p.split('/').includes('..')) return `disk.volume.container_path ${JSON.stringify(p)} has a '..' component`;
  return undefined;
}

/** The resource a checkpointed one was made from: its volume and dynamic reservations taken off. */
function sourceOf(r: ResourceJSON): ResourceJSON {
  const copy = JSON.parse(JSON.stringify(r)) as ResourceJSON & { disk?: Record<string, unknown> };
  if (copy.disk !== undefined) {
    delete copy.disk.persistence;
    delete copy.disk.volume;
    if (Object.keys(copy.disk).length === 0) delete copy.disk;
  }
  const kept = (copy.reservations ?? []).filter((x) => x.type !== 'DYNAMIC');
  if (kept.length > 0) copy.reservations = kept;
  else delete copy.reservations;
  return copy;
}

const key = (v: { role: string; id: string }) => `${v.role}\u0000${v.id}`;

/** CheckpointedResources: the set, its file and its volume directories. */
export class CheckpointedResources {
  private list: ResourceJSON[] = [];
  private readonly file: string;

  constructor(
    private readonly workDir: string,
    private readonly log: Logger,
  ) {
    this.file = join(workDir, 'meta', 'resources', 'checkpointed.json');
  }

  /** The checkpointed set (Mesos v1 Resource JSON). */
  get resources(): ResourceJSON[] {
    return this.list;
  }

  /** Reads the set a previous run checkpointed; none is an empty set. */
  load(): void {
    if (!existsSync(this.file)) return;
    const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
    if (!Array.isArray(parsed)) throw new InvalidError(`${this.file}: not a JSON array of resources`);
    this.list = parsed.map((r, i) => parseMessage(ResourceSchema, JSON.stringify(r), { root: `${this.file}[${i}]` }) as unknown as ResourceJSON);
  }

  /** The agent's total: `statics` less what the checkpointed resources (`list`) were made from, plus them. */
  totalOver(statics: readonly ResourceJSON[], list: readonly ResourceJSON[] = this.list): ResourceJSON[] {
    if (list.length === 0) return [...statics];
    const total = Resources.fromJSON(statics as never);
    const sources = Resources.fromJSON(list.map(sourceOf) as never);
    if (!total.contains(sources)) {
      throw new InvalidError(`the checkpointed resources ${Resources.fromJSON(list as never).toString()} are not within the agent's resources ${total.toString()}`);
    }
    return total.minus(sources).plus(Resources.fromJSON(list as never)).toJSON();
  }

  /**
   * Makes `next` the set: new volumes' directories first, then the checkpoint, then the
   * directories of volumes no longer in the set are removed, except one `inUse` names a task for
   * (kept, and logged: the master refuses that DESTROY, so this only happens on a race).
   */
  apply(next: ResourceJSON[], inUse: (v: VolumeRef) => string | undefined): void {
    const before = new Map<string, VolumeRef>();
    for (const r of this.list) {
      const v = volumeOf(r);
      if (v !== undefined) before.set(key(v), v);
    }
    const after = new Map<string, VolumeRef>();
    for (const r of next) {
      const v = volumeOf(r);
      if (v !== undefined) after.set(key(v), v);
    }
    for (const [k, v] of after) {
      if (before.has(k)) continue;
      mkdirSync(volumeDir(this.workDir, v.role, v.id), { recursive: true, mode: 0o755 });
      this.log.info({ role: v.role, persistenceId: v.id }, 'persistent volume created');
    }
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileAtomic(this.file, JSON.stringify(next));
    this.list = next;
    for (const [k, v] of before) {
      if (after.has(k)) continue;
      const task = inUse(v);
      if (task !== undefined) {
        this.log.error({ role: v.role, persistenceId: v.id, taskId: task }, 'persistent volume destroyed while task uses it; its directory is kept');
        continue;
      }
      try {
        rmSync(volumeDir(this.workDir, v.role, v.id), { recursive: true, force: true });
        this.log.info({ role: v.role, persistenceId: v.id }, 'persistent volume destroyed');
      } catch (err) {
        this.log.error({ role: v.role, persistenceId: v.id, err: messageOf(err) }, 'could not remove the directory of a destroyed persistent volume');
      }
    }
  }

  /**
   * The persistent volumes among a task's resources: host directory, mount point at
   * `$MESOS_SANDBOX/<container_path>`, size (the disk resource, MB, which the disk isolator
   * enforces). A volume this agent has not checkpointed, or a container_path leaving the sandbox,
   * is refused naming it.
   */
  volumesFor(resources: readonly Resource[]): PersistentVolume[] {
    const known = new Set<string>();
    for (const r of this.list) {
      const v = volumeOf(r);
      if (v !== undefined) known.add(key(v));
    }
    const out: PersistentVolume[] = [];
    for (const r of resources) {
      const v = volumeOf(r);
      if (v === undefined) continue;
      const problem = containerPathProblem(v.containerPath);
      if (problem !== undefined) throw new InvalidError(`persistent volume '${v.id}': ${problem}`);
      if (!known.has(key(v))) throw new InvalidError(`persistent volume '${v.id}' of role '${v.role}' is not checkpointed on this agent`);
      out.push({
        persistenceId: v.id,
        role: v.role,
        hostPath: volumeDir(this.workDir, v.role, v.id),
        containerPath: posix.join(CONTAINER_SANDBOX, posix.normalize(v.containerPath)),
        sizeMb: Number(r.scalar?.value ?? 0),
        readOnly: v.readOnly,
      });
    }
    return out;
  }

  /** Bind mounts of the persistent volumes among a task's resources (volumesFor), read-only for mode RO. */
  mountsFor(resources: readonly Resource[]): Mount[] {
    return this.volumesFor(resources).map((v) => ({ source: v.hostPath!, target: v.containerPath!, type: 'bind', options: ['rbind', v.readOnly ? 'ro' : 'rw', 'nosuid', 'nodev'] }));
  }
}
