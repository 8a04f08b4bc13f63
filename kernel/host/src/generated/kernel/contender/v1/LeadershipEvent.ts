// Original file: kernel/contender/v1/contender.proto

import type { MasterInfo as _kernel_master_v1_MasterInfo, MasterInfo__Output as _kernel_master_v1_MasterInfo__Output } from '../../../kernel/master/v1/MasterInfo';

/**
 * LeadershipEvent reports a contending master's standing after a change.
 */
export interface LeadershipEvent {
  /**
   * Whether this master leads now.
   */
  'elected'?: (boolean);
  /**
   * Whether this master's candidacy is live; false means it was lost (session expired, node deleted).
   */
  'candidate'?: (boolean);
  /**
   * The current leader (this master or another); null when none is known.
   */
  'leader'?: (_kernel_master_v1_MasterInfo | null);
  /**
   * Why the standing changed, for logs ("elected", "session expired", ...).
   */
  'reason'?: (string);
  /**
   * While elected: how long, in ms from when this event is sent, the leadership is proven to hold
   * (the proof's age subtracted, a margin shorter than the session/lease TTL kept back). The
   * master accepts writes only until then, by its monotonic clock, unless a newer proof extends
   * it. 0 when not elected. Unset: the module does not prove leadership (writes are fenced only
   * by role and fencing_token).
   */
  'validForMs'?: (number);
  /**
   * While elected: names this leadership for the registry of the same module (ZooKeeper: the
   * election znode; etcd: the candidate key and its create revision; standalone: the lock file's
   * identity). The master passes it as Mutation.fencing_token. Empty when not elected.
   */
  'fencingToken'?: (string);
  /**
   * While elected: the same proof as a deadline on the machine's monotonic clock (CLOCK_MONOTONIC,
   * ms), with boot_id naming the boot of the machine it is on. A master whose own boot_id is the
   * same holds the proof until then at the latest, however long the event took to reach it (an
   * event that waited while the master's loop was busy extends nothing). Unset, or another
   * boot_id: valid_for_ms alone counts, from the event's arrival.
   */
  'validUntilMonotonicMs'?: (number | string);
  /**
   * proc/sys/kernel/random/boot_id of the machine the module runs on; empty when unknown.
   */
  'bootId'?: (string);
  '_validForMs'?: "validForMs";
  '_validUntilMonotonicMs'?: "validUntilMonotonicMs";
}

/**
 * LeadershipEvent reports a contending master's standing after a change.
 */
export interface LeadershipEvent__Output {
  /**
   * Whether this master leads now.
   */
  'elected': (boolean);
  /**
   * Whether this master's candidacy is live; false means it was lost (session expired, node deleted).
   */
  'candidate': (boolean);
  /**
   * The current leader (this master or another); null when none is known.
   */
  'leader': (_kernel_master_v1_MasterInfo__Output | null);
  /**
   * Why the standing changed, for logs ("elected", "session expired", ...).
   */
  'reason': (string);
  /**
   * While elected: how long, in ms from when this event is sent, the leadership is proven to hold
   * (the proof's age subtracted, a margin shorter than the session/lease TTL kept back). The
   * master accepts writes only until then, by its monotonic clock, unless a newer proof extends
   * it. 0 when not elected. Unset: the module does not prove leadership (writes are fenced only
   * by role and fencing_token).
   */
  'validForMs'?: (number);
  /**
   * While elected: names this leadership for the registry of the same module (ZooKeeper: the
   * election znode; etcd: the candidate key and its create revision; standalone: the lock file's
   * identity). The master passes it as Mutation.fencing_token. Empty when not elected.
   */
  'fencingToken': (string);
  /**
   * While elected: the same proof as a deadline on the machine's monotonic clock (CLOCK_MONOTONIC,
   * ms), with boot_id naming the boot of the machine it is on. A master whose own boot_id is the
   * same holds the proof until then at the latest, however long the event took to reach it (an
   * event that waited while the master's loop was busy extends nothing). Unset, or another
   * boot_id: valid_for_ms alone counts, from the event's arrival.
   */
  'validUntilMonotonicMs'?: (number);
  /**
   * proc/sys/kernel/random/boot_id of the machine the module runs on; empty when unknown.
   */
  'bootId': (string);
  '_validForMs'?: "validForMs";
  '_validUntilMonotonicMs'?: "validUntilMonotonicMs";
}
