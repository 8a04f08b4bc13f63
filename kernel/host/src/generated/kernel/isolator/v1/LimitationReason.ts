// Original file: kernel/isolator/v1/isolator.proto

/**
 * LimitationReason says which limit a container hit (Mesos TaskStatus.Reason names).
 */
export const LimitationReason = {
  /**
   * Not set; read as REASON_CONTAINER_LIMITATION.
   */
  REASON_UNSPECIFIED: 'REASON_UNSPECIFIED',
  /**
   * A limit other than memory or disk (e.g. undeclared ports).
   */
  REASON_CONTAINER_LIMITATION: 'REASON_CONTAINER_LIMITATION',
  /**
   * The sandbox exceeded its disk quota.
   */
  REASON_CONTAINER_LIMITATION_DISK: 'REASON_CONTAINER_LIMITATION_DISK',
  /**
   * The container ran out of memory (OOM).
   */
  REASON_CONTAINER_LIMITATION_MEMORY: 'REASON_CONTAINER_LIMITATION_MEMORY',
} as const;

/**
 * LimitationReason says which limit a container hit (Mesos TaskStatus.Reason names).
 */
export type LimitationReason =
  /**
   * Not set; read as REASON_CONTAINER_LIMITATION.
   */
  | 'REASON_UNSPECIFIED'
  | 0
  /**
   * A limit other than memory or disk (e.g. undeclared ports).
   */
  | 'REASON_CONTAINER_LIMITATION'
  | 1
  /**
   * The sandbox exceeded its disk quota.
   */
  | 'REASON_CONTAINER_LIMITATION_DISK'
  | 2
  /**
   * The container ran out of memory (OOM).
   */
  | 'REASON_CONTAINER_LIMITATION_MEMORY'
  | 3

/**
 * LimitationReason says which limit a container hit (Mesos TaskStatus.Reason names).
 */
export type LimitationReason__Output = typeof LimitationReason[keyof typeof LimitationReason]
