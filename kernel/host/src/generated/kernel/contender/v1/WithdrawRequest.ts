// Original file: kernel/contender/v1/contender.proto


/**
 * WithdrawRequest ends a master's candidacy.
 */
export interface WithdrawRequest {
  /**
   * Id of the master (MasterInfo.id) whose candidacy ends.
   */
  'masterId'?: (string);
}

/**
 * WithdrawRequest ends a master's candidacy.
 */
export interface WithdrawRequest__Output {
  /**
   * Id of the master (MasterInfo.id) whose candidacy ends.
   */
  'masterId': (string);
}
