import * as http from 'node:http';
import * as path from 'node:path';
import { freePort } from './ports';
import { startProcess } from './proc';
import { serviceNodes, type ServiceNodes } from './service-nodes';
import { makeTempDir } from './tmp';

// Real etcd for tests: Debian's `etcd-server` (3.4) on loopback ports chosen free, a temp data dir
// per member, one process group per member (startProcess). Three members form one cluster
// through --initial-cluster. A short heartbeat and election timeout make leases as short as
// about 1 s possible (etcd raises a shorter TTL to 1.5 × the election timeout).

export interface EtcdOptions {
  /** 1 or 3 members. Default 1. */
  nodes?: 1 | 3;
  /** Raft heartbeat in ms (default 50) and election timeout in ms (default 500). */
  heartbeatMs?: number;
  electionTimeoutMs?: number;
  /** How long to wait for the cluster to be healthy. Default 30 000 ms. */
  readyTimeoutMs?: number;
}

export interface EtcdService extends ServiceNodes {
  /** "http://127.0.0.1:port" client URL of every member, in member order. */
  readonly endpoints: string[];
}

interface MemberSpec {
  name: string;
  clientPort: number;
  peerPort: number;
  dir: string;
}

/** GET http://127.0.0.1:port/health → whether etcd says it is healthy (has a leader, serves). */
export function etcdHealthy(endpoint: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(`${endpoint}/health`, { timeout: timeoutMs }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => {
        try {
          resolve(res.statusCode === 200 && String((JSON.parse(body) as { health?: unknown }).health) === 'true');
        } catch {
          resolve(false);
        }
      });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/**
 * Starts an etcd member or a 3-member cluster on loopback and resolves once every member is
 * healthy. Fails with the members' output tails if it is not within readyTimeoutMs.
 */
export async function startEtcd(opts: EtcdOptions = {}): Promise<EtcdService> {
  const count = opts.nodes ?? 1;
  const heartbeat = opts.heartbeatMs ?? 50;
  const election = opts.electionTimeoutMs ?? 500;
  const readyTimeoutMs = opts.readyTimeoutMs ?? 30_000;
  const root = makeTempDir('plateau-etcd-');
  const specs: MemberSpec[] = [];
  for (let i = 0; i < count; i++) {
    specs.push({ name: `m${i}`, clientPort: await freePort(), peerPort: await freePort(), dir: path.join(root, `m${i}`) });
  }
  const initialCluster = specs.map((s) => `${s.name}=http://127.0.0.1:${s.peerPort}`).join(',');
  const token = `plateau-test-${process.pid}-${Date.now()}`;
  const launch = (s: MemberSpec) =>
    startProcess(
      'etcd',
      [
        '--name', s.name,
        '--data-dir', s.dir,
        '--listen-client-urls', `http://127.0.0.1:${s.clientPort}`,
        '--advertise-client-urls', `http://127.0.0.1:${s.clientPort}`,
        '--listen-peer-urls', `http://127.0.0.1:${s.peerPort}`,
        '--initial-advertise-peer-urls', `http://127.0.0.1:${s.peerPort}`,
        '--initial-cluster', initialCluster,
        '--initial-cluster-token', token,
        '--initial-cluster-state', 'new',
        '--heartbeat-interval', String(heartbeat),
        '--election-timeout', String(election),
        '--logger', 'zap',
        '--log-level', 'warn',
      ],
      { name: `etcd-${s.name}`, env: { ETCD_UNSUPPORTED_ARCH: process.arch === 'x64' ? undefined : process.arch } },
    );
  const endpoints = specs.map((s) => `http://127.0.0.1:${s.clientPort}`);
  const nodes = serviceNodes({
    specs,
    launch,
    ready: (i) => etcdHealthy(endpoints[i]!),
    readyTimeoutMs,
    root,
    text: {
      node: (i) => `etcd member ${i}`,
      exitedBefore: 'it was healthy',
      notReady: 'etcd was not healthy',
      readyList: 'healthy',
      readyTag: (i) => String(i),
      header: (i) => `etcd member ${i} (${endpoints[i]})`,
    },
  });
  const service: EtcdService = { ...nodes, endpoints };
  try {
    await nodes.ready();
  } catch (err) {
    await service.stop();
    throw err;
  }
  return service;
}

