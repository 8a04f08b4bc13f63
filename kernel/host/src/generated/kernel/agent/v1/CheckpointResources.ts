// Original file: agent.proto


/**
 * CheckpointResources carries the whole set of an agent's checkpointed resources: its dynamic
 * reservations and persistent volumes, as the master's books have them after a RESERVE, UNRESERVE,
 * CREATE or DESTROY. The agent checkpoints the set, creates the directories of new volumes and
 * removes those of destroyed ones, and reports the set in its resources from then on.
 */
export interface CheckpointResources {
  /**
   * JSON array of Mesos v1 Resource (unallocated).
   */
  'resourcesJson'?: (string);
}

/**
 * CheckpointResources carries the whole set of an agent's checkpointed resources: its dynamic
 * reservations and persistent volumes, as the master's books have them after a RESERVE, UNRESERVE,
 * CREATE or DESTROY. The agent checkpoints the set, creates the directories of new volumes and
 * removes those of destroyed ones, and reports the set in its resources from then on.
 */
export interface CheckpointResources__Output {
  /**
   * JSON array of Mesos v1 Resource (unallocated).
   */
  'resourcesJson': (string);
}
