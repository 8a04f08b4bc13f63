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
  '_validForMs'?: "validForMs";
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
  '_validForMs'?: "validForMs";
}
