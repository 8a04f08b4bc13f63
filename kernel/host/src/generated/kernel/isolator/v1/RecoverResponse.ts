// Original file: kernel/isolator/v1/isolator.proto


/**
 * RecoverResponse confirms recovery finished.
 */
export interface RecoverResponse {
}

/**
 * RecoverResponse confirms recovery finished.
 */
export interface RecoverResponse__Output {
}
