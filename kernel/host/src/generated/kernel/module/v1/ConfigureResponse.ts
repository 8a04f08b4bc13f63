// Original file: kernel/module/v1/module.proto


export interface ConfigureResponse {
}

export interface ConfigureResponse__Output {
}
