// Original file: kernel/launcher/v1/launcher.proto


/**
 * StartResponse confirms the command is running.
 */
export interface StartResponse {
}

/**
 * StartResponse confirms the command is running.
 */
export interface StartResponse__Output {
}
