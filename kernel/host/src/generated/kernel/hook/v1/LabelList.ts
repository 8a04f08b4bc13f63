// Original file: kernel/hook/v1/hook.proto

import type { Label as _kernel_container_v1_Label, Label__Output as _kernel_container_v1_Label__Output } from '../../../kernel/container/v1/Label';

/**
 * LabelList is a full replacement list of labels.
 */
export interface LabelList {
  /**
   * The labels.
   */
  'labels'?: (_kernel_container_v1_Label)[];
}

/**
 * LabelList is a full replacement list of labels.
 */
export interface LabelList__Output {
  /**
   * The labels.
   */
  'labels': (_kernel_container_v1_Label__Output)[];
}
