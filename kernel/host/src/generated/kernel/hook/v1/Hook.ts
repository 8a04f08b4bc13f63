// Original file: kernel/hook/v1/hook.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AgentPreLaunchRequest as _kernel_hook_v1_AgentPreLaunchRequest, AgentPreLaunchRequest__Output as _kernel_hook_v1_AgentPreLaunchRequest__Output } from '../../../kernel/hook/v1/AgentPreLaunchRequest';
import type { AgentRemoveExecutorRequest as _kernel_hook_v1_AgentRemoveExecutorRequest, AgentRemoveExecutorRequest__Output as _kernel_hook_v1_AgentRemoveExecutorRequest__Output } from '../../../kernel/hook/v1/AgentRemoveExecutorRequest';
import type { AgentResourcesRequest as _kernel_hook_v1_AgentResourcesRequest, AgentResourcesRequest__Output as _kernel_hook_v1_AgentResourcesRequest__Output } from '../../../kernel/hook/v1/AgentResourcesRequest';
import type { AgentRunTaskRequest as _kernel_hook_v1_AgentRunTaskRequest, AgentRunTaskRequest__Output as _kernel_hook_v1_AgentRunTaskRequest__Output } from '../../../kernel/hook/v1/AgentRunTaskRequest';
import type { AgentTaskStatusRequest as _kernel_hook_v1_AgentTaskStatusRequest, AgentTaskStatusRequest__Output as _kernel_hook_v1_AgentTaskStatusRequest__Output } from '../../../kernel/hook/v1/AgentTaskStatusRequest';
import type { Decoration as _kernel_hook_v1_Decoration, Decoration__Output as _kernel_hook_v1_Decoration__Output } from '../../../kernel/hook/v1/Decoration';
import type { MasterLaunchTaskRequest as _kernel_hook_v1_MasterLaunchTaskRequest, MasterLaunchTaskRequest__Output as _kernel_hook_v1_MasterLaunchTaskRequest__Output } from '../../../kernel/hook/v1/MasterLaunchTaskRequest';

/**
 * Hook is served by hook modules. A hook that has nothing to say for a call answers an empty
 * Decoration; a hook that does not implement a call answers PLT_ERR_UNSUPPORTED and is passed
 * over. A failing (or timed out) hook is logged and skipped, the value kept as it was before it,
 * except AgentPreLaunch, whose failure fails the task with a reason naming the hook. Each call
 * has a deadline (5 s by default, HOOK_TIMEOUT_MS); a hook past it counts as failed.
 */
export interface HookClient extends grpc.Client {
  /**
   * AgentPreLaunch runs on the agent before a container launches; may replace the container's
   * environment. Its failure fails the launch (TASK_FAILED, the reason names the hook).
   */
  AgentPreLaunch(argument: _kernel_hook_v1_AgentPreLaunchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  AgentPreLaunch(argument: _kernel_hook_v1_AgentPreLaunchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  AgentPreLaunch(argument: _kernel_hook_v1_AgentPreLaunchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  AgentPreLaunch(argument: _kernel_hook_v1_AgentPreLaunchRequest, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  /**
   * AgentPreLaunch runs on the agent before a container launches; may replace the container's
   * environment. Its failure fails the launch (TASK_FAILED, the reason names the hook).
   */
  agentPreLaunch(argument: _kernel_hook_v1_AgentPreLaunchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  agentPreLaunch(argument: _kernel_hook_v1_AgentPreLaunchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  agentPreLaunch(argument: _kernel_hook_v1_AgentPreLaunchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  agentPreLaunch(argument: _kernel_hook_v1_AgentPreLaunchRequest, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  
  /**
   * AgentRemoveExecutor runs on the agent after an executor's container exited and was removed
   * (command tasks included); its answer is ignored and its failure only logged.
   */
  AgentRemoveExecutor(argument: _kernel_hook_v1_AgentRemoveExecutorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  AgentRemoveExecutor(argument: _kernel_hook_v1_AgentRemoveExecutorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  AgentRemoveExecutor(argument: _kernel_hook_v1_AgentRemoveExecutorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  AgentRemoveExecutor(argument: _kernel_hook_v1_AgentRemoveExecutorRequest, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  /**
   * AgentRemoveExecutor runs on the agent after an executor's container exited and was removed
   * (command tasks included); its answer is ignored and its failure only logged.
   */
  agentRemoveExecutor(argument: _kernel_hook_v1_AgentRemoveExecutorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  agentRemoveExecutor(argument: _kernel_hook_v1_AgentRemoveExecutorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  agentRemoveExecutor(argument: _kernel_hook_v1_AgentRemoveExecutorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  agentRemoveExecutor(argument: _kernel_hook_v1_AgentRemoveExecutorRequest, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  
  /**
   * AgentResources runs once at agent start; may replace the resources and the attributes the
   * agent advertises.
   */
  AgentResources(argument: _kernel_hook_v1_AgentResourcesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  AgentResources(argument: _kernel_hook_v1_AgentResourcesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  AgentResources(argument: _kernel_hook_v1_AgentResourcesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  AgentResources(argument: _kernel_hook_v1_AgentResourcesRequest, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  /**
   * AgentResources runs once at agent start; may replace the resources and the attributes the
   * agent advertises.
   */
  agentResources(argument: _kernel_hook_v1_AgentResourcesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  agentResources(argument: _kernel_hook_v1_AgentResourcesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  agentResources(argument: _kernel_hook_v1_AgentResourcesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  agentResources(argument: _kernel_hook_v1_AgentResourcesRequest, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  
  /**
   * AgentRunTask runs on the agent when it receives a task, before anything else sees it; may
   * replace the task's labels and the environment of its command (command tasks) or of its
   * executor's command (Mesos slaveRunTaskLabelDecorator and slaveExecutorEnvironmentDecorator).
   */
  AgentRunTask(argument: _kernel_hook_v1_AgentRunTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  AgentRunTask(argument: _kernel_hook_v1_AgentRunTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  AgentRunTask(argument: _kernel_hook_v1_AgentRunTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  AgentRunTask(argument: _kernel_hook_v1_AgentRunTaskRequest, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  /**
   * AgentRunTask runs on the agent when it receives a task, before anything else sees it; may
   * replace the task's labels and the environment of its command (command tasks) or of its
   * executor's command (Mesos slaveRunTaskLabelDecorator and slaveExecutorEnvironmentDecorator).
   */
  agentRunTask(argument: _kernel_hook_v1_AgentRunTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  agentRunTask(argument: _kernel_hook_v1_AgentRunTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  agentRunTask(argument: _kernel_hook_v1_AgentRunTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  agentRunTask(argument: _kernel_hook_v1_AgentRunTaskRequest, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  
  /**
   * AgentTaskStatus runs on the agent for each status update it sends; may replace the status labels.
   */
  AgentTaskStatus(argument: _kernel_hook_v1_AgentTaskStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  AgentTaskStatus(argument: _kernel_hook_v1_AgentTaskStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  AgentTaskStatus(argument: _kernel_hook_v1_AgentTaskStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  AgentTaskStatus(argument: _kernel_hook_v1_AgentTaskStatusRequest, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  /**
   * AgentTaskStatus runs on the agent for each status update it sends; may replace the status labels.
   */
  agentTaskStatus(argument: _kernel_hook_v1_AgentTaskStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  agentTaskStatus(argument: _kernel_hook_v1_AgentTaskStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  agentTaskStatus(argument: _kernel_hook_v1_AgentTaskStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  agentTaskStatus(argument: _kernel_hook_v1_AgentTaskStatusRequest, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  
  /**
   * MasterLaunchTask runs on the master for each task an ACCEPT launches, before the master
   * stores it and sends it to the agent; may replace the task's labels.
   */
  MasterLaunchTask(argument: _kernel_hook_v1_MasterLaunchTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  MasterLaunchTask(argument: _kernel_hook_v1_MasterLaunchTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  MasterLaunchTask(argument: _kernel_hook_v1_MasterLaunchTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  MasterLaunchTask(argument: _kernel_hook_v1_MasterLaunchTaskRequest, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  /**
   * MasterLaunchTask runs on the master for each task an ACCEPT launches, before the master
   * stores it and sends it to the agent; may replace the task's labels.
   */
  masterLaunchTask(argument: _kernel_hook_v1_MasterLaunchTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  masterLaunchTask(argument: _kernel_hook_v1_MasterLaunchTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  masterLaunchTask(argument: _kernel_hook_v1_MasterLaunchTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  masterLaunchTask(argument: _kernel_hook_v1_MasterLaunchTaskRequest, callback: grpc.requestCallback<_kernel_hook_v1_Decoration__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Hook is served by hook modules. A hook that has nothing to say for a call answers an empty
 * Decoration; a hook that does not implement a call answers PLT_ERR_UNSUPPORTED and is passed
 * over. A failing (or timed out) hook is logged and skipped, the value kept as it was before it,
 * except AgentPreLaunch, whose failure fails the task with a reason naming the hook. Each call
 * has a deadline (5 s by default, HOOK_TIMEOUT_MS); a hook past it counts as failed.
 */
export interface HookHandlers extends grpc.UntypedServiceImplementation {
  /**
   * AgentPreLaunch runs on the agent before a container launches; may replace the container's
   * environment. Its failure fails the launch (TASK_FAILED, the reason names the hook).
   */
  AgentPreLaunch: grpc.handleUnaryCall<_kernel_hook_v1_AgentPreLaunchRequest__Output, _kernel_hook_v1_Decoration>;
  
  /**
   * AgentRemoveExecutor runs on the agent after an executor's container exited and was removed
   * (command tasks included); its answer is ignored and its failure only logged.
   */
  AgentRemoveExecutor: grpc.handleUnaryCall<_kernel_hook_v1_AgentRemoveExecutorRequest__Output, _kernel_hook_v1_Decoration>;
  
  /**
   * AgentResources runs once at agent start; may replace the resources and the attributes the
   * agent advertises.
   */
  AgentResources: grpc.handleUnaryCall<_kernel_hook_v1_AgentResourcesRequest__Output, _kernel_hook_v1_Decoration>;
  
  /**
   * AgentRunTask runs on the agent when it receives a task, before anything else sees it; may
   * replace the task's labels and the environment of its command (command tasks) or of its
   * executor's command (Mesos slaveRunTaskLabelDecorator and slaveExecutorEnvironmentDecorator).
   */
  AgentRunTask: grpc.handleUnaryCall<_kernel_hook_v1_AgentRunTaskRequest__Output, _kernel_hook_v1_Decoration>;
  
  /**
   * AgentTaskStatus runs on the agent for each status update it sends; may replace the status labels.
   */
  AgentTaskStatus: grpc.handleUnaryCall<_kernel_hook_v1_AgentTaskStatusRequest__Output, _kernel_hook_v1_Decoration>;
  
  /**
   * MasterLaunchTask runs on the master for each task an ACCEPT launches, before the master
   * stores it and sends it to the agent; may replace the task's labels.
   */
  MasterLaunchTask: grpc.handleUnaryCall<_kernel_hook_v1_MasterLaunchTaskRequest__Output, _kernel_hook_v1_Decoration>;
  
}

export interface HookDefinition extends grpc.ServiceDefinition {
  AgentPreLaunch: MethodDefinition<_kernel_hook_v1_AgentPreLaunchRequest, _kernel_hook_v1_Decoration, _kernel_hook_v1_AgentPreLaunchRequest__Output, _kernel_hook_v1_Decoration__Output>
  AgentRemoveExecutor: MethodDefinition<_kernel_hook_v1_AgentRemoveExecutorRequest, _kernel_hook_v1_Decoration, _kernel_hook_v1_AgentRemoveExecutorRequest__Output, _kernel_hook_v1_Decoration__Output>
  AgentResources: MethodDefinition<_kernel_hook_v1_AgentResourcesRequest, _kernel_hook_v1_Decoration, _kernel_hook_v1_AgentResourcesRequest__Output, _kernel_hook_v1_Decoration__Output>
  AgentRunTask: MethodDefinition<_kernel_hook_v1_AgentRunTaskRequest, _kernel_hook_v1_Decoration, _kernel_hook_v1_AgentRunTaskRequest__Output, _kernel_hook_v1_Decoration__Output>
  AgentTaskStatus: MethodDefinition<_kernel_hook_v1_AgentTaskStatusRequest, _kernel_hook_v1_Decoration, _kernel_hook_v1_AgentTaskStatusRequest__Output, _kernel_hook_v1_Decoration__Output>
  MasterLaunchTask: MethodDefinition<_kernel_hook_v1_MasterLaunchTaskRequest, _kernel_hook_v1_Decoration, _kernel_hook_v1_MasterLaunchTaskRequest__Output, _kernel_hook_v1_Decoration__Output>
}
