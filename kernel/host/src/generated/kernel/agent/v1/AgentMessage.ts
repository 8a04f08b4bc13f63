// Original file: agent.proto

import type { Register as _kernel_agent_v1_Register, Register__Output as _kernel_agent_v1_Register__Output } from '../../../kernel/agent/v1/Register';
import type { ReRegister as _kernel_agent_v1_ReRegister, ReRegister__Output as _kernel_agent_v1_ReRegister__Output } from '../../../kernel/agent/v1/ReRegister';
import type { StatusUpdate as _kernel_agent_v1_StatusUpdate, StatusUpdate__Output as _kernel_agent_v1_StatusUpdate__Output } from '../../../kernel/agent/v1/StatusUpdate';
import type { Pong as _kernel_agent_v1_Pong, Pong__Output as _kernel_agent_v1_Pong__Output } from '../../../kernel/agent/v1/Pong';
import type { ExecutorMessage as _kernel_agent_v1_ExecutorMessage, ExecutorMessage__Output as _kernel_agent_v1_ExecutorMessage__Output } from '../../../kernel/agent/v1/ExecutorMessage';

/**
 * AgentMessage is one message from an agent to the master.
 */
export interface AgentMessage {
  /**
   * First registration of an agent (or of an agent that lost its id).
   */
  'register'?: (_kernel_agent_v1_Register | null);
  /**
   * Registration of a known agent after a restart or a master failover.
   */
  'reregister'?: (_kernel_agent_v1_ReRegister | null);
  /**
   * A task status update, resent until the master acknowledges it.
   */
  'statusUpdate'?: (_kernel_agent_v1_StatusUpdate | null);
  /**
   * Answer to a Ping.
   */
  'pong'?: (_kernel_agent_v1_Pong | null);
  /**
   * A message from an executor to its framework.
   */
  'executorMessage'?: (_kernel_agent_v1_ExecutorMessage | null);
  /**
   * The message.
   */
  'message'?: "register"|"reregister"|"statusUpdate"|"pong"|"executorMessage";
}

/**
 * AgentMessage is one message from an agent to the master.
 */
export interface AgentMessage__Output {
  /**
   * First registration of an agent (or of an agent that lost its id).
   */
  'register'?: (_kernel_agent_v1_Register__Output | null);
  /**
   * Registration of a known agent after a restart or a master failover.
   */
  'reregister'?: (_kernel_agent_v1_ReRegister__Output | null);
  /**
   * A task status update, resent until the master acknowledges it.
   */
  'statusUpdate'?: (_kernel_agent_v1_StatusUpdate__Output | null);
  /**
   * Answer to a Ping.
   */
  'pong'?: (_kernel_agent_v1_Pong__Output | null);
  /**
   * A message from an executor to its framework.
   */
  'executorMessage'?: (_kernel_agent_v1_ExecutorMessage__Output | null);
  /**
   * The message.
   */
  'message'?: "register"|"reregister"|"statusUpdate"|"pong"|"executorMessage";
}
