// Original file: kernel/provisioner/v1/provisioner.proto


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
