// Original file: kernel/isolator/v1/isolator.proto


/**
 * CleanupResponse confirms everything is released.
 */
export interface CleanupResponse {
}

/**
 * CleanupResponse confirms everything is released.
 */
export interface CleanupResponse__Output {
}
