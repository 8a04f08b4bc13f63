// Original file: kernel/detector/v1/detector.proto

import type { MasterInfo as _kernel_master_v1_MasterInfo, MasterInfo__Output as _kernel_master_v1_MasterInfo__Output } from '../../../kernel/master/v1/MasterInfo';

/**
 * LeaderInfo names the leading master.
 */
export interface LeaderInfo {
  /**
   * The leading master; null when no master leads.
   */
  'leader'?: (_kernel_master_v1_MasterInfo | null);
}

/**
 * LeaderInfo names the leading master.
 */
export interface LeaderInfo__Output {
  /**
   * The leading master; null when no master leads.
   */
  'leader': (_kernel_master_v1_MasterInfo__Output | null);
}
