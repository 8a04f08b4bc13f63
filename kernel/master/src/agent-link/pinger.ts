/**
 * AgentPinger: every ping period, each reachable agent that sent nothing since the last round
 * misses a ping; at `max` misses in a row it is marked unreachable. Then it is pinged again.
 * One sweep over all agents per period, instead of a timer per agent.
 */
import { markUnreachable } from '../agents';
import type { MasterContext } from '../context';

/** AgentPinger: liveness of agents. */
export class AgentPinger {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly m: MasterContext,
    private readonly periodMs: number,
    private readonly max: number,
  ) {}

  /** Starts the sweeps. */
  start(): void {
    this.stop();
    this.timer = setInterval(this.m.guard('agent pings', () => this.sweep()), this.periodMs);
    this.timer.unref();
  }

  /** Stops them. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private sweep(): void {
    for (const agent of [...this.m.state.agents.values()]) {
      if (agent.unreachableTime !== undefined) continue;
      if (agent.heardFrom) agent.missedPings = 0;
      else if (++agent.missedPings >= this.max) {
        markUnreachable(this.m, agent, `missed ${agent.missedPings} pings`);
        continue;
      }
      agent.heardFrom = false;
      agent.session?.send({ ping: { connected: agent.session !== null } });
    }
  }
}
