// Original file: kernel/module/v1/module.proto


export interface DescribeRequest {
}

export interface DescribeRequest__Output {
}
