// Original file: kernel/launcher/v1/launcher.proto


/**
 * DestroyResponse confirms the container is gone.
 */
export interface DestroyResponse {
}

/**
 * DestroyResponse confirms the container is gone.
 */
export interface DestroyResponse__Output {
}
