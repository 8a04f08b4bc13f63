import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { freePort } from './ports';
import { startProcess, type StartedProcess } from './proc';
import { makeTempDir } from './tmp';

// Real ZooKeeper for tests: Debian's `zookeeper` package (3.8), run from its jars with a config
// written here: loopback ports chosen free, a temp data dir per node, a short tick so sessions
// can be short, the admin server off. One node runs ZooKeeperServerMain (standalone); three run
// QuorumPeerMain with myid files. Every node is its own process group (startProcess).

/** Where Debian puts ZooKeeper's jars; ZOOKEEPER_CLASSPATH overrides. */
const CLASSPATH = process.env.ZOOKEEPER_CLASSPATH ?? '/usr/share/java/zookeeper.jar:/usr/share/java/*';

export interface ZooKeeperOptions {
  /** 1 (standalone) or 3 (an ensemble). Default 1. */
  nodes?: 1 | 3;
  /** ZooKeeper's tick in ms (sessions may last 2..20 ticks unless min/max are set). Default 100. */
  tickTimeMs?: number;
  /** How long to wait for the service to serve requests. Default 30 000 ms. */
  readyTimeoutMs?: number;
}

export interface ZooKeeperService {
  /** "127.0.0.1:port" of every node, in node order. */
  readonly servers: string[];
  /** The servers joined by commas, as a ZooKeeper connect string. */
  readonly connectString: string;
  /** The node processes (an entry is replaced on restart). */
  readonly procs: StartedProcess[];
  /** SIGKILLs node i (its data dir stays, for restart). */
  kill(i: number): Promise<void>;
  /** Starts node i again on its old ports and data, and waits until the service serves again. */
  restart(i: number): Promise<void>;
  /** SIGSTOPs node i: its sockets stay open but it answers nothing. */
  pause(i: number): void;
  /** SIGCONTs node i. */
  resume(i: number): void;
  /** Waits until every running node serves requests (standalone, leader or follower). */
  ready(timeoutMs?: number): Promise<void>;
  /** Stops every node and removes the data. */
  stop(): Promise<void>;
  /** Lets this process exit while the service runs; it is then killed at exit (test/helpers/proc). */
  unref(): void;
}

interface NodeSpec {
  id: number;
  clientPort: number;
  peerPort: number;
  electionPort: number;
  dir: string;
}

/** Sends a four-letter-word command and returns the answer ('' when nothing came back). */
export function fourLetterWord(host: string, port: number, cmd: string, timeoutMs = 1000): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    let out = '';
    const timer = setTimeout(() => s.destroy(), timeoutMs);
    s.on('connect', () => s.write(cmd));
    s.on('data', (d) => (out += d.toString()));
    s.on('error', () => undefined);
    s.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

/**
 * Starts a ZooKeeper standalone server or a 3-node ensemble on loopback and resolves once every
 * node serves requests. Fails with the nodes' output tails if it does not within readyTimeoutMs.
 */
export async function startZooKeeper(opts: ZooKeeperOptions = {}): Promise<ZooKeeperService> {
  const count = opts.nodes ?? 1;
  const tick = opts.tickTimeMs ?? 100;
  const readyTimeoutMs = opts.readyTimeoutMs ?? 30_000;
  const root = makeTempDir('plateau-zk-');
  const specs: NodeSpec[] = [];
  for (let id = 1; id <= count; id++) {
    specs.push({ id, clientPort: await freePort(), peerPort: await freePort(), electionPort: await freePort(), dir: path.join(root, `node${id}`) });
  }
  for (const s of specs) {
    fs.mkdirSync(path.join(s.dir, 'data'), { recursive: true });
    const lines = [
      `tickTime=${tick}`,
      `dataDir=${path.join(s.dir, 'data')}`,
      `clientPort=${s.clientPort}`,
      'clientPortAddress=127.0.0.1',
      'admin.enableServer=false',
      // Tests choose short sessions; production-like long ones must still be accepted.
      `minSessionTimeout=${2 * tick}`,
      'maxSessionTimeout=60000',
      '4lw.commands.whitelist=srvr,ruok,mntr,stat',
      'maxClientCnxns=0',
    ];
    if (count > 1) {
      lines.push(`initLimit=${Math.max(10, Math.ceil(10_000 / tick))}`, `syncLimit=${Math.max(5, Math.ceil(2_000 / tick))}`);
      for (const p of specs) lines.push(`server.${p.id}=127.0.0.1:${p.peerPort}:${p.electionPort}`);
      fs.writeFileSync(path.join(s.dir, 'data', 'myid'), `${s.id}\n`);
    }
    fs.writeFileSync(path.join(s.dir, 'zoo.cfg'), `${lines.join('\n')}\n`);
  }
  const mainClass = count > 1 ? 'org.apache.zookeeper.server.quorum.QuorumPeerMain' : 'org.apache.zookeeper.server.ZooKeeperServerMain';
  const launch = (s: NodeSpec) =>
    startProcess(
      'java',
      ['-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', `-Dzookeeper.log.dir=${s.dir}`, '-cp', CLASSPATH, mainClass, path.join(s.dir, 'zoo.cfg')],
      { name: `zookeeper-${s.id}`, cwd: s.dir },
    );
  const procs: StartedProcess[] = specs.map(launch);
  const down = new Set<number>();
  const paused = new Set<number>();
  let unrefed = false;

  const serving = async (i: number): Promise<boolean> => {
    const answer = await fourLetterWord('127.0.0.1', specs[i]!.clientPort, 'srvr');
    return /^Mode: (standalone|leader|follower)/m.test(answer);
  };
  const ready = async (timeoutMs = readyTimeoutMs) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const running = specs.map((_, i) => i).filter((i) => !down.has(i) && !paused.has(i));
      for (const i of running) {
        if (procs[i]!.exitStatus) {
          throw new Error(`zookeeper node ${i + 1} exited before serving (status ${JSON.stringify(procs[i]!.exitStatus)}):\n${procs[i]!.output().split('\n').slice(-40).join('\n')}`);
        }
      }
      const ok = await Promise.all(running.map(serving));
      if (ok.every(Boolean)) return;
      if (Date.now() > deadline) {
        const tails = running.map((i) => `--- zookeeper node ${i + 1} (port ${specs[i]!.clientPort}) ---\n${procs[i]!.output().split('\n').slice(-40).join('\n')}`);
        throw new Error(`zookeeper did not serve within ${timeoutMs} ms (nodes serving: ${ok.map((x, j) => `${running[j]! + 1}:${x}`).join(' ')})\n${tails.join('\n')}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const service: ZooKeeperService = {
    servers: specs.map((s) => `127.0.0.1:${s.clientPort}`),
    get connectString() {
      return this.servers.join(',');
    },
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
