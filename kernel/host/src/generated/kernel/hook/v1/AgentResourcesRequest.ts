// Original file: kernel/hook/v1/hook.proto

import type { Resource as _kernel_container_v1_Resource, Resource__Output as _kernel_container_v1_Resource__Output } from '../../../kernel/container/v1/Resource';

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
}
