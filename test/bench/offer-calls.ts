/**
 * The scheduler call a benchmark framework answers an offer with: LAUNCH `n` small `sleep` tasks
 * on the offer's agent, or DECLINE it for a day when nothing is left to launch (so it is not
 * offered again during the run).
 */
export function launchOrDecline(offer: { id: unknown; agent_id: unknown }, n: number, nextTaskId: () => string): { type: string; [k: string]: unknown } {
  const oneDay = { refuse_seconds: 86_400 };
  if (n <= 0) return { type: 'DECLINE', decline: { offer_ids: [offer.id], filters: oneDay } };
  const taskInfos = Array.from({ length: n }, () => {
    const id = nextTaskId();
    return {
      name: id,
      task_id: { value: id },
      agent_id: offer.agent_id,
      resources: [
        { name: 'cpus', type: 'SCALAR', scalar: { value: 0.1 } },
        { name: 'mem', type: 'SCALAR', scalar: { value: 32 } },
      ],
      command: { value: 'sleep 3600' },
    };
  });
  // What is left of each agent is not needed again.
  return { type: 'ACCEPT', accept: { offer_ids: [offer.id], operations: [{ type: 'LAUNCH', launch: { task_infos: taskInfos } }], filters: oneDay } };
}
