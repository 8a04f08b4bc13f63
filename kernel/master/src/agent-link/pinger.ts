/**
 * AgentPinger: every ping period, each reachable agent that sent nothing since the last round
 * misses a ping; at `max` misses in a row it is marked unreachable. Then it is pinged again.
 * One sweep over all agents per period, instead of a timer per agent, done in slices (pinging
 * 20,000 agents at once holds the event loop for over 100 ms).
 */
import { messageOf } from '@plateau/kernel';
import { markUnreachable } from '../agents';
import type { MasterContext } from '../context';
import { sliced } from '../views/slices';

/** AgentPinger: liveness of agents. */
export class AgentPinger {
  private timer: NodeJS.Timeout | undefined;
  /** A sweep is still going. */
  private sweeping = false;

  constructor(
    private readonly m: MasterContext,
    private readonly periodMs: number,
    private readonly max: number,
  ) {}

  /** Starts the sweeps. */
  start(): void {
    this.stop();
    this.timer = setInterval(() => {
      this.sweep().catch((err: unknown) => this.m.log.error({ err: messageOf(err), stack: (err as Error)?.stack }, 'agent pings failed'));
    }, this.periodMs);
    this.timer.unref();
  }

  /** Stops them. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    const timer = this.timer;
    try {
      await sliced([...this.m.state.agents.values()], (agent) => {
        // Stopped (leadership lost) or started again since this sweep began.
        if (this.timer !== timer || agent.unreachableTime !== undefined) return;
        if (agent.heardFrom) agent.missedPings = 0;
        else if (++agent.missedPings >= this.max) {
          markUnreachable(this.m, agent, `missed ${agent.missedPings} pings`);
          return;
        }
        agent.heardFrom = false;
        agent.session?.send({ ping: { connected: agent.session !== null } });
      });
    } finally {
      this.sweeping = false;
    }
  }
}
