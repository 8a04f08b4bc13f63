// Original file: kernel/module/v1/module.proto


export interface StopResponse {
}

export interface StopResponse__Output {
}
