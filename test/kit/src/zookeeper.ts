import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { freePort } from './ports';
import { startProcess } from './proc';
import { serviceNodes, type ServiceNodes } from './service-nodes';
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

export interface ZooKeeperService extends ServiceNodes {
  /** "127.0.0.1:port" of every node, in node order. */
  readonly servers: string[];
  /** The servers joined by commas, as a ZooKeeper connect string. */
  readonly connectString: string;
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
  const serving = async (i: number): Promise<boolean> => {
    const answer = await fourLetterWord('127.0.0.1', specs[i]!.clientPort, 'srvr');
    return /^Mode: (standalone|leader|follower)/m.test(answer);
  };
  const nodes = serviceNodes({
    specs,
    launch,
    ready: serving,
    readyTimeoutMs,
    root,
    text: {
      node: (i) => `zookeeper node ${i + 1}`,
      exitedBefore: 'serving',
      notReady: 'zookeeper did not serve',
      readyList: 'nodes serving',
      readyTag: (i) => String(i + 1),
      header: (i) => `zookeeper node ${i + 1} (port ${specs[i]!.clientPort})`,
    },
  });
  const service: ZooKeeperService = {
    ...nodes,
    servers: specs.map((s) => `127.0.0.1:${s.clientPort}`),
    get connectString() {
      return this.servers.join(',');
    },
  };
  try {
    await nodes.ready();
  } catch (err) {
    await service.stop();
    throw err;
  }
  return service;
}

