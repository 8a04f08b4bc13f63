import * as fs from 'node:fs';
import type { StartedProcess } from './proc';

// The process side of a real coordination service started by tests (test/helpers/zookeeper.ts,
// test/helpers/etcd.ts): one process group per node, kill -9 / restart on the same ports and
// data / SIGSTOP / SIGCONT of a node, a bounded wait until every running node is ready (failing
// with the nodes' output tails), and stop (every node killed, the data removed).

/** What a service's nodes share: its helper passes how to launch and probe one node. */
export interface ServiceNodesSpec<S> {
  /** One entry per node, in node order. */
  specs: S[];
  /** Starts node `spec` (its own process group). */
  launch: (spec: S) => StartedProcess;
  /** Whether node i is ready (serves requests). */
  ready: (i: number) => Promise<boolean>;
  /** Default time to wait for readiness, ms. */
  readyTimeoutMs: number;
  /** The temp directory of all nodes (removed by stop). */
  root: string;
  /** Texts of the failure messages. */
  text: {
    /** `zookeeper node 1`: a node in "exited before ..." messages. */
    node: (i: number) => string;
    /** `serving`: what a node that exited never reached. */
    exitedBefore: string;
    /** `zookeeper did not serve`: the service not ready in time. */
    notReady: string;
    /** `nodes serving`: the label of the per-node readiness list, and each node's tag in it. */
    readyList: string;
    readyTag: (i: number) => string;
    /** `zookeeper node 1 (port 2181)`: the header of a node's output tail. */
    header: (i: number) => string;
  };
}

/** The operations on a service's nodes. */
export interface ServiceNodes {
  /** The node processes (an entry is replaced on restart). */
  readonly procs: StartedProcess[];
  /** SIGKILLs node i (its data dir stays, for restart). */
  kill(i: number): Promise<void>;
  /** Starts node i again on its old ports and data, and waits until the service is ready. */
  restart(i: number): Promise<void>;
  /** SIGSTOPs node i. */
  pause(i: number): void;
  /** SIGCONTs node i. */
  resume(i: number): void;
  /** Waits until every running node is ready. */
  ready(timeoutMs?: number): Promise<void>;
  /** Stops every node and removes the data. */
  stop(): Promise<void>;
  /** Lets this process exit while the service runs; it is then killed at exit (test/helpers/proc). */
  unref(): void;
}

/** Launches every node and returns their operations (not waiting for readiness). */
export function serviceNodes<S>(o: ServiceNodesSpec<S>): ServiceNodes {
  const procs: StartedProcess[] = o.specs.map(o.launch);
  const down = new Set<number>();
  const paused = new Set<number>();
  let unrefed = false;

  const ready = async (timeoutMs = o.readyTimeoutMs) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const running = o.specs.map((_, i) => i).filter((i) => !down.has(i) && !paused.has(i));
      for (const i of running) {
        if (procs[i]!.exitStatus) {
          throw new Error(`${o.text.node(i)} exited before ${o.text.exitedBefore} (status ${JSON.stringify(procs[i]!.exitStatus)}):\n${procs[i]!.output().split('\n').slice(-40).join('\n')}`);
        }
      }
      const ok = await Promise.all(running.map(o.ready));
      if (ok.every(Boolean)) return;
      if (Date.now() > deadline) {
        const tails = running.map((i) => `--- ${o.text.header(i)} ---\n${procs[i]!.output().split('\n').slice(-40).join('\n')}`);
        throw new Error(`${o.text.notReady} within ${timeoutMs} ms (${o.text.readyList}: ${ok.map((x, j) => `${o.text.readyTag(running[j]!)}:${x}`).join(' ')})\n${tails.join('\n')}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const nodes: ServiceNodes = {
    procs,
    async kill(i) {
      down.add(i);
      paused.delete(i);
      await procs[i]!.stop('SIGKILL');
    },
    async restart(i) {
      if (!down.has(i)) await nodes.kill(i);
      procs[i] = o.launch(o.specs[i]!);
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
      fs.rmSync(o.root, { recursive: true, force: true });
    },
  };
  return nodes;
}

function unrefProcess(p: StartedProcess): void {
  p.child.unref();
  for (const s of [p.child.stdout, p.child.stderr]) (s as { unref?: () => void } | null)?.unref?.();
}
