// Original file: kernel/hook/v1/hook.proto

import type { Resource as _kernel_container_v1_Resource, Resource__Output as _kernel_container_v1_Resource__Output } from '../../../kernel/container/v1/Resource';
import type { Attribute as _kernel_container_v1_Attribute, Attribute__Output as _kernel_container_v1_Attribute__Output } from '../../../kernel/container/v1/Attribute';

/**
 * AgentResourcesRequest describes an agent about to advertise its resources.
 */
export interface AgentResourcesRequest {
  /**
   * Mesos v1 AgentInfo JSON of this agent.
   */
  'agentInfoJson'?: (string);
  /**
   * The resources the agent will advertise so far.
   */
  'resources'?: (_kernel_container_v1_Resource)[];
  /**
   * The attributes the agent will advertise so far.
   */
  'attributes'?: (_kernel_container_v1_Attribute)[];
}

/**
 * AgentResourcesRequest describes an agent about to advertise its resources.
 */
export interface AgentResourcesRequest__Output {
  /**
   * Mesos v1 AgentInfo JSON of this agent.
   */
  'agentInfoJson': (string);
  /**
   * The resources the agent will advertise so far.
   */
  'resources': (_kernel_container_v1_Resource__Output)[];
  /**
   * The attributes the agent will advertise so far.
   */
  'attributes': (_kernel_container_v1_Attribute__Output)[];
}
