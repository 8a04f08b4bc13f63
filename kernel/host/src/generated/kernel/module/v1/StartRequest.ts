// Original file: kernel/module/v1/module.proto


export interface StartRequest {
}

export interface StartRequest__Output {
}
