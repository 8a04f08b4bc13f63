/**
 * ContainerInfo.type DOCKER without a Docker daemon: DockerInfo becomes the same launch structures
 * a MESOS container uses (an image for the provisioner, LaunchInfo settings for the launcher), and
 * the command follows the Docker containerizer's rules for entrypoint and cmd. What has no OCI
 * meaning here fails the launch naming it; nothing is dropped silently.
 */
import { readFileSync } from 'node:fs';
import { type CommandInfo, type ContainerInfo, dockerParameterName, formatIssue, validateDockerInfo } from '@plateau/mesos';
import { type EnvVar, type ImageConfig__Output, InvalidError, type Label, type LaunchInfo } from '@plateau/kernel';

/** The agent's settings for DOCKER containers (config `agent.docker`). */
export interface DockerSettings {
  /** Whether `DockerInfo.privileged` may be honoured (default false: such tasks fail). */
  allowPrivileged?: boolean;
}

/** A DOCKER container's launch, translated. */
export interface DockerLaunch {
  /** The image, for the provisioner. */
  image: { name: string; forcePull: boolean };
  /** `env` parameters, in order (they win over CommandInfo.environment, as `docker run -e` does). */
  environment: EnvVar[];
  /** `workdir`. */
  workingDir?: string;
  /** `user`. */
  user?: NonNullable<LaunchInfo['user']>;
  /** `hostname` (a private uts namespace is the launcher's default). */
  hostname?: string;
  /** `label` parameters: container labels, as hooks see them. */
  labels: Label[];
  /** `memory`, in MB: the container's hard memory limit, within the task's mem. */
  memoryMb?: number;
  /** `entrypoint`: replaces the image's entrypoint (and with it the image's cmd, as Docker does). */
  entrypoint?: string[];
  /** `network: NONE`: a network namespace of its own with loopback only. */
  ownNetwork: boolean;
  /** `privileged`, allowed by the agent: all capabilities and no seccomp filter. */
  privileged: boolean;
}

/** Whether the container is to be run as a Docker container. */
export function isDocker(container: ContainerInfo | undefined): boolean {
  return container?.type === 'DOCKER';
}

/**
 * Translates a DOCKER container's DockerInfo. `taskMemMb` is the mem the task was given (a
 * `memory` parameter above it is refused). Throws an InvalidError naming the field or parameter.
 */
export function dockerLaunch(container: ContainerInfo, settings: DockerSettings, taskMemMb: number | undefined): DockerLaunch {
  const issues = validateDockerInfo(container, 'container');
  if (issues.length > 0) throw new InvalidError(issues.map(formatIssue).join('; '));
  const d = container.docker!;
  const network = d.network ?? 'HOST';
  if (network === 'BRIDGE') {
    throw new InvalidError("DockerInfo.network BRIDGE (Docker's own bridge) is not supported: use USER with ContainerInfo.network_infos[].name naming a CNI network, or HOST or NONE");
  }
  // USER joins the named networks of ContainerInfo.network_infos, as a MESOS container does
  // (the isolator providing them, checked before this).
  if (network === 'USER') {
    if (!(container.network_infos ?? []).some((n) => n.name)) throw new InvalidError('DockerInfo.network USER needs ContainerInfo.network_infos[].name naming the network to join');
    if ((d.port_mappings ?? []).length > 0) throw new InvalidError('DockerInfo.port_mappings with network USER are not supported: set them as ContainerInfo.network_infos[].port_mappings');
  }
  if (d.privileged && !settings.allowPrivileged) {
    throw new InvalidError('DockerInfo.privileged is refused: this agent does not allow privileged containers (agent.docker.allowPrivileged is false)');
  }
  const out: DockerLaunch = {
    image: { name: d.image, forcePull: d.force_pull_image === true },
    environment: [],
    labels: [],
    ownNetwork: network === 'NONE',
    privileged: d.privileged === true,
  };
  for (const p of d.parameters ?? []) {
    const name = dockerParameterName(p.key)!;
    const value = p.value;
    const where = `Docker parameter '${p.key}=${value}'`;
    switch (name) {
      case 'env': {
        const eq = value.indexOf('=');
        if (eq <= 0) throw new InvalidError(`${where}: want NAME=VALUE (a bare NAME would take the value from a Docker client's environment, and there is none)`);
        out.environment.push({ name: value.slice(0, eq), value: value.slice(eq + 1) });
        break;
      }
      case 'label': {
        const eq = value.indexOf('=');
        const key = eq < 0 ? value : value.slice(0, eq);
        if (key === '') throw new InvalidError(`${where}: want KEY=VALUE`);
        out.labels.push(eq < 0 ? { key } : { key, value: value.slice(eq + 1) });
        break;
      }
      case 'user':
        out.user = dockerUser(value, where);
        break;
      case 'workdir':
        if (!value.startsWith('/')) throw new InvalidError(`${where}: the working directory must be an absolute path`);
        out.workingDir = value;
        break;
      case 'hostname':
        if (!/^[A-Za-z0-9]([A-Za-z0-9.-]{0,252}[A-Za-z0-9])?$/.test(value)) throw new InvalidError(`${where}: not a valid hostname`);
        out.hostname = value;
        break;
      case 'memory': {
        const mb = memoryMb(value, where);
        if (taskMemMb !== undefined && mb > taskMemMb) throw new InvalidError(`${where}: ${mb} MB is more than the task's mem (${taskMemMb} MB)`);
        out.memoryMb = mb;
        break;
      }
      case 'entrypoint':
        out.entrypoint = value === '' ? [] : [value];
        break;
      default:
        throw new InvalidError(`${where}: not supported`);
    }
  }
  return out;
}

/**
 * The argv of a DOCKER container, as Mesos's Docker containerizer builds `docker run`:
 * - `shell` (the default): `/bin/sh -c <value>`, the image's entrypoint overridden;
 * - `shell: false`: the entrypoint (the `entrypoint` parameter, else the image's), then `value`
 *   and all of `arguments` when there is a value, else `arguments`, else the image's cmd (none
 *   when the `entrypoint` parameter replaced the image's entrypoint).
 */
export function dockerArgs(command: CommandInfo | undefined, image: ImageConfig__Output | null | undefined, d: DockerLaunch): string[] {
  const shell = command?.shell ?? true;
  const value = command?.value ?? '';
  if (shell) {
    if (d.entrypoint !== undefined) throw new InvalidError("Docker parameter 'entrypoint' needs CommandInfo.shell false (a shell command overrides the entrypoint)");
    if (value === '') throw new InvalidError('CommandInfo.value is required when shell is true');
    return ['/bin/sh', '-c', value];
  }
  const entrypoint = d.entrypoint ?? image?.entrypoint ?? [];
  const args = command?.arguments ?? [];
  let rest: string[];
  if (value !== '') rest = [value, ...args];
  else if (args.length > 0) rest = [...args];
  else rest = d.entrypoint !== undefined ? [] : (image?.cmd ?? []);
  const argv = [...entrypoint, ...rest];
  if (argv.length === 0) throw new InvalidError('the command has no value and the image no entrypoint or cmd: nothing to run');
  return argv;
}

/**
 * The merged LaunchInfo with the DOCKER settings on top: they are what the task asked for by name,
 * so they win over the image's and the isolators' defaults.
 */
export function applyDocker(info: LaunchInfo, d: DockerLaunch): LaunchInfo {
  const out: LaunchInfo = { ...info };
  if (d.workingDir !== undefined) out.workingDir = d.workingDir;
  if (d.user !== undefined) out.user = d.user;
  if (d.hostname !== undefined) out.hostname = d.hostname;
  if (d.ownNetwork) {
    const ns = out.namespaces ?? [];
    if (ns.some((n) => n.type === 'network' && n.path)) throw new InvalidError('DockerInfo.network NONE: an isolator already joins the container to a network');
    if (!ns.some((n) => n.type === 'network')) out.namespaces = [...ns, { type: 'network' }];
  }
  if (d.privileged) {
    const all = allCapabilities();
    out.capabilities = { bounding: all, effective: all, permitted: all, inheritable: all, ambient: [] };
    out.seccompProfileJson = '';
    out.noNewPrivileges = false;
  }
  return out;
}

/**
 * Every capability this kernel knows that the agent holds in its bounding set (as Docker's
 * --privileged grants: no process can give more than its own bounding set, and runc fails the
 * whole container when asked to, e.g. on a host that runs the agent without CAP_SYS_RESOURCE).
 */
function allCapabilities(): string[] {
  let last = CAPABILITIES.length - 1;
  let bounding = -1n;
  try {
    last = Math.min(last, Number(readFileSync('/proc/sys/kernel/cap_last_cap', 'utf8').trim()));
    const m = /^CapBnd:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) bounding = BigInt(`0x${m[1]}`);
  } catch {
    // Not Linux, or /proc hidden: the known list.
  }
  return CAPABILITIES.slice(0, last + 1)
    .filter((_c, i) => (bounding >> BigInt(i)) & 1n)
    .map((c) => `CAP_${c}`);
}

/** Linux capabilities in number order (include/uapi/linux/capability.h). */
const CAPABILITIES = [
  'CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'KILL', 'SETGID', 'SETUID', 'SETPCAP', 'LINUX_IMMUTABLE',
  'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'IPC_OWNER', 'SYS_MODULE', 'SYS_RAWIO', 'SYS_CHROOT',
  'SYS_PTRACE', 'SYS_PACCT', 'SYS_ADMIN', 'SYS_BOOT', 'SYS_NICE', 'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'MKNOD', 'LEASE',
  'AUDIT_WRITE', 'AUDIT_CONTROL', 'SETFCAP', 'MAC_OVERRIDE', 'MAC_ADMIN', 'SYSLOG', 'WAKE_ALARM', 'BLOCK_SUSPEND', 'AUDIT_READ',
  'PERFMON', 'BPF', 'CHECKPOINT_RESTORE',
];

/** `user` as Docker takes it: uid, uid:gid, name or name:group (a group name is not supported). */
function dockerUser(value: string, where: string): NonNullable<LaunchInfo['user']> {
  const [u = '', g] = value.split(':');
  if (u === '') throw new InvalidError(`${where}: want USER[:GROUP]`);
  if (g !== undefined && !/^\d+$/.test(g)) throw new InvalidError(`${where}: the group must be a numeric gid`);
  if (/^\d+$/.test(u)) return { uid: Number(u), gid: g !== undefined ? Number(g) : Number(u) };
  return g !== undefined ? { name: u, gid: Number(g) } : { name: u };
}

/** Docker's memory syntax (bytes, or a b/k/m/g suffix) in MB. */
function memoryMb(value: string, where: string): number {
  const m = /^(\d+(?:\.\d+)?)([bkmg]?)b?$/i.exec(value.trim());
  if (!m) throw new InvalidError(`${where}: want a size such as 64m or 1g`);
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toLowerCase();
  const bytes = unit === 'g' ? n * 1024 ** 3 : unit === 'm' ? n * 1024 ** 2 : unit === 'k' ? n * 1024 : n;
  const mb = bytes / 1024 ** 2;
  if (mb < 6) throw new InvalidError(`${where}: the minimum memory is 6 MB (Docker's)`);
  return mb;
}
