// Original file: kernel/contender/v1/contender.proto

import type { MasterInfo as _kernel_master_v1_MasterInfo, MasterInfo__Output as _kernel_master_v1_MasterInfo__Output } from '../../../kernel/master/v1/MasterInfo';

/**
 * ContendRequest enters a master into the election.
 */
export interface ContendRequest {
  /**
   * The contending master, advertised to detectors once it leads.
   */
  'masterInfo'?: (_kernel_master_v1_MasterInfo | null);
}

/**
 * ContendRequest enters a master into the election.
 */
export interface ContendRequest__Output {
  /**
   * The contending master, advertised to detectors once it leads.
   */
  'masterInfo': (_kernel_master_v1_MasterInfo__Output | null);
}
