/**
 * What `plateau doctor` checks on the machine itself: runc and its version, the cgroup hierarchy
 * and its controllers, the kernel features containers use (user namespaces, overlayfs), CNI
 * plugins, root. Each check says what it found and, when something is missing, the Debian package
 * (or the step) that brings it.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { release } from 'node:os';
import { delimiter, join } from 'node:path';

/** One line of the doctor's report. */
export interface Check {
  /** What was checked ("runc", "cgroups", "port 5050"). */
  name: string;
  ok: boolean;
  /** Whether a failure stops a role from running (else it is a warning). */
  required: boolean;
  /** What was found, or what is wrong. */
  detail: string;
  /** The Debian package that brings what is missing. */
  debian?: string;
  /** What else to do about it, when no package does. */
  fix?: string;
}

/** An executable found on PATH (or the absolute path given), else undefined. */
export function which(cmd: string): string | undefined {
  const candidates = cmd.includes('/') ? [cmd] : (process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(delimiter).map((d) => join(d, cmd));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      /* next */
    }
  }
  return undefined;
}

export function checkNode(): Check {
  const major = Number(process.versions.node.split('.')[0]);
  return { name: 'node', ok: major >= 20, required: true, detail: `node ${process.versions.node}${major >= 20 ? '' : ' (20 or newer is needed)'}`, debian: major >= 20 ? undefined : 'nodejs' };
}

export function checkRoot(required: boolean): Check {
  const uid = process.getuid?.() ?? -1;
  return { name: 'root', ok: uid === 0, required, detail: uid === 0 ? 'running as root' : `running as uid ${uid}: the runc launcher and the isolators need root`, fix: uid === 0 ? undefined : 'run the agent as root (the systemd unit does)' };
}

export function checkRunc(runcPath: string, required: boolean): Check {
  const found = which(runcPath);
  if (!found) return { name: 'runc', ok: false, required, detail: `${runcPath} not found`, debian: 'runc' };
  try {
    const out = execFileSync(found, ['--version'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'pipe'] });
    const version = /runc version (\S+)/.exec(out)?.[1];
    if (!version) return { name: 'runc', ok: false, required, detail: `${found} --version printed no version`, debian: 'runc' };
    const [major, minor] = version.split(/[.+~-]/).map(Number);
    const recent = major! > 1 || (major === 1 && minor! >= 1);
    return { name: 'runc', ok: recent, required, detail: `${found}: runc ${version}${recent ? '' : ' (1.1 or newer is needed)'}`, debian: recent ? undefined : 'runc' };
  } catch (err) {
    return { name: 'runc', ok: false, required, detail: `${found} --version failed: ${(err as Error).message.split('\n')[0]}`, debian: 'runc' };
  }
}

export function checkInit(): Check {
  const found = ['/usr/bin/tini-static', '/usr/bin/catatonit', '/usr/libexec/podman/catatonit'].find((p) => existsSync(p));
  return { name: 'container init', ok: found !== undefined, required: false, detail: found ?? 'no static init: a container command runs as pid 1 and ignores signals it has no handler for', debian: found ? undefined : 'tini' };
}

/** The cgroup mounts of this machine: v2 when /sys/fs/cgroup is cgroup2, else v1 controllers mounted. */
export function cgroupLayout(mounts = readFileSync('/proc/self/mounts', 'utf8')): { version: 1 | 2 | undefined; controllers: string[] } {
  const lines = mounts.split('\n').map((l) => l.split(' '));
  if (lines.some((f) => f[1] === '/sys/fs/cgroup' && f[2] === 'cgroup2')) {
    const controllers = existsSync('/sys/fs/cgroup/cgroup.controllers') ? readFileSync('/sys/fs/cgroup/cgroup.controllers', 'utf8').trim().split(/\s+/).filter(Boolean) : [];
    return { version: 2, controllers };
  }
  const v1 = lines.filter((f) => f[2] === 'cgroup').flatMap((f) => (f[3] ?? '').split(',').filter((o) => ['cpu', 'cpuacct', 'cpuset', 'memory', 'pids', 'devices', 'freezer', 'blkio', 'hugetlb'].includes(o)));
  return { version: v1.length > 0 ? 1 : undefined, controllers: [...new Set(v1)].sort() };
}

export function checkCgroups(required: boolean): Check {
  const { version, controllers } = cgroupLayout();
  if (version === undefined) return { name: 'cgroups', ok: false, required, detail: 'no cgroup hierarchy is mounted under /sys/fs/cgroup', debian: 'cgroupfs-mount', fix: 'or boot with systemd, which mounts cgroup2' };
  const missing = ['cpu', 'memory', 'pids'].filter((c) => !controllers.includes(c));
  return {
    name: 'cgroups',
    ok: missing.length === 0,
    required,
    detail: `v${version}, controllers ${controllers.join(' ') || 'none'}${missing.length ? `; missing ${missing.join(', ')}` : ''}`,
    fix: missing.length ? (version === 2 ? 'enable them for the subtree (echo +cpu +memory +pids > /sys/fs/cgroup/cgroup.subtree_control) or run under systemd with Delegate=yes' : 'mount them (cgroupfs-mount)') : undefined,
  };
}

export function checkUserNamespaces(): Check {
  const max = readNumber('/proc/sys/user/max_user_namespaces');
  const ok = existsSync('/proc/self/ns/user') && (max === undefined || max > 0);
  return { name: 'user namespaces', ok, required: false, detail: ok ? `available (max_user_namespaces ${max ?? 'unknown'})` : 'not available: image tasks run without a user namespace', fix: ok ? undefined : 'sysctl -w user.max_user_namespaces=15000 (a kernel built with CONFIG_USER_NS)' };
}

export function checkOverlay(): Check {
  const fs = existsSync('/proc/filesystems') ? readFileSync('/proc/filesystems', 'utf8') : '';
  const loaded = /\toverlay$/m.test(fs);
  const module = !loaded && existsSync(`/lib/modules/${release()}`) && tryRun('modprobe', ['-n', 'overlay']);
  const ok = loaded || module;
  return { name: 'overlayfs', ok, required: false, detail: loaded ? 'in the kernel' : module ? 'loadable (modprobe overlay)' : 'not available: image root filesystems are copied (slower, more disk)', fix: ok ? undefined : 'modprobe overlay' };
}

/** CNI plugins the networks need, in the module's binDirs. */
export function checkCniPlugins(binDirs: string[], types: string[], required: boolean): Check {
  const missing = types.filter((t) => !binDirs.some((d) => existsSync(join(d, t))));
  return {
    name: 'CNI plugins',
    ok: missing.length === 0,
    required,
    detail: missing.length ? `missing ${missing.join(', ')} in ${binDirs.join(', ')}` : `${types.join(', ')} in ${binDirs.join(', ')}`,
    debian: missing.length ? 'containernetworking-plugins' : undefined,
  };
}

/** The plugin types (and IPAM plugin types) named by the network configs in `confDirs`, and loopback. */
export function cniPluginTypes(confDirs: string[]): string[] {
  const types = new Set<string>(['loopback']);
  for (const dir of confDirs) {
    let files: string[] = [];
    try {
      files = readdirSync(dir);
    } catch {
      continue;
    }
    for (const f of files.filter((n) => /\.(conflist|conf|json)$/.test(n))) {
      try {
        type Plugin = { type?: string; ipam?: { type?: string } };
        const doc = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Plugin & { plugins?: Plugin[] };
        for (const p of doc.plugins ?? [doc]) for (const t of [p.type, p.ipam?.type]) if (typeof t === 'string') types.add(t);
      } catch {
        /* the module reports a bad file when it starts */
      }
    }
  }
  return [...types].sort();
}

export function checkIptables(required: boolean): Check {
  const found = which('iptables');
  return { name: 'iptables', ok: found !== undefined, required, detail: found ?? 'not found: the bridge, portmap and firewall plugins need it', debian: found ? undefined : 'iptables' };
}

function readNumber(file: string): number | undefined {
  try {
    return Number(readFileSync(file, 'utf8').trim());
  } catch {
    return undefined;
  }
}

function tryRun(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}
