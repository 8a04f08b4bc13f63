/**
 * A pod's checkpoint: `<workDir>/meta/pods/<fid>/<eid>.json` names the executor container and the
 * task groups (each LAUNCH_GROUP's task ids, for the kill policy), so that an agent restarted
 * after kill -9 knows which tasks are whose and recovers the pod, or cleans it up.
 */
import { encodeMessage, type ExecutorInfo, ExecutorInfoSchema, parseMessage } from '@plateau/mesos';
import type { CheckpointStore } from '../checkpoint';
import { segment } from '../paths';

/** What is checkpointed of a pod. */
export interface PodRecord {
  frameworkId: string;
  executorId: string;
  executorInfo: ExecutorInfo;
  /** The executor container (top-level; the tasks are nested in it). */
  containerId: string;
  /** Task ids of each task group, in launch order. */
  groups: string[][];
}

interface PodJson {
  frameworkId: string;
  executorId: string;
  executorInfo: string;
  containerId: string;
  groups: string[][];
}

const where = (fid: string, eid: string) => ['pods', segment(fid), segment(eid)];

export function writePod(store: CheckpointStore, p: PodRecord): Promise<void> {
  const json: PodJson = { frameworkId: p.frameworkId, executorId: p.executorId, executorInfo: encodeMessage(ExecutorInfoSchema, p.executorInfo), containerId: p.containerId, groups: p.groups };
  return store.writeAsync(where(p.frameworkId, p.executorId), json);
}

export function removePod(store: CheckpointStore, frameworkId: string, executorId: string): Promise<void> {
  return store.removeAsync(where(frameworkId, executorId));
}

export function readPods(store: CheckpointStore): PodRecord[] {
  const out: PodRecord[] = [];
  for (const fw of store.folders(['pods'])) {
    for (const j of store.list<PodJson>(['pods', fw]).values()) {
      out.push({ frameworkId: j.frameworkId, executorId: j.executorId, executorInfo: parseMessage(ExecutorInfoSchema, j.executorInfo), containerId: j.containerId, groups: j.groups ?? [] });
    }
  }
  return out;
}
