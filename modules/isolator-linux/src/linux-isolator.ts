import { readFileSync } from 'node:fs';
import { release } from 'node:os';
import { ConflictError, ContainerWatches, containerKey, emptyLaunchInfo, InvalidError, IsolatorContainers, type Isolator, type IsolatorLaunchInfo, type IsolatorRequest, type IsolatorResponse, type Limitation, type Logger, type ResourceStatistics } from '@plateau/kernel';
import { normalizeCapabilities } from './capabilities';
import type { LinuxConfig } from './config';
import { containerInfoOf, type LinuxRequest, parseLinuxRequest, taskIdOf } from './mesos';
import { checkRaisable, clampRaisable, readRaiseBounds, toRlimit, type RaiseBounds, type RlimitValue } from './rlimits';
import { defaultSeccompProfile, resolveSeccompProfile } from './seccomp';
import { subidOverlaps } from './subid';
import { type Blocker, capabilityBlocker, hostRootBlocker, chownSandbox, deviceBlocker, kernelBlocker, shiftRootfs, unsearchableAncestor, volumeBlocker } from './user-namespace';

/** Host facts the isolator depends on; tests may pin them. */
export interface HostFacts {
  /** Node's process.arch, for the seccomp architectures. */
  arch: string;
  /** uname -r, for Docker profiles' minKernel. */
  kernel: string;
  /** What rlimits the agent may set. */
  rlimitBounds: RaiseBounds;
  /** Why the kernel gives no user namespaces, or undefined when it does. */
  userNamespaceRefused: Blocker | undefined;
}

interface Tracked {
  /** Host pid of the container's init process; 0 until Isolate (or unknown after recovery). */
  pid: number;
  /** The container's Watch streams. */
  watches: ContainerWatches;
}

const HOSTNAME = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,62})$/;

/**
 * LinuxIsolator: Linux hardening of a container as one LaunchInfo part: pid/ipc/uts/mount
 * namespaces, capability sets, a seccomp profile, an optional user namespace, rlimits,
 * no_new_privs, masked and read-only paths, and the hostname. It holds no host resources, so
 * Isolate/Update/Usage/Cleanup only track which containers exist (and their pids, for nested
 * containers that share their parent's namespaces).
 */
export class LinuxIsolator implements Isolator {
  private readonly containers = new IsolatorContainers<Tracked>('linux');
  private readonly profiles = new Map<string, unknown>();
  private readonly defaultCaps: string[];
  private readonly allowedCaps: Set<string>;
  private readonly defaultRlimits: RlimitValue[];
  private readonly host: HostFacts;
  /** Reasons (Blocker keys) already logged for containers that ran without a user namespace. */
  private readonly loggedFallbacks = new Set<string>();

  constructor(
    private readonly config: LinuxConfig,
    private readonly log: Logger,
    host: Partial<HostFacts> = {},
  ) {
    this.host = {
      arch: host.arch ?? process.arch,
      kernel: host.kernel ?? release(),
      rlimitBounds: host.rlimitBounds ?? readRaiseBounds(),
      userNamespaceRefused: 'userNamespaceRefused' in host ? host.userNamespaceRefused : kernelBlocker(),
    };
    this.defaultCaps = normalizeCapabilities(config.defaultCapabilities, 'defaultCapabilities');
    this.allowedCaps = new Set([...this.defaultCaps, ...normalizeCapabilities(config.allowedCapabilities, 'allowedCapabilities')]);
    for (const [name, path] of Object.entries(config.seccomp.profiles)) {
      if (name === 'default' || name === 'unconfined') throw new InvalidError(`seccomp.profiles: '${name}' is a reserved profile name`);
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(path, 'utf8'));
      } catch (err) {
        throw new InvalidError(`seccomp.profiles.${name}: cannot read ${path}: ${(err as Error).message}`);
      }
      // Resolve once now so a broken profile fails at start, not at a task's launch.
      resolveSeccompProfile(raw, { capabilities: this.defaultCaps, arch: this.host.arch, kernel: this.host.kernel }, `seccomp profile '${name}' (${path})`);
      this.profiles.set(name, raw);
    }
    const dp = config.seccomp.defaultProfile;
    if (dp !== 'default' && dp !== 'unconfined' && !this.profiles.has(dp)) {
      throw new InvalidError(`seccomp.defaultProfile: no profile named '${dp}' (known: default, unconfined${[...this.profiles.keys()].map((k) => `, ${k}`).join('')})`);
    }
    for (const [key, r] of [['uidRange', config.uidRange], ['gidRange', config.gidRange]] as const) {
      if (!Number.isInteger(r.start) || !Number.isInteger(r.size) || r.start < 1 || r.size < 1) throw new InvalidError(`${key}: start and size must be positive integers`);
      if (r.start + r.size > 0xffffffff) throw new InvalidError(`${key}: start + size must stay below 2^32-1`);
    }
    if (config.userNamespace !== 'off') {
      if (this.host.userNamespaceRefused) log.warn({ reason: this.host.userNamespaceRefused.why }, `userNamespace ${config.userNamespace}: ${this.host.userNamespaceRefused.why}`);
      for (const o of subidOverlaps(config.uidRange, config.gidRange)) log.warn({ overlap: o }, `userNamespace: the mapped range overlaps ${o}; containers would share ids with that user's own namespaces`);
    }
    const seen = new Set<string>();
    this.defaultRlimits = config.rlimits.map((r, i) => {
      const v = clampRaisable(toRlimit(r, `rlimits[${i}]`), this.host.rlimitBounds);
      if (seen.has(v.type)) throw new InvalidError(`rlimits: ${v.type} is listed twice`);
      seen.add(v.type);
      return v;
    });
  }

  /** Rebuilds the set of known containers (and their pids) from the agent's checkpoint. */
  async recover(req: IsolatorRequest<'recover'>) {
    for (const s of req.states ?? []) {
      if (!s.containerId) continue;
      this.containers.set(containerKey(s.containerId), { pid: Number(s.pid ?? 0), watches: new ContainerWatches() });
    }
    for (const o of req.orphans ?? []) {
      const key = containerKey(o);
      if (!this.containers.has(key)) this.containers.set(key, { pid: 0, watches: new ContainerWatches() });
    }
    return {};
  }

  /** Returns the container's hardening as a LaunchInfo part (see the package README for each field). */
  async prepare(req: IsolatorRequest<'prepare'>): Promise<IsolatorResponse<'prepare'>> {
    const id = req.containerId ?? req.config?.containerId;
    const key = containerKey(id);
    if (this.containers.has(key)) throw new ConflictError(`container ${key} is already prepared`);
    const cfg = req.config ?? {};
    const ask = parseLinuxRequest(containerInfoOf(cfg));
    const parentKey = id?.parent ? containerKey(id.parent) : undefined;
    const li = emptyLaunchInfo();

    // Namespaces: the configured ones, minus those the task shares.
    let namespaces = [...new Set(this.config.namespaces)];
    const joins: IsolatorLaunchInfo['namespaces'] = [];
    if (ask.sharePidNamespace && namespaces.includes('pid')) {
      namespaces = namespaces.filter((n) => n !== 'pid');
      if (parentKey) joins.push({ type: 'pid', path: `/proc/${this.parentPid(parentKey, 'share_pid_namespace')}/ns/pid` });
      else if (!this.config.allowAgentPidNamespace) throw new InvalidError('linux_info.share_pid_namespace: sharing the agent\'s pid namespace is not allowed on this agent (allowAgentPidNamespace)');
      // Joining by path says "share" explicitly; leaving the type out would let a launcher's default create one.
      else joins.push({ type: 'pid', path: `/proc/${process.pid}/ns/pid` });
    }
    if (ask.ipcMode === 'SHARE_PARENT' && namespaces.includes('ipc')) {
      namespaces = namespaces.filter((n) => n !== 'ipc');
      if (parentKey) joins.push({ type: 'ipc', path: `/proc/${this.parentPid(parentKey, 'ipc_mode SHARE_PARENT')}/ns/ipc` });
      else if (!this.config.allowAgentIpcNamespace) throw new InvalidError('linux_info.ipc_mode SHARE_PARENT: sharing the agent\'s ipc namespace is not allowed on this agent (allowAgentIpcNamespace)');
      else joins.push({ type: 'ipc', path: `/proc/${process.pid}/ns/ipc` });
    }
    li.namespaces = [...namespaces.map((type) => ({ type, path: '' })), ...joins];
    if (ask.shmSizeMb !== undefined && namespaces.includes('ipc')) {
      if (!Number.isInteger(ask.shmSizeMb) || ask.shmSizeMb <= 0) throw new InvalidError('linux_info.shm_size must be a positive number of MB');
      li.mounts.push({ source: 'shm', target: '/dev/shm', type: 'tmpfs', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', `size=${ask.shmSizeMb}m`] });
    }

    // Capabilities.
    const { effective, bounding } = this.capabilitiesFor(ask.effective, ask.bounding);
    li.capabilities = { bounding, effective, permitted: effective, inheritable: effective, ambient: effective };

    // Seccomp.
    li.seccompProfileJson = this.seccompFor(ask.seccomp, effective);

    // User namespace: on unless this container cannot use one (see userNamespaceBlocker).
    if (this.config.userNamespace !== 'off') {
      const blocker = this.applyUserNamespace(cfg, ask, [...effective, ...bounding]);
      if (!blocker) {
        const { uidRange: u, gidRange: g } = this.config;
        li.namespaces.push({ type: 'user', path: '' });
        li.uidMappings = [{ containerStart: 0, hostStart: u.start, size: u.size }];
        li.gidMappings = [{ containerStart: 0, hostStart: g.start, size: g.size }];
        // A user namespace cannot mount sysfs for a network namespace it does not own (the host's,
        // or one a CNI plugin made): give it the host's /sys read-only instead, as rootless runtimes do.
        li.mounts.push({ source: '/sys', target: '/sys', type: 'bind', options: ['rbind', 'nosuid', 'noexec', 'nodev', 'ro', 'rro'] });
      } else if (this.config.userNamespace === 'on') {
        throw new InvalidError(`userNamespace is on but container ${key} cannot run in a user namespace: ${blocker.why}`);
      } else if (!this.loggedFallbacks.has(blocker.key)) {
        this.loggedFallbacks.add(blocker.key);
        this.log.warn({ container: key, reason: blocker.key }, `userNamespace auto: container ${key} runs without a user namespace: ${blocker.why} (logged once for this reason)`);
      } else {
        this.log.debug?.({ container: key, reason: blocker.key }, `userNamespace auto: no user namespace: ${blocker.why}`);
      }
    }

    // Rlimits: config defaults, overridden by type by the task's rlimit_info.
    const byType = new Map(this.defaultRlimits.map((r) => [r.type, r]));
    const taskTypes = new Set<string>();
    ask.rlimits.forEach((r, i) => {
      const v = toRlimit(r, `rlimit_info.rlimits[${i}]`);
      if (taskTypes.has(v.type)) throw new InvalidError(`rlimit_info: ${v.type} is listed twice`);
      taskTypes.add(v.type);
      checkRaisable(v, this.host.rlimitBounds, 'rlimit_info');
      byType.set(v.type, v);
    });
    li.rlimits = [...byType.values()].map((r) => ({ type: r.type, soft: r.soft, hard: r.hard }));

    li.noNewPrivileges = this.config.noNewPrivileges;
    li.maskedPaths = [...this.config.maskedPaths];
    li.readonlyPaths = [...this.config.readonlyPaths];
    if (this.config.hostname && namespaces.includes('uts')) li.hostname = this.hostnameFor(key, id?.value ?? key, ask.hostname, cfg);

    this.containers.set(key, { pid: 0, watches: new ContainerWatches() });
    return { launchInfo: li };
  }

  /** Records the container's pid (nested containers may join its namespaces). */
  async isolate(req: IsolatorRequest<'isolate'>) {
    this.containers.known(req.containerId).pid = Number(req.pid ?? 0);
    return {};
  }

  /** Never yields: this isolator imposes no limit that a container can hit. Ends at cleanup. */
  watch(req: IsolatorRequest<'watch'>): AsyncIterable<Limitation> {
    return this.containers.watch(req.containerId);
  }

  /** Nothing to resize: namespaces, capabilities and seccomp are fixed at launch. */
  async update(req: IsolatorRequest<'update'>) {
    this.containers.known(req.containerId);
    return {};
  }

  /** An empty sample with its timestamp: this isolator accounts for nothing. */
  async usage(req: IsolatorRequest<'usage'>): Promise<ResourceStatistics> {
    this.containers.known(req.containerId);
    return { timestamp: Date.now() / 1000, diskStatistics: [] };
  }

  /** The container's pid as executor_pid when Isolate has seen it; no networks. */
  async status(req: IsolatorRequest<'status'>): Promise<IsolatorResponse<'status'>> {
    return { networkInfos: [], executorPid: this.containers.known(req.containerId).pid };
  }

  /** Forgets the container and ends its Watch streams; unknown containers are fine. */
  async cleanup(req: IsolatorRequest<'cleanup'>) {
    const key = containerKey(req.containerId);
    const c = this.containers.get(key);
    if (c) {
      this.containers.delete(key);
      c.watches.endAll();
    }
    return {};
  }

  /** Ends every Watch stream (module stop). */
  close(): void {
    this.containers.endAllWatches();
  }

  private parentPid(parentKey: string, what: string): number {
    const pid = this.containers.get(parentKey)?.pid;
    if (!pid) throw new InvalidError(`linux_info.${what}: the parent container ${parentKey} has no known pid`);
    return pid;
  }

  /**
   * Effective = the task's effective_capabilities, else the defaults (restricted to the task's
   * bounding set when it gives only that). Bounding = the task's bounding_capabilities, else its
   * effective set when given, else the defaults. Everything asked must be allowed on the agent
   * (defaultCapabilities + allowedCapabilities), and effective must lie within bounding.
   */
  private capabilitiesFor(effAsk?: (string | number)[], bndAsk?: (string | number)[]): { effective: string[]; bounding: string[] } {
    const eff = effAsk && normalizeCapabilities(effAsk, 'linux_info.effective_capabilities');
    const bnd = bndAsk && normalizeCapabilities(bndAsk, 'linux_info.bounding_capabilities');
    for (const [list, where] of [[eff, 'effective_capabilities'], [bnd, 'bounding_capabilities']] as const) {
      for (const c of list ?? []) {
        if (!this.allowedCaps.has(c)) throw new InvalidError(`linux_info.${where}: capability ${c} is not allowed on this agent (allowedCapabilities)`);
      }
    }
    const bounding = bnd ?? eff ?? this.defaultCaps;
    const effective = eff ?? (bnd ? this.defaultCaps.filter((c) => bnd.includes(c)) : this.defaultCaps);
    const outside = effective.filter((c) => !bounding.includes(c));
    if (outside.length) throw new InvalidError(`linux_info.effective_capabilities: ${outside.join(', ')} not in bounding_capabilities`);
    return { effective: [...effective], bounding: [...bounding] };
  }

  private seccompFor(ask: { profileName?: string; unconfined: boolean } | undefined, effective: string[]): string {
    let name = this.config.seccomp.defaultProfile;
    if (ask?.unconfined) {
      if (!this.config.seccomp.allowUnconfined) throw new InvalidError('linux_info.seccomp.unconfined is not allowed on this agent (seccomp.allowUnconfined)');
      name = 'unconfined';
    } else if (ask?.profileName) {
      name = ask.profileName;
      if (name !== 'default' && !this.profiles.has(name)) {
        throw new InvalidError(`linux_info.seccomp.profile_name: unknown seccomp profile '${name}' (known: default${[...this.profiles.keys()].map((k) => `, ${k}`).join('')})`);
      }
    }
    if (name === 'unconfined') return '';
    const profile = name === 'default'
      ? defaultSeccompProfile({ capabilities: effective, arch: this.host.arch, kernel: this.host.kernel })
      : resolveSeccompProfile(this.profiles.get(name), { capabilities: effective, arch: this.host.arch, kernel: this.host.kernel }, `seccomp profile '${name}'`);
    return JSON.stringify(profile);
  }

  private hostnameFor(key: string, value: string, asked: string | undefined, cfg: { taskInfoJson?: string }): string {
    if (asked) {
      if (!HOSTNAME.test(asked)) throw new InvalidError(`ContainerInfo.hostname '${asked}' is not a valid hostname (letters, digits, '.', '-'; at most 63 characters)`);
      return asked;
    }
    const task = taskIdOf(cfg);
    if (task) {
      const clean = task.replace(/[^A-Za-z0-9.-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 63);
      if (clean) return clean;
    }
    this.log.debug?.({ container: key }, 'no task id: hostname from the container id');
    return value.replace(/[^A-Za-z0-9.-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 12) || 'container';
  }

  /**
   * Why the container cannot get a user namespace, checked from the cheapest; when nothing stands
   * in the way, makes it usable: the image rootfs shifted into the mapped range and the sandbox
   * given to the mapped root. Returns the first Blocker found, having changed nothing then
   * (except a sandbox chown that failed half-way, which the host's root still reads and writes).
   */
  private applyUserNamespace(cfg: { directory?: string; rootfs?: string; resources?: { name?: string; scalar?: number | string }[] }, ask: LinuxRequest, caps: string[]): Blocker | undefined {
    const { uidRange: u, gidRange: g } = this.config;
    const found =
      this.host.userNamespaceRefused ??
      capabilityBlocker(caps, ask.ownNetwork) ??
      deviceBlocker(cfg.resources ?? []) ??
      volumeBlocker(ask.hostVolumes, cfg.directory || undefined, u, g) ??
      this.reachable(cfg.directory, 'sandbox') ??
      this.reachable(cfg.rootfs, 'rootfs') ??
      hostRootBlocker(cfg.rootfs);
    if (found) return found;
    if (cfg.rootfs) {
      const b = shiftRootfs(cfg.rootfs, u, g, this.config.rootfsRemapMaxEntries);
      if (b) return b;
    }
    if (cfg.directory) {
      try {
        chownSandbox(cfg.directory, u.start, g.start);
      } catch (err) {
        return { key: 'sandbox', why: `the sandbox ${cfg.directory} cannot be given to uid ${u.start}: ${(err as Error).message}` };
      }
    }
    return undefined;
  }

  /** A Blocker when a directory above `path` keeps the mapped root from reaching it. */
  private reachable(path: string | undefined, what: 'sandbox' | 'rootfs'): Blocker | undefined {
    if (!path) return undefined;
    const { uidRange: u, gidRange: g } = this.config;
    try {
      const above = unsearchableAncestor(path, u, g);
      if (above) return { key: what, why: `the directory ${above} above the ${what} ${path} is not searchable by the mapped root (uid ${u.start}); give it o+x` };
    } catch (err) {
      return { key: what, why: `the ${what} ${path} cannot be checked: ${(err as Error).message}` };
    }
    return undefined;
  }
}
