// Real CNI networks for tests (network-cni's module tests and the e2e suites): a conf dir of networks on bridges this test names (pltc<random>)
// with subnets of 10.199.0.0/16 that this machine does not use, host-local leases in the test's
// own dir, and the leak checks (veths on the bridge, lease files, iptables rules naming the
// container, namespace files). close() removes the bridges, the iptables chains the plugins
// created that did not exist before (once no CNI container is left on the host), and the dir.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { makeTempDir } from './tmp';

export const BIN_DIR = '/usr/lib/cni';

/** Why real CNI tests cannot run here, or undefined. */
export function cniSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (network namespaces, bridges, iptables)';
  for (const p of ['bridge', 'host-local', 'portmap', 'loopback']) if (!existsSync(join(BIN_DIR, p))) return `CNI plugin ${p} not in ${BIN_DIR} (apt-get install containernetworking-plugins)`;
  for (const b of ['unshare', 'ip', 'iptables-save', 'nsenter']) {
    try {
      execFileSync('sh', ['-c', 'command -v "$0"', b], { stdio: 'ignore' });
    } catch {
      return `${b} not found`;
    }
  }
  return undefined;
}

const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** The nat and filter chains iptables has now. */
function chains(): Set<string> {
  const out = new Set<string>();
  for (const table of ['nat', 'filter']) {
    for (const line of sh('iptables-save', ['-t', table]).split('\n')) if (line.startsWith(':')) out.add(`${table} ${line.slice(1).split(' ')[0]}`);
  }
  return out;
}

/** An iptables-save line's words, double-quoted ones as one word. */
function words(line: string): string[] {
  return [...line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!));
}

/** Options of a test network. */
export interface NetOptions {
  /** Third octet of 10.199.X.0/24. */
  octet: number;
  portmap?: boolean;
  /** A subnet host-local refuses (too small), for the plugin-error test. */
  broken?: boolean;
  dns?: { nameservers: string[]; search?: string[] };
}

export class CniNetworks {
  readonly dir: string;
  readonly confDir: string;
  readonly dataDir: string;
  readonly bridges: string[] = [];
  private readonly before = chains();

  constructor(prefix = 'plateau-cni-') {
    this.dir = makeTempDir(prefix);
    this.confDir = join(this.dir, 'net.d');
    this.dataDir = join(this.dir, 'ipam');
    mkdirSync(this.confDir, { recursive: true });
  }

  /** Writes network `name` on a new bridge; returns the bridge's name. */
  network(name: string, o: NetOptions): string {
    const bridge = `pltc${randomBytes(4).toString('hex')}`;
    this.bridges.push(bridge);
    const ipam: Record<string, unknown> = {
      type: 'host-local',
      ranges: [[{ subnet: o.broken ? `10.199.${o.octet}.0/31` : `10.199.${o.octet}.0/24` }]],
      // A default route through the bridge: replies reach peers outside the subnet.
      routes: [{ dst: '0.0.0.0/0' }],
      dataDir: this.dataDir,
    };
    const plugins: unknown[] = [{ type: 'bridge', bridge, isGateway: true, ipMasq: true, hairpinMode: true, ipam, ...(o.dns ? { dns: o.dns } : {}) }];
    if (o.portmap) plugins.push({ type: 'portmap', capabilities: { portMappings: true }, snat: true });
    writeFileSync(join(this.confDir, `${name}.conflist`), JSON.stringify({ cniVersion: '1.0.0', name, disableCheck: true, plugins }));
    return bridge;
  }

  /** The host ends of veths attached to `bridge`. */
  veths(bridge: string): string[] {
    if (!existsSync(`/sys/class/net/${bridge}`)) return [];
    return sh('ip', ['-o', 'link', 'show', 'master', bridge])
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => l.split(':')[1]!.trim().split('@')[0]!);
  }

  /** host-local's lease files of network `name` (one per address). */
  leases(name: string): string[] {
    const d = join(this.dataDir, name);
    return existsSync(d) ? readdirSync(d).filter((f) => /^[0-9a-f.:]+$/.test(f) && f.includes('.')) : [];
  }

  /** iptables rules (nat and filter) that name the container id (the plugins' comments do). */
  rulesNaming(id: string): string[] {
    return ['nat', 'filter'].flatMap((t) => sh('iptables-save', ['-t', t]).split('\n').filter((l) => l.includes(id)));
  }

  /** Runs argv inside the namespace file's network namespace. */
  inNetns(path: string, argv: string[]): string {
    return sh('nsenter', [`--net=${path}`, ...argv]);
  }

  /** Removes the bridges, the chains the plugins made that were not there before, and the dir. */
  close(): void {
    for (const b of this.bridges) {
      try {
        sh('ip', ['link', 'del', b]);
      } catch {
        // never created
      }
    }
    // The plugins' shared chains (portmap's CNI-HOSTPORT-*, firewall's CNI-FORWARD) serve every
    // CNI container of the host: left alone while any attachment (a rule naming a container id)
    // remains, e.g. another suite's running at the same time; the last one out removes them.
    const inUse = ['nat', 'filter'].some((t) => sh('iptables-save', ['-t', t]).includes(' id: \\"'));
    const made = inUse ? [] : [...chains()].filter((c) => !this.before.has(c) && / CNI-/.test(c));
    for (const c of made) {
      const [table, chain] = c.split(' ') as [string, string];
      // Jumps into the chain first, then the chain itself.
      for (const line of sh('iptables-save', ['-t', table]).split('\n')) {
        if (line.startsWith('-A ') && line.includes(`-j ${chain}`)) {
          try {
            sh('iptables', ['-t', table, '-D', ...words(line).slice(1)]);
          } catch {
            // gone meanwhile
          }
        }
      }
    }
    for (const c of made) {
      const [table, chain] = c.split(' ') as [string, string];
      try {
        sh('iptables', ['-t', table, '-F', chain]);
        sh('iptables', ['-t', table, '-X', chain]);
      } catch {
        // still referenced by another chain that is removed in this loop; best effort
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
