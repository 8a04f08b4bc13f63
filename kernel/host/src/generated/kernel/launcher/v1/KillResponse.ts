// Original file: kernel/launcher/v1/launcher.proto


/**
 * KillResponse confirms the signal was sent.
 */
export interface KillResponse {
}

/**
 * KillResponse confirms the signal was sent.
 */
export interface KillResponse__Output {
}
