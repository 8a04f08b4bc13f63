// Several real masters (`node bin/plateau.js master`, each its own process group) sharing one
// contender: standalone (the same `dir` on one machine), ZooKeeper or etcd. The YAML each master
// reads is the repository's own config/dev.yaml, config/zookeeper.yaml or config/etcd.yaml with
// the test service's address (and a short session/lease) substituted, so the suites that use
// this exercise exactly the files users run.

import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { freePort } from '@plateau/testkit/ports';
import { startProcess, type StartedProcess } from '@plateau/testkit/proc';
import { request, SchedulerClient, type HttpResult, type SubscribeOptions } from './scheduler-client';
import { makeTempDir } from '@plateau/testkit/tmp';
import { sleep } from '@plateau/testkit/wait';

const REPO = path.resolve(__dirname, '../../..');
const PLATEAU = path.join(REPO, 'bin/plateau.js');

/** Which contender module a cluster uses. */
export type ContenderKind = 'standalone' | 'zookeeper' | 'etcd';

/** What the YAML of each contender needs from the test. */
export interface HaConfigOptions {
  /** ZooKeeper servers `host:port` (zookeeper). */
  zkServers?: string[];
  /** etcd client URLs (etcd). */
  etcdEndpoints?: string[];
  /** The directory every standalone master shares (standalone). */
  standaloneDir?: string;
  /** ZooKeeper session timeout, ms (default 1500). */
  sessionTimeoutMs?: number;
  /** etcd lease TTL, s (default 1). */
  leaseTtlSeconds?: number;
  /** Znode path / key prefix (default /plateau). */
  prefix?: string;
}

function replaceOnce(text: string, re: RegExp, by: string, file: string): string {
  if (!re.test(text)) throw new Error(`${file} no longer has ${re}: update test/helpers/masters.ts`);
  return text.replace(re, by);
}

/**
 * The YAML of config/dev.yaml (standalone), config/zookeeper.yaml or config/etcd.yaml with the
 * test service's addresses and a short session or lease substituted; nothing else differs.
 */
export function haConfig(kind: ContenderKind, o: HaConfigOptions): string {
  const file = { standalone: 'config/dev.yaml', zookeeper: 'config/zookeeper.yaml', etcd: 'config/etcd.yaml' }[kind];
  let text = fs.readFileSync(path.join(REPO, file), 'utf8');
  if (kind === 'standalone') {
    if (!o.standaloneDir) throw new Error('haConfig(standalone) needs standaloneDir');
    text = replaceOnce(text, /(\n  standalone:\n    use: contender-standalone\n)/, `$1    config: { dir: ${JSON.stringify(o.standaloneDir)}, pollMs: 50 }\n`, file);
  } else if (kind === 'zookeeper') {
    if (!o.zkServers?.length) throw new Error('haConfig(zookeeper) needs zkServers');
    text = replaceOnce(text, /servers: \[[^\]]*\]/, `servers: ${JSON.stringify(o.zkServers)}`, file);
    text = replaceOnce(text, /sessionTimeoutMs: \d+/, `sessionTimeoutMs: ${o.sessionTimeoutMs ?? 1500}`, file);
    if (o.prefix) text = replaceOnce(text, /path: \/plateau/, `path: ${o.prefix}`, file);
  } else {
    if (!o.etcdEndpoints?.length) throw new Error('haConfig(etcd) needs etcdEndpoints');
    text = replaceOnce(text, /endpoints: \[[^\]]*\]/, `endpoints: ${JSON.stringify(o.etcdEndpoints)}`, file);
    text = replaceOnce(text, /leaseTtlSeconds: \d+/, `leaseTtlSeconds: ${o.leaseTtlSeconds ?? 1}`, file);
    if (o.prefix) text = replaceOnce(text, /prefix: \/plateau/, `prefix: ${o.prefix}`, file);
  }
  // The text is written elsewhere: its base (relative to config/) is named by its full path.
  return text.replace(/^extends: (\S+)$/m, (_m, base: string) => `extends: ${JSON.stringify(path.resolve(REPO, 'config', base))}`);
}

/** One master of a set. */
export interface MasterNode {
  /** Index in the set. */
  readonly index: number;
  /** `127.0.0.1:<port>`. */
  readonly address: string;
  readonly port: number;
  /** The current process (replaced on restart). */
  proc: StartedProcess;
  /** Whether it was killed/stopped by the test (and not restarted). */
  down: boolean;
  /** Whether it is SIGSTOPped. */
  paused: boolean;
}

/** Options of startMasters. */
export interface StartMastersOptions {
  /** Extra command-line arguments of every master. */
  args?: string[];
  /** Log level of the masters (default info). */
  logLevel?: string;
  /** Wait for a leader serving (default true). */
  waitLeader?: boolean;
}

/** A set of masters on one config. */
export interface MasterSet {
  readonly nodes: MasterNode[];
  /** Every master's address, joined by commas (for simulated agents). */
  readonly addresses: string;
  readonly configFile: string;
  /** The master that answers GET_MASTER with 200 (it leads and has recovered); waits for one. */
  leader(timeoutMs?: number, exclude?: MasterNode): Promise<MasterNode>;
  /** SIGKILLs master i. */
  kill(i: number): Promise<void>;
  /** SIGSTOPs / SIGCONTs master i. */
  pause(i: number): void;
  resume(i: number): void;
  /** Starts master i again on its port and work dir; resolves once it listens. */
  restart(i: number): Promise<void>;
  /** The masters' output tails, for failure messages. */
  tails(lines?: number): string;
  /** Stops every master and removes the temp dir. */
  stop(): Promise<void>;
}

const BASE_ARGS = ['--allocation-interval', '100ms', '--agent-ping-timeout', '500ms', '--max-agent-ping-timeouts', '6', '--agent-reregister-timeout', '20secs'];

/** Starts `count` masters reading `configText`; resolves once one leads (unless told not to wait). */
export async function startMasters(count: number, configText: string, opts: StartMastersOptions = {}): Promise<MasterSet> {
  const root = makeTempDir('plateau-masters-');
  const configFile = path.join(root, 'plateau.yaml');
  fs.writeFileSync(configFile, configText);
  const ports: number[] = [];
  for (let i = 0; i < count; i++) ports.push(await freePort());
  const launch = (i: number): StartedProcess =>
    startProcess(
      process.execPath,
      [PLATEAU, 'master', '--config', configFile, '--listen', `127.0.0.1:${ports[i]}`, '--work-dir', path.join(root, `work${i}`), ...BASE_ARGS, ...(opts.args ?? [])],
      { cwd: REPO, env: { PLATEAU_LOG_LEVEL: opts.logLevel ?? 'info' }, name: `master${i}:${ports[i]}`, tailLines: 400 },
    );
  const nodes: MasterNode[] = ports.map((port, index) => ({ index, port, address: `127.0.0.1:${port}`, proc: launch(index), down: false, paused: false }));
  const tails = (lines = 30) => nodes.map((n) => `--- master ${n.index} (${n.address})${n.down ? ' [down]' : ''} ---\n${n.proc.output().split('\n').slice(-lines).join('\n')}`).join('\n');
  const set: MasterSet = {
    nodes,
    addresses: nodes.map((n) => n.address).join(','),
    configFile,
    async leader(timeoutMs = 20_000, exclude) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const live = nodes.filter((n) => !n.down && !n.paused && n !== exclude);
        const answers = await Promise.all(live.map((n) => masterStatus(n.address)));
        const leading = live.filter((_, i) => answers[i]!.status === 200);
        if (leading.length === 1) return leading[0]!;
        if (leading.length > 1) throw new Error(`two masters serve as leader at once: ${leading.map((n) => n.address).join(', ')}\n${tails()}`);
        for (const n of live) if (n.proc.exitStatus) throw new Error(`master ${n.index} exited (${JSON.stringify(n.proc.exitStatus)})\n${tails(60)}`);
        if (Date.now() > deadline) throw new Error(`no master served as leader within ${timeoutMs} ms (answers: ${answers.map((a, i) => `${live[i]!.address}=${a.status}`).join(' ')})\n${tails()}`);
        await sleep(25);
      }
    },
    async kill(i) {
      const n = nodes[i]!;
      n.down = true;
      if (n.paused) process.kill(-n.proc.pid, 'SIGCONT');
      n.paused = false;
      await n.proc.stop('SIGKILL');
    },
    pause(i) {
      nodes[i]!.paused = true;
      process.kill(-nodes[i]!.proc.pid, 'SIGSTOP');
    },
    resume(i) {
      nodes[i]!.paused = false;
      process.kill(-nodes[i]!.proc.pid, 'SIGCONT');
    },
    async restart(i) {
      const n = nodes[i]!;
      if (!n.down) await set.kill(i);
      n.proc = launch(i);
      n.down = false;
      await n.proc.waitForLine(/master listening/, 20_000);
    },
    tails,
    async stop() {
      await Promise.all(
        nodes.map(async (n) => {
          if (n.paused) process.kill(-n.proc.pid, 'SIGCONT');
          await n.proc.stop('SIGKILL').catch(() => undefined);
        }),
      );
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
  try {
    await Promise.all(nodes.map((n) => n.proc.waitForLine(/master listening/, 20_000)));
    if (opts.waitLeader !== false) await set.leader();
  } catch (err) {
    await set.stop();
    throw err;
  }
  return set;
}

// No keep-alive: a paused master must not hold pooled sockets.
const pollAgent = new http.Agent({ keepAlive: false });

/** GET_MASTER on one master: 200 from the serving leader, 307 from a follower, 503 without a leader / while recovering, 0 when unreachable. */
export async function masterStatus(address: string, timeoutMs = 1000): Promise<{ status: number; location?: string; body: string }> {
  const call = request(address, 'POST', '/api/v1', { type: 'GET_MASTER' }, { Accept: 'application/json' }, pollAgent);
  const timeout = sleep(timeoutMs).then((): HttpResult => ({ status: 0, headers: {}, body: 'timeout' }));
  try {
    const r = await Promise.race([call, timeout]);
    return { status: r.status, location: r.headers.location as string | undefined, body: r.body };
  } catch (err) {
    return { status: 0, body: String(err) };
  }
}

/**
 * Subscribes a framework to whichever master leads: tries each address, follows a 307's
 * Location (`//host:port/...`), retries 503s and refused connections until `timeoutMs`.
 */
export async function subscribeToLeader(addresses: string[], frameworkInfo: Record<string, unknown>, opts: SubscribeOptions = {}, timeoutMs = 20_000): Promise<SchedulerClient> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (let i = 0; ; i++) {
    let target = addresses[i % addresses.length]!;
    for (let hops = 0; hops < 3; hops++) {
      try {
        return await SchedulerClient.subscribe(target, frameworkInfo, opts);
      } catch (err) {
        const e = err as Error & { status?: number; headers?: Record<string, string> };
        last = `${target}: ${e.message}`;
        const loc = e.status === 307 ? /^(?:https?:)?\/\/([^/]+)/.exec(String(e.headers?.location ?? '')) : null;
        if (!loc) break;
        target = loc[1]!;
      }
    }
    if (Date.now() > deadline) throw new Error(`no master accepted SUBSCRIBE within ${timeoutMs} ms; last: ${last}`);
    await sleep(50);
  }
}
