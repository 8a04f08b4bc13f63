// Original file: kernel/isolator/v1/isolator.proto


/**
 * UpdateResponse confirms the update.
 */
export interface UpdateResponse {
}

/**
 * UpdateResponse confirms the update.
 */
export interface UpdateResponse__Output {
}
