/**
 * Which of the agent's containers a TCP connection comes from, read from the kernel's own tables
 * (never from anything a task writes): the peer's socket is looked up by its address pair in the
 * TCP tables of each container's network namespace (`/proc/<pid>/net/tcp{,6}`; host-network
 * containers share the host's), which gives the socket's inode; the process holding that inode is
 * then searched among the host's processes that live in a container's cgroup
 * (`/proc/<pid>/cgroup`, which a task cannot leave), and its container is the answer.
 *
 * This is how the agent tells a task's request from the operator's on the same machine when no
 * authenticator hands out executor tokens (config/dev.yaml): tasks share the host network and
 * reach the agent on 127.0.0.1 like the CLI does. A connection whose socket no container process
 * holds is the host's. Containers without a cgroup of their own (the posix launcher) cannot be
 * told apart from host processes, and are not identified. A local client whose socket is already
 * gone is `unknown`, never taken for the host.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';
import type { Socket } from 'node:net';

/** A running container as the lookup needs it. */
export interface PeerCandidate {
  containerId: string;
  /** Host pid of its first process. */
  pid: number;
}

/** `ip:port` of an address as /proc/net/tcp{,6} writes it (hex, 32-bit words in host byte order). */
export function procAddress(hex: string): string | undefined {
  const [ipHex, portHex] = hex.split(':');
  if (ipHex === undefined || portHex === undefined) return undefined;
  const port = parseInt(portHex, 16);
  const words = ipHex.match(/.{8}/g);
  if (words === null || (words.length !== 1 && words.length !== 4)) return undefined;
  const bytes = words.flatMap((w) => [w.slice(6, 8), w.slice(4, 6), w.slice(2, 4), w.slice(0, 2)].map((b) => parseInt(b, 16)));
  if (bytes.length === 4) return `${bytes.join('.')}:${port}`;
  // IPv4-mapped IPv6 (::ffff:a.b.c.d) is the IPv4 address.
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return `${bytes.slice(12).join('.')}:${port}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return `${compressV6(groups)}:${port}`;
}

/** `ip:port` of a socket end as Node reports it, in procAddress's form. */
export function socketAddress(address: string | undefined, port: number | undefined): string | undefined {
  if (address === undefined || port === undefined) return undefined;
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (v4) return `${v4[1]}:${port}`;
  if (!address.includes(':')) return `${address}:${port}`;
  return `${compressV6(expandV6(address).map((g) => parseInt(g, 16).toString(16)))}:${port}`;
}

function expandV6(address: string): string[] {
  const [head, tail] = address.split('::') as [string, string | undefined];
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  return tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
}

/** The longest run of zero groups as `::` (RFC 5952). */
function compressV6(groups: string[]): string {
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) [best, bestLen] = [i, j - i];
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/**
 * The socket with local address `local` and remote address `remote` in a /proc/net/tcp{,6} table:
 * its inode, undefined when it has none any more (closing: inode 0), null when the table has no
 * such socket.
 */
export function socketInode(table: string, local: string, remote: string): string | undefined | null {
  for (const line of table.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
    if (f.length < 10) continue;
    if (procAddress(f[1]!) === local && procAddress(f[2]!) === remote) return f[9] === '0' ? undefined : f[9];
  }
  return null;
}

async function text(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return '';
  }
}

async function link(file: string): Promise<string | undefined> {
  try {
    return await readlink(file);
  } catch {
    return undefined;
  }
}

/** Who holds the client end of a connection. */
export type Peer =
  /** A process of this container. */
  | { kind: 'container'; containerId: string }
  /** A host process, another machine, or a container that shares the host's pid namespace. */
  | { kind: 'host' }
  /** A local client whose socket is gone (closed before it could be found): refused, not trusted. */
  | { kind: 'unknown'; why: string };

const HOST: Peer = { kind: 'host' };

/** Whether `client` (ip:port) is this machine's loopback or the server's own address. */
function isLocal(client: string, server: string): boolean {
  const ip = client.slice(0, client.lastIndexOf(':'));
  return ip.startsWith('127.') || ip === '::1' || ip === server.slice(0, server.lastIndexOf(':'));
}

/**
 * Who holds the client end of `socket`. A local client whose socket cannot be found any more is
 * `unknown`: a task could otherwise send a request and close at once, so that the lookup finds
 * nothing and takes it for the host.
 */
export async function peerOf(socket: Socket, candidates: readonly PeerCandidate[]): Promise<Peer> {
  const client = socketAddress(socket.remoteAddress, socket.remotePort);
  const server = socketAddress(socket.localAddress, socket.localPort);
  if (client === undefined || server === undefined) return { kind: 'unknown', why: 'the connection has no address' };
  if (candidates.length === 0) return HOST;
  const local = isLocal(client, server);

  // 1. The client socket's inode, in the network namespace it lives in (the host's own included).
  let inode: string | undefined;
  let found = false;
  const netnsSeen = new Set<string>();
  for (const pid of ['self', ...candidates.map((c) => String(c.pid))]) {
    const netns = await link(`/proc/${pid}/ns/net`);
    if (netns === undefined || netnsSeen.has(netns)) continue;
    netnsSeen.add(netns);
    for (const table of ['tcp', 'tcp6']) {
      const r = socketInode(await text(`/proc/${pid}/net/${table}`), client, server);
      if (r === null) continue;
      found = true;
      inode = r;
      break;
    }
    if (found) break;
  }
  if (!found) return local ? { kind: 'unknown', why: 'its socket is gone' } : HOST;
  if (inode === undefined) return { kind: 'unknown', why: 'its socket is closing' };

  // 2. The process holding it, among the processes in a container's cgroup. A cgroup, unlike a
  // pid namespace, is one a task cannot leave (it can make a pid namespace of its own).
  const own = cgroupLines(await text('/proc/self/cgroup'));
  const scopes: Array<{ hierarchy: string; path: string; containerId: string }> = [];
  for (const c of candidates) {
    for (const [hierarchy, path] of cgroupLines(await text(`/proc/${c.pid}/cgroup`))) {
      // The first hierarchy in which the container has a cgroup of its own.
      if (path !== '/' && own.get(hierarchy) !== path) {
        scopes.push({ hierarchy, path, containerId: c.containerId });
        break;
      }
    }
  }
  // A nested container's cgroup lies under its parent's: the deepest scope is the process's own.
  scopes.sort((a, b) => b.path.length - a.path.length);
  const wanted = `socket:[${inode}]`;
  let pids: string[];
  try {
    pids = (await readdir('/proc')).filter((p) => /^\d+$/.test(p));
  } catch {
    return { kind: 'unknown', why: '/proc cannot be read' };
  }
  if (scopes.length > 0) {
    const cgroups = await Promise.all(pids.map((pid) => text(`/proc/${pid}/cgroup`)));
    for (let i = 0; i < pids.length; i++) {
      const lines = cgroupLines(cgroups[i]!);
      const scope = scopes.find((sc) => {
        const p = lines.get(sc.hierarchy);
        return p !== undefined && (p === sc.path || p.startsWith(`${sc.path}/`));
      });
      if (scope !== undefined && (await holds(pids[i]!, wanted))) return { kind: 'container', containerId: scope.containerId };
    }
  }
  // The socket is open (it has an inode) and no container process holds it: the host's.
  return HOST;
}

/** `/proc/<pid>/cgroup` as hierarchy (id and controllers) → path. */
function cgroupLines(content: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of content.split('\n')) {
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first < 0 || second < 0) continue;
    out.set(line.slice(0, second), line.slice(second + 1));
  }
  return out;
}

async function holds(pid: string, wanted: string): Promise<boolean> {
  let fds: string[];
  try {
    fds = await readdir(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  for (const fd of fds) if ((await link(`/proc/${pid}/fd/${fd}`)) === wanted) return true;
  return false;
}

/** peerOf once per connection: the answer is kept for the socket's later requests. */
export class PeerContainers {
  private readonly known = new WeakMap<Socket, Promise<Peer>>();

  constructor(private readonly candidates: () => PeerCandidate[]) {}

  of(socket: Socket): Promise<Peer> {
    let p = this.known.get(socket);
    if (p === undefined) {
      p = peerOf(socket, this.candidates()).catch((err: Error) => ({ kind: 'unknown', why: err.message }) as Peer);
      this.known.set(socket, p);
    }
    return p;
  }
}
