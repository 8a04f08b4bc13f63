/**
 * Agent draining (Mesos 1.9's DRAIN_AGENT): a draining agent is deactivated (no offers), its
 * tasks are killed with `max_grace_period` as their kill policy's grace, and once none of its
 * tasks is left running it is DRAINED, then marked gone if `mark_gone` asked for it. Draining
 * picks up again when the agent re-registers (with this master or a new one).
 */
import { type DrainInfo, type DurationInfo, encodeMessage, KillPolicySchema } from '@plateau/mesos';
import { messageOf } from '@plateau/kernel';
import type { MasterContext } from '../context';
import { markAgentGone } from '../operator/gone';
import type { AgentRecord } from '../state/index';

/** How often a draining agent is checked for tasks left. */
const DRAIN_CHECK_MS = 100;

/** Kills the agent's running tasks with the drain's grace and watches it until DRAINED. */
export function continueDrain(m: MasterContext, agent: AgentRecord, info: DrainInfo, watches: Map<string, NodeJS.Timeout>): void {
  if (info.state !== 'DRAINING') return;
  const grace = info.config.max_grace_period;
  const killPolicyJson = grace === undefined ? '' : encodeMessage(KillPolicySchema, { grace_period: grace });
  for (const t of agent.tasks) {
    if (!t.terminal) agent.session?.send({ killTask: { frameworkId: t.framework.id, taskId: t.id, killPolicyJson } });
  }
  clearInterval(watches.get(agent.id));
  const timer = setInterval(
    m.guard('drain check', () => {
      if (!m.leading || m.state.agents.get(agent.id) !== agent) {
        clearInterval(timer);
        watches.delete(agent.id);
        return;
      }
      if ([...agent.tasks].some((t) => !t.terminal)) return;
      clearInterval(timer);
      watches.delete(agent.id);
      void drained(m, agent, info);
    }),
    DRAIN_CHECK_MS,
  );
  timer.unref();
  watches.set(agent.id, timer);
}

/** No task left: DRAINED (persisted), then gone if asked. */
async function drained(m: MasterContext, agent: AgentRecord, info: DrainInfo): Promise<void> {
  const store = m.maintenance.store;
  if (store.draining.get(agent.id) !== info) return;
  const done: DrainInfo = { state: 'DRAINED', config: info.config };
  store.draining.set(agent.id, done);
  agent.drainInfo = done;
  agent.invalidateViews();
  try {
    await store.save();
  } catch (err) {
    m.log.error({ agentId: agent.id, err: messageOf(err) }, 'could not persist that an agent is drained');
  }
  m.log.info({ agentId: agent.id, markGone: info.config.mark_gone === true }, 'agent drained');
  if (info.config.mark_gone === true && m.leading) {
    const a = await markAgentGone(m, agent.id);
    if (a.status !== 200) m.log.error({ agentId: agent.id, status: a.status, body: a.body }, 'a drained agent could not be marked gone');
  }
}

/** google.protobuf.Duration as a DurationInfo; undefined when negative. */
export function durationInfo(d: { seconds?: number | bigint; nanos?: number }): DurationInfo | undefined {
  const ns = BigInt(d.seconds ?? 0) * 1_000_000_000n + BigInt(d.nanos ?? 0);
  return ns < 0n ? undefined : { nanoseconds: ns };
}
