// Original file: kernel/launcher/v1/launcher.proto


/**
 * ExecInputResponse acknowledges ExecInput.
 */
export interface ExecInputResponse {
}

/**
 * ExecInputResponse acknowledges ExecInput.
 */
export interface ExecInputResponse__Output {
}
