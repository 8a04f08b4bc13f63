/**
 * SimFleet: many simulated agents in one process, for benchmarks and master tests only; it runs
 * no containers and must never stand in for a real agent. Agents share gRPC connections in
 * groups (each agent is its own stream), the way many agent links would arrive at a master
 * without the cost of one TCP connection per simulated agent.
 */
import { type ClientDuplexStream, credentials } from '@grpc/grpc-js';
import type { Resource } from '@plateau/mesos';
import { type AgentLinkClient, type AgentMessage, type MasterMessage__Output, serviceClient } from '@plateau/kernel';
import { SimAgent, type SimAgentStats } from './agent';

/** Settings of a fleet. */
export interface SimFleetOptions {
  /** Number of agents. */
  count: number;
  /** Master address `host:port` (its HTTP address; the agent link is on the same port), or several joined by commas (agents follow the leader). */
  master: string;
  /** cpus of each agent (default 8). */
  cpus?: number;
  /** mem of each agent, MB (default 16384). */
  mem?: number;
  /** disk of each agent, MB (default 100000). */
  disk?: number;
  /** Ports range of each agent (default [31000, 32000]). */
  ports?: [number, number];
  /** Milliseconds a task runs before TASK_FINISHED; undefined: until killed. */
  taskMs?: number;
  /** First resend delay of unacknowledged updates (default 10 s). */
  retryMs?: number;
  /** First reconnect delay of each agent, ms (doubles up to 1 minute; default 1 s). */
  reconnectMs?: number;
  /** Longest reconnect delay, ms (default 1 minute). */
  maxReconnectMs?: number;
  /** Drop a link the master is silent on for this long, ms (SimAgentOptions.silenceMs; default 75 s). */
  silenceMs?: number;
  /** Agents per gRPC connection (default 100). */
  agentsPerConnection?: number;
  /** Hostname prefix (default `sim-agent-`); agents are `<prefix><index>`. */
  hostnamePrefix?: string;
}

/** The v1 resources of a simulated agent. */
export function simResources(o: Pick<SimFleetOptions, 'cpus' | 'mem' | 'disk' | 'ports'>): Resource[] {
  const [begin, end] = o.ports ?? [31000, 32000];
  return [
    { name: 'cpus', type: 'SCALAR', scalar: { value: o.cpus ?? 8 } },
    { name: 'mem', type: 'SCALAR', scalar: { value: o.mem ?? 16384 } },
    { name: 'disk', type: 'SCALAR', scalar: { value: o.disk ?? 100_000 } },
    { name: 'ports', type: 'RANGES', ranges: { range: [{ begin, end }] } },
  ];
}

/** SimFleet: a set of simulated agents. */
export class SimFleet {
  readonly agents: SimAgent[] = [];
  private readonly clients = new Map<string, AgentLinkClient>();

  constructor(readonly opts: SimFleetOptions) {
    const resources = simResources(opts);
    const perConn = Math.max(1, opts.agentsPerConnection ?? 100);
    const prefix = opts.hostnamePrefix ?? 'sim-agent-';
    for (let i = 0; i < opts.count; i++) {
      const group = Math.floor(i / perConn);
      this.agents.push(
        new SimAgent(
          { master: opts.master, hostname: `${prefix}${i}`, port: 5051, resources, taskMs: opts.taskMs, retryMs: opts.retryMs, reconnectMs: opts.reconnectMs, maxReconnectMs: opts.maxReconnectMs, silenceMs: opts.silenceMs },
          (address) => this.open(address, group),
        ),
      );
    }
  }

  /** Starts every agent. */
  start(): void {
    for (const a of this.agents) a.start();
  }

  /** Resolves once every agent is registered; rejects after `timeoutMs`. */
  async waitRegistered(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const n = this.registeredCount();
      if (n === this.agents.length) return;
      if (Date.now() > deadline) throw new Error(`only ${n} of ${this.agents.length} simulated agents registered within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Agents registered right now. */
  registeredCount(): number {
    let n = 0;
    for (const a of this.agents) if (a.registered) n++;
    return n;
  }

  /** Counters summed over the fleet. */
  stats(): SimAgentStats & { tasks: number } {
    const s = { launched: 0, updatesSent: 0, updatesResent: 0, acks: 0, tasks: 0 };
    for (const a of this.agents) {
      s.launched += a.stats.launched;
      s.updatesSent += a.stats.updatesSent;
      s.updatesResent += a.stats.updatesResent;
      s.acks += a.stats.acks;
      s.tasks += a.taskCount;
    }
    return s;
  }

  /** Stops every agent and closes the connections. */
  stop(): void {
    for (const a of this.agents) a.stop();
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }

  private open(address: string, group: number): ClientDuplexStream<AgentMessage, MasterMessage__Output> {
    const k = `${address}#${group}`;
    let client = this.clients.get(k);
    if (client === undefined) {
      const Ctor = serviceClient('kernel.agent.v1.AgentLink');
      client = new Ctor(address, credentials.createInsecure(), {
        'grpc.use_local_subchannel_pool': 1,
        'grpc.max_receive_message_length': 64 * 1024 * 1024,
        'grpc.enable_channelz': 0, // per-stream bookkeeping nothing reads
        'grpc.initial_reconnect_backoff_ms': 200,
        'grpc.max_reconnect_backoff_ms': 2000,
      }) as unknown as AgentLinkClient;
      this.clients.set(k, client);
    }
    return client.Connect();
  }
}
