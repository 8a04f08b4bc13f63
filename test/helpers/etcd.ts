import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { freePort } from './ports';
import { startProcess, type StartedProcess } from './proc';
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

export interface EtcdService {
  /** "http://127.0.0.1:port" client URL of every member, in member order. */
  readonly endpoints: string[];
  /** The member processes (an entry is replaced on restart). */
  readonly procs: StartedProcess[];
  /** SIGKILLs member i (its data dir stays, for restart). */
  kill(i: number): Promise<void>;
  /** Starts member i again on its old ports and data, and waits until it is healthy. */
  restart(i: number): Promise<void>;
  /** SIGSTOPs member i. */
  pause(i: number): void;
  /** SIGCONTs member i. */
  resume(i: number): void;
  /** Waits until every running member answers /health with health true. */
  ready(timeoutMs?: number): Promise<void>;
  /** Stops every member and removes the data. */
  stop(): Promise<void>;
  /** Lets this process exit while the service runs; it is then killed at exit (test/helpers/proc). */
  unref(): void;
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
  const procs: StartedProcess[] = specs.map(launch);
  const down = new Set<number>();
  const paused = new Set<number>();
  let unrefed = false;
  const endpoints = specs.map((s) => `http://127.0.0.1:${s.clientPort}`);

  const ready = async (timeoutMs = readyTimeoutMs) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const running = specs.map((_, i) => i).filter((i) => !down.has(i) && !paused.has(i));
      for (const i of running) {
        if (procs[i]!.exitStatus) {
          throw new Error(`etcd member ${i} exited before it was healthy (status ${JSON.stringify(procs[i]!.exitStatus)}):\n${procs[i]!.output().split('\n').slice(-40).join('\n')}`);
        }
      }
      const ok = await Promise.all(running.map((i) => etcdHealthy(endpoints[i]!)));
      if (ok.every(Boolean)) return;
      if (Date.now() > deadline) {
        const tails = running.map((i) => `--- etcd member ${i} (${endpoints[i]}) ---\n${procs[i]!.output().split('\n').slice(-40).join('\n')}`);
        throw new Error(`etcd was not healthy within ${timeoutMs} ms (healthy: ${ok.map((x, j) => `${running[j]}:${x}`).join(' ')})\n${tails.join('\n')}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const service: EtcdService = {
    endpoints,
    procs,
    async kill(i) {
      down.add(i);
      paused.delete(i);
      await procs[i]!.stop('SIGKILL');
    },
    async restart(i) {
      if (!down.has(i)) await service.kill(i);
      procs[i] = launch(specs[i]!);
      if (unrefed) unrefProcess(procs[i]!);
      down.delete(i);
      await ready();
    },
    pause(i) {
      paused.add(i);
      process.kill(-procs[i]!.pid, 'SIGSTOP');
    },
    resume(i) {
      paused.delete(i);
      process.kill(-procs[i]!.pid, 'SIGCONT');
    },
    ready,
    unref() {
      unrefed = true;
      for (const p of procs) unrefProcess(p);
    },
    async stop() {
      await Promise.all(
        procs.map(async (p, i) => {
          if (paused.has(i)) process.kill(-p.pid, 'SIGCONT');
          await p.stop('SIGKILL').catch(() => undefined);
        }),
      );
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
  try {
    await ready();
  } catch (err) {
    await service.stop();
    throw err;
  }
  return service;
}

function unrefProcess(p: StartedProcess): void {
  p.child.unref();
  for (const s of [p.child.stdout, p.child.stderr]) (s as { unref?: () => void } | null)?.unref?.();
}
