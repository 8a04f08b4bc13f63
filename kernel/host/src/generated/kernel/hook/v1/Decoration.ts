// Original file: kernel/hook/v1/hook.proto

import type { LabelList as _kernel_hook_v1_LabelList, LabelList__Output as _kernel_hook_v1_LabelList__Output } from '../../../kernel/hook/v1/LabelList';
import type { Environment as _kernel_hook_v1_Environment, Environment__Output as _kernel_hook_v1_Environment__Output } from '../../../kernel/hook/v1/Environment';
import type { ResourceList as _kernel_hook_v1_ResourceList, ResourceList__Output as _kernel_hook_v1_ResourceList__Output } from '../../../kernel/hook/v1/ResourceList';
import type { AttributeList as _kernel_hook_v1_AttributeList, AttributeList__Output as _kernel_hook_v1_AttributeList__Output } from '../../../kernel/hook/v1/AttributeList';

/**
 * Decoration is a hook's answer: each field set replaces that field; null leaves it unchanged.
 * Each call honours only the fields named in its comment on the Hook service.
 */
export interface Decoration {
  /**
   * Replacement labels; null keeps the labels.
   */
  'labels'?: (_kernel_hook_v1_LabelList | null);
  /**
   * Replacement environment; null keeps the environment.
   */
  'environment'?: (_kernel_hook_v1_Environment | null);
  /**
   * Replacement resources; null keeps the resources.
   */
  'resources'?: (_kernel_hook_v1_ResourceList | null);
  /**
   * Replacement attributes; null keeps the attributes.
   */
  'attributes'?: (_kernel_hook_v1_AttributeList | null);
}

/**
 * Decoration is a hook's answer: each field set replaces that field; null leaves it unchanged.
 * Each call honours only the fields named in its comment on the Hook service.
 */
export interface Decoration__Output {
  /**
   * Replacement labels; null keeps the labels.
   */
  'labels': (_kernel_hook_v1_LabelList__Output | null);
  /**
   * Replacement environment; null keeps the environment.
   */
  'environment': (_kernel_hook_v1_Environment__Output | null);
  /**
   * Replacement resources; null keeps the resources.
   */
  'resources': (_kernel_hook_v1_ResourceList__Output | null);
  /**
   * Replacement attributes; null keeps the attributes.
   */
  'attributes': (_kernel_hook_v1_AttributeList__Output | null);
}
