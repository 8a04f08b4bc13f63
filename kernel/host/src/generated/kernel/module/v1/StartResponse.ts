// Original file: kernel/module/v1/module.proto


export interface StartResponse {
}

export interface StartResponse__Output {
}
