// Original file: agent.proto

import type { Registered as _kernel_agent_v1_Registered, Registered__Output as _kernel_agent_v1_Registered__Output } from '../../../kernel/agent/v1/Registered';
import type { ReRegistered as _kernel_agent_v1_ReRegistered, ReRegistered__Output as _kernel_agent_v1_ReRegistered__Output } from '../../../kernel/agent/v1/ReRegistered';
import type { RunTask as _kernel_agent_v1_RunTask, RunTask__Output as _kernel_agent_v1_RunTask__Output } from '../../../kernel/agent/v1/RunTask';
import type { RunTaskGroup as _kernel_agent_v1_RunTaskGroup, RunTaskGroup__Output as _kernel_agent_v1_RunTaskGroup__Output } from '../../../kernel/agent/v1/RunTaskGroup';
import type { KillTask as _kernel_agent_v1_KillTask, KillTask__Output as _kernel_agent_v1_KillTask__Output } from '../../../kernel/agent/v1/KillTask';
import type { ShutdownFramework as _kernel_agent_v1_ShutdownFramework, ShutdownFramework__Output as _kernel_agent_v1_ShutdownFramework__Output } from '../../../kernel/agent/v1/ShutdownFramework';
import type { StatusUpdateAck as _kernel_agent_v1_StatusUpdateAck, StatusUpdateAck__Output as _kernel_agent_v1_StatusUpdateAck__Output } from '../../../kernel/agent/v1/StatusUpdateAck';
import type { Ping as _kernel_agent_v1_Ping, Ping__Output as _kernel_agent_v1_Ping__Output } from '../../../kernel/agent/v1/Ping';
import type { FrameworkMessage as _kernel_agent_v1_FrameworkMessage, FrameworkMessage__Output as _kernel_agent_v1_FrameworkMessage__Output } from '../../../kernel/agent/v1/FrameworkMessage';
import type { ShutdownAgent as _kernel_agent_v1_ShutdownAgent, ShutdownAgent__Output as _kernel_agent_v1_ShutdownAgent__Output } from '../../../kernel/agent/v1/ShutdownAgent';
import type { ShutdownExecutor as _kernel_agent_v1_ShutdownExecutor, ShutdownExecutor__Output as _kernel_agent_v1_ShutdownExecutor__Output } from '../../../kernel/agent/v1/ShutdownExecutor';
import type { CheckpointResources as _kernel_agent_v1_CheckpointResources, CheckpointResources__Output as _kernel_agent_v1_CheckpointResources__Output } from '../../../kernel/agent/v1/CheckpointResources';

/**
 * MasterMessage is one message from the master to an agent.
 */
export interface MasterMessage {
  /**
   * The agent is registered under an id.
   */
  'registered'?: (_kernel_agent_v1_Registered | null);
  /**
   * The agent is registered again under its id.
   */
  'reregistered'?: (_kernel_agent_v1_ReRegistered | null);
  /**
   * Run a task (command task or task of a custom executor).
   */
  'runTask'?: (_kernel_agent_v1_RunTask | null);
  /**
   * Run a group of tasks under the default executor.
   */
  'runTaskGroup'?: (_kernel_agent_v1_RunTaskGroup | null);
  /**
   * Kill a task.
   */
  'killTask'?: (_kernel_agent_v1_KillTask | null);
  /**
   * Shut down every executor and task of a framework.
   */
  'shutdownFramework'?: (_kernel_agent_v1_ShutdownFramework | null);
  /**
   * The framework acknowledged a status update.
   */
  'statusUpdateAck'?: (_kernel_agent_v1_StatusUpdateAck | null);
  /**
   * Liveness check; the agent answers Pong.
   */
  'ping'?: (_kernel_agent_v1_Ping | null);
  /**
   * A message from a framework to one of its executors.
   */
  'frameworkMessage'?: (_kernel_agent_v1_FrameworkMessage | null);
  /**
   * The master refuses the agent (e.g. it was marked gone); the agent must shut down.
   */
  'shutdownAgent'?: (_kernel_agent_v1_ShutdownAgent | null);
  /**
   * Shut down one executor of a framework; its tasks end as the executor's shutdown ends them.
   */
  'shutdownExecutor'?: (_kernel_agent_v1_ShutdownExecutor | null);
  /**
   * The agent's checkpointed resources changed (Mesos CheckpointResourcesMessage).
   */
  'checkpointResources'?: (_kernel_agent_v1_CheckpointResources | null);
  /**
   * The message.
   */
  'message'?: "registered"|"reregistered"|"runTask"|"runTaskGroup"|"killTask"|"shutdownFramework"|"statusUpdateAck"|"ping"|"frameworkMessage"|"shutdownAgent"|"checkpointResources"|"shutdownExecutor";
}

/**
 * MasterMessage is one message from the master to an agent.
 */
export interface MasterMessage__Output {
  /**
   * The agent is registered under an id.
   */
  'registered'?: (_kernel_agent_v1_Registered__Output | null);
  /**
   * The agent is registered again under its id.
   */
  'reregistered'?: (_kernel_agent_v1_ReRegistered__Output | null);
  /**
   * Run a task (command task or task of a custom executor).
   */
  'runTask'?: (_kernel_agent_v1_RunTask__Output | null);
  /**
   * Run a group of tasks under the default executor.
   */
  'runTaskGroup'?: (_kernel_agent_v1_RunTaskGroup__Output | null);
  /**
   * Kill a task.
   */
  'killTask'?: (_kernel_agent_v1_KillTask__Output | null);
  /**
   * Shut down every executor and task of a framework.
   */
  'shutdownFramework'?: (_kernel_agent_v1_ShutdownFramework__Output | null);
  /**
   * The framework acknowledged a status update.
   */
  'statusUpdateAck'?: (_kernel_agent_v1_StatusUpdateAck__Output | null);
  /**
   * Liveness check; the agent answers Pong.
   */
  'ping'?: (_kernel_agent_v1_Ping__Output | null);
  /**
   * A message from a framework to one of its executors.
   */
  'frameworkMessage'?: (_kernel_agent_v1_FrameworkMessage__Output | null);
  /**
   * The master refuses the agent (e.g. it was marked gone); the agent must shut down.
   */
  'shutdownAgent'?: (_kernel_agent_v1_ShutdownAgent__Output | null);
  /**
   * Shut down one executor of a framework; its tasks end as the executor's shutdown ends them.
   */
  'shutdownExecutor'?: (_kernel_agent_v1_ShutdownExecutor__Output | null);
  /**
   * The agent's checkpointed resources changed (Mesos CheckpointResourcesMessage).
   */
  'checkpointResources'?: (_kernel_agent_v1_CheckpointResources__Output | null);
  /**
   * The message.
   */
  'message'?: "registered"|"reregistered"|"runTask"|"runTaskGroup"|"killTask"|"shutdownFramework"|"statusUpdateAck"|"ping"|"frameworkMessage"|"shutdownAgent"|"checkpointResources"|"shutdownExecutor";
}
