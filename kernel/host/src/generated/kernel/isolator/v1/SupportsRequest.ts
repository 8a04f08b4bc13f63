// Original file: kernel/isolator/v1/isolator.proto


/**
 * SupportsRequest asks what this isolator provides; it carries nothing.
 */
export interface SupportsRequest {
}

/**
 * SupportsRequest asks what this isolator provides; it carries nothing.
 */
export interface SupportsRequest__Output {
}
