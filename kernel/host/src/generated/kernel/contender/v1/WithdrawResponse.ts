// Original file: kernel/contender/v1/contender.proto


/**
 * WithdrawResponse confirms the candidacy ended.
 */
export interface WithdrawResponse {
}

/**
 * WithdrawResponse confirms the candidacy ended.
 */
export interface WithdrawResponse__Output {
}
