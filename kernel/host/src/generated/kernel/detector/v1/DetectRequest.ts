// Original file: kernel/detector/v1/detector.proto


/**
 * DetectRequest starts watching the leader; it has no parameters.
 */
export interface DetectRequest {
}

/**
 * DetectRequest starts watching the leader; it has no parameters.
 */
export interface DetectRequest__Output {
}
