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
}
