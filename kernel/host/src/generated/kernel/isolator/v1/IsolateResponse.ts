// Original file: kernel/isolator/v1/isolator.proto


/**
 * IsolateResponse confirms the process is isolated.
 */
export interface IsolateResponse {
}

/**
 * IsolateResponse confirms the process is isolated.
 */
export interface IsolateResponse__Output {
}
