// Original file: kernel/launcher/v1/launcher.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { DestroyRequest as _kernel_launcher_v1_DestroyRequest, DestroyRequest__Output as _kernel_launcher_v1_DestroyRequest__Output } from '../../../kernel/launcher/v1/DestroyRequest';
import type { DestroyResponse as _kernel_launcher_v1_DestroyResponse, DestroyResponse__Output as _kernel_launcher_v1_DestroyResponse__Output } from '../../../kernel/launcher/v1/DestroyResponse';
import type { ExecInputRequest as _kernel_launcher_v1_ExecInputRequest, ExecInputRequest__Output as _kernel_launcher_v1_ExecInputRequest__Output } from '../../../kernel/launcher/v1/ExecInputRequest';
import type { ExecInputResponse as _kernel_launcher_v1_ExecInputResponse, ExecInputResponse__Output as _kernel_launcher_v1_ExecInputResponse__Output } from '../../../kernel/launcher/v1/ExecInputResponse';
import type { ExecOutput as _kernel_launcher_v1_ExecOutput, ExecOutput__Output as _kernel_launcher_v1_ExecOutput__Output } from '../../../kernel/launcher/v1/ExecOutput';
import type { ExecRequest as _kernel_launcher_v1_ExecRequest, ExecRequest__Output as _kernel_launcher_v1_ExecRequest__Output } from '../../../kernel/launcher/v1/ExecRequest';
import type { KillRequest as _kernel_launcher_v1_KillRequest, KillRequest__Output as _kernel_launcher_v1_KillRequest__Output } from '../../../kernel/launcher/v1/KillRequest';
import type { KillResponse as _kernel_launcher_v1_KillResponse, KillResponse__Output as _kernel_launcher_v1_KillResponse__Output } from '../../../kernel/launcher/v1/KillResponse';
import type { LaunchRequest as _kernel_launcher_v1_LaunchRequest, LaunchRequest__Output as _kernel_launcher_v1_LaunchRequest__Output } from '../../../kernel/launcher/v1/LaunchRequest';
import type { LaunchResponse as _kernel_launcher_v1_LaunchResponse, LaunchResponse__Output as _kernel_launcher_v1_LaunchResponse__Output } from '../../../kernel/launcher/v1/LaunchResponse';
import type { RecoverRequest as _kernel_launcher_v1_RecoverRequest, RecoverRequest__Output as _kernel_launcher_v1_RecoverRequest__Output } from '../../../kernel/launcher/v1/RecoverRequest';
import type { RecoverResponse as _kernel_launcher_v1_RecoverResponse, RecoverResponse__Output as _kernel_launcher_v1_RecoverResponse__Output } from '../../../kernel/launcher/v1/RecoverResponse';
import type { StartRequest as _kernel_launcher_v1_StartRequest, StartRequest__Output as _kernel_launcher_v1_StartRequest__Output } from '../../../kernel/launcher/v1/StartRequest';
import type { StartResponse as _kernel_launcher_v1_StartResponse, StartResponse__Output as _kernel_launcher_v1_StartResponse__Output } from '../../../kernel/launcher/v1/StartResponse';
import type { Termination as _kernel_launcher_v1_Termination, Termination__Output as _kernel_launcher_v1_Termination__Output } from '../../../kernel/launcher/v1/Termination';
import type { WaitRequest as _kernel_launcher_v1_WaitRequest, WaitRequest__Output as _kernel_launcher_v1_WaitRequest__Output } from '../../../kernel/launcher/v1/WaitRequest';

/**
 * Launcher is served by launcher modules. A container goes Launch -> (isolators' Isolate) ->
 * Start -> Wait; Kill signals it, Destroy removes it. Unknown containers fail with NotFound.
 */
export interface LauncherClient extends grpc.Client {
  /**
   * Destroy kills every process of the container and removes what the launcher keeps for it. An
   * unknown container is NOT_FOUND.
   */
  Destroy(argument: _kernel_launcher_v1_DestroyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_launcher_v1_DestroyResponse__Output>): grpc.ClientUnaryCall;
  Destroy(argument: _kernel_launcher_v1_DestroyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_launcher_v1_DestroyResponse__Output>): grpc.ClientUnaryCall;
  Destroy(argument: _kernel_launcher_v1_DestroyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_launcher_v1_DestroyResponse__Output>): grpc.ClientUnaryCall;
  Destroy(argument: _kernel_launcher_v1_DestroyRequest, callback: grpc.requestCallback<_kernel_launcher_v1_DestroyResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Destroy kills every process of the container and removes what the launcher keeps for it. An
   * unknown container is NOT_FOUND.
   */
  destroy(argument: _kernel_launcher_v1_DestroyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_launcher_v1_DestroyResponse__Output>): grpc.ClientUnaryCall;
  destroy(argument: _kernel_launcher_v1_DestroyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_launcher_v1_DestroyResponse__Output>): grpc.ClientUnaryCall;
  destroy(argument: _kernel_launcher_v1_DestroyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_launcher_v1_DestroyResponse__Output>): grpc.ClientUnaryCall;
  destroy(argument: _kernel_launcher_v1_DestroyRequest, callback: grpc.requestCallback<_kernel_launcher_v1_DestroyResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Exec runs a command inside a running container and streams its output, then its termination.
   * With `tty` it runs on a terminal of that size (a launcher that cannot give one answers
   * UNIMPLEMENTED); with `interactive` its stdin stays open for ExecInput.
   */
  Exec(argument: _kernel_launcher_v1_ExecRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_kernel_launcher_v1_ExecOutput__Output>;
  Exec(argument: _kernel_launcher_v1_ExecRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_kernel_launcher_v1_ExecOutput__Output>;
  /**
   * Exec runs a command inside a running container and streams its output, then its termination.
   * With `tty` it runs on a terminal of that size (a launcher that cannot give one answers
   * UNIMPLEMENTED); with `interactive` its stdin stays open for ExecInput.
   */
  exec(argument: _kernel_launcher_v1_ExecRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_kernel_launcher_v1_ExecOutput__Output>;
  exec(argument: _kernel_launcher_v1_ExecRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_kernel_launcher_v1_ExecOutput__Output>;
  
  /**
   * ExecInput feeds a running interactive exec: bytes for its stdin, the end of its stdin, or its
   * terminal's new size. An exec it does not know (or that has ended) is NOT_FOUND; a launcher
   * without interactive execs answers UNIMPLEMENTED.
   */
  ExecInput(argument: _kernel_launcher_v1_ExecInputRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_launcher_v1_ExecInputResponse__Output>): grpc.ClientUnaryCall;
  ExecInput(argument: _kernel_launcher_v1_ExecInputRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_launcher_v1_ExecInputResponse__Output>): grpc.ClientUnaryCall;
  ExecInput(argument: _kernel_launcher_v1_ExecInputRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_launcher_v1_ExecInputResponse__Output>): grpc.ClientUnaryCall;
  ExecInput(argument: _kernel_launcher_v1_ExecInputRequest, callback: grpc.requestCallback<_kernel_launcher_v1_ExecInputResponse__Output>): grpc.ClientUnaryCall;
  /**
   * ExecInput feeds a running interactive exec: bytes for its stdin, the end of its stdin, or its
   * terminal's new size. An exec it does not know (or that has ended) is NOT_FOUND; a launcher
   * without interactive execs answers UNIMPLEMENTED.
   */
  execInput(argument: _kernel_launcher_v1_ExecInputRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_launcher_v1_ExecInputResponse__Output>): grpc.ClientUnaryCall;
  execInput(argument: _kernel_launcher_v1_ExecInputRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_launcher_v1_ExecInputResponse__Output>): grpc.ClientUnaryCall;
  execInput(argument: _kernel_launcher_v1_ExecInputRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_launcher_v1_ExecInputResponse__Output>): grpc.ClientUnaryCall;
  execInput(argument: _kernel_launcher_v1_ExecInputRequest, callback: grpc.requestCallback<_kernel_launcher_v1_ExecInputResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Kill sends a signal to the container's init, or to every process in it. An unknown container
   * is NOT_FOUND.
   */
  Kill(argument: _kernel_launcher_v1_KillRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_launcher_v1_KillResponse__Output>): grpc.ClientUnaryCall;
  Kill(argument: _kernel_launcher_v1_KillRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_launcher_v1_KillResponse__Output>): grpc.ClientUnaryCall;
  Kill(argument: _kernel_launcher_v1_KillRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_launcher_v1_KillResponse__Output>): grpc.ClientUnaryCall;
  Kill(argument: _kernel_launcher_v1_KillRequest, callback: grpc.requestCallback<_kernel_launcher_v1_KillResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Kill sends a signal to the container's init, or to every process in it. An unknown container
   * is NOT_FOUND.
   */
  kill(argument: _kernel_launcher_v1_KillRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_launcher_v1_KillResponse__Output>): grpc.ClientUnaryCall;
  kill(argument: _kernel_launcher_v1_KillRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_launcher_v1_KillResponse__Output>): grpc.ClientUnaryCall;
  kill(argument: _kernel_launcher_v1_KillRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_launcher_v1_KillResponse__Output>): grpc.ClientUnaryCall;
  kill(argument: _kernel_launcher_v1_KillRequest, callback: grpc.requestCallback<_kernel_launcher_v1_KillResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Launch creates the container from a merged LaunchInfo; its init process exists but waits
   * (e.g. `runc create`) so isolators can act on its pid before Start. A launcher that cannot run
   * a root filesystem answers UNIMPLEMENTED to a LaunchInfo that has one.
   */
  Launch(argument: _kernel_launcher_v1_LaunchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_launcher_v1_LaunchResponse__Output>): grpc.ClientUnaryCall;
  Launch(argument: _kernel_launcher_v1_LaunchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_launcher_v1_LaunchResponse__Output>): grpc.ClientUnaryCall;
  Launch(argument: _kernel_launcher_v1_LaunchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_launcher_v1_LaunchResponse__Output>): grpc.ClientUnaryCall;
  Launch(argument: _kernel_launcher_v1_LaunchRequest, callback: grpc.requestCallback<_kernel_launcher_v1_LaunchResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Launch creates the container from a merged LaunchInfo; its init process exists but waits
   * (e.g. `runc create`) so isolators can act on its pid before Start. A launcher that cannot run
   * a root filesystem answers UNIMPLEMENTED to a LaunchInfo that has one.
   */
  launch(argument: _kernel_launcher_v1_LaunchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_launcher_v1_LaunchResponse__Output>): grpc.ClientUnaryCall;
  launch(argument: _kernel_launcher_v1_LaunchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_launcher_v1_LaunchResponse__Output>): grpc.ClientUnaryCall;
  launch(argument: _kernel_launcher_v1_LaunchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_launcher_v1_LaunchResponse__Output>): grpc.ClientUnaryCall;
  launch(argument: _kernel_launcher_v1_LaunchRequest, callback: grpc.requestCallback<_kernel_launcher_v1_LaunchResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Recover rebuilds the launcher's state after an agent restart from the containers the agent
   * checkpointed, and reports which still run and which are orphans.
   */
  Recover(argument: _kernel_launcher_v1_RecoverRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_launcher_v1_RecoverResponse__Output>): grpc.ClientUnaryCall;
  Recover(argument: _kernel_launcher_v1_RecoverRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_launcher_v1_RecoverResponse__Output>): grpc.ClientUnaryCall;
  Recover(argument: _kernel_launcher_v1_RecoverRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_launcher_v1_RecoverResponse__Output>): grpc.ClientUnaryCall;
  Recover(argument: _kernel_launcher_v1_RecoverRequest, callback: grpc.requestCallback<_kernel_launcher_v1_RecoverResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Recover rebuilds the launcher's state after an agent restart from the containers the agent
   * checkpointed, and reports which still run and which are orphans.
   */
  recover(argument: _kernel_launcher_v1_RecoverRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_launcher_v1_RecoverResponse__Output>): grpc.ClientUnaryCall;
  recover(argument: _kernel_launcher_v1_RecoverRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_launcher_v1_RecoverResponse__Output>): grpc.ClientUnaryCall;
  recover(argument: _kernel_launcher_v1_RecoverRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_launcher_v1_RecoverResponse__Output>): grpc.ClientUnaryCall;
  recover(argument: _kernel_launcher_v1_RecoverRequest, callback: grpc.requestCallback<_kernel_launcher_v1_RecoverResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Start lets a launched container run its command (e.g. `runc start`). An unknown container is
   * NOT_FOUND; a malformed container id INVALID_ARGUMENT (as for Wait, Kill and Destroy).
   */
  Start(argument: _kernel_launcher_v1_StartRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_launcher_v1_StartResponse__Output>): grpc.ClientUnaryCall;
  Start(argument: _kernel_launcher_v1_StartRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_launcher_v1_StartResponse__Output>): grpc.ClientUnaryCall;
  Start(argument: _kernel_launcher_v1_StartRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_launcher_v1_StartResponse__Output>): grpc.ClientUnaryCall;
  Start(argument: _kernel_launcher_v1_StartRequest, callback: grpc.requestCallback<_kernel_launcher_v1_StartResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Start lets a launched container run its command (e.g. `runc start`). An unknown container is
   * NOT_FOUND; a malformed container id INVALID_ARGUMENT (as for Wait, Kill and Destroy).
   */
  start(argument: _kernel_launcher_v1_StartRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_launcher_v1_StartResponse__Output>): grpc.ClientUnaryCall;
  start(argument: _kernel_launcher_v1_StartRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_launcher_v1_StartResponse__Output>): grpc.ClientUnaryCall;
  start(argument: _kernel_launcher_v1_StartRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_launcher_v1_StartResponse__Output>): grpc.ClientUnaryCall;
  start(argument: _kernel_launcher_v1_StartRequest, callback: grpc.requestCallback<_kernel_launcher_v1_StartResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Wait answers once the container's init has exited; at once if it already has. An unknown
   * container is NOT_FOUND.
   */
  Wait(argument: _kernel_launcher_v1_WaitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_launcher_v1_Termination__Output>): grpc.ClientUnaryCall;
  Wait(argument: _kernel_launcher_v1_WaitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_launcher_v1_Termination__Output>): grpc.ClientUnaryCall;
  Wait(argument: _kernel_launcher_v1_WaitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_launcher_v1_Termination__Output>): grpc.ClientUnaryCall;
  Wait(argument: _kernel_launcher_v1_WaitRequest, callback: grpc.requestCallback<_kernel_launcher_v1_Termination__Output>): grpc.ClientUnaryCall;
  /**
   * Wait answers once the container's init has exited; at once if it already has. An unknown
   * container is NOT_FOUND.
   */
  wait(argument: _kernel_launcher_v1_WaitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_launcher_v1_Termination__Output>): grpc.ClientUnaryCall;
  wait(argument: _kernel_launcher_v1_WaitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_launcher_v1_Termination__Output>): grpc.ClientUnaryCall;
  wait(argument: _kernel_launcher_v1_WaitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_launcher_v1_Termination__Output>): grpc.ClientUnaryCall;
  wait(argument: _kernel_launcher_v1_WaitRequest, callback: grpc.requestCallback<_kernel_launcher_v1_Termination__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Launcher is served by launcher modules. A container goes Launch -> (isolators' Isolate) ->
 * Start -> Wait; Kill signals it, Destroy removes it. Unknown containers fail with NotFound.
 */
export interface LauncherHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Destroy kills every process of the container and removes what the launcher keeps for it. An
   * unknown container is NOT_FOUND.
   */
  Destroy: grpc.handleUnaryCall<_kernel_launcher_v1_DestroyRequest__Output, _kernel_launcher_v1_DestroyResponse>;
  
  /**
   * Exec runs a command inside a running container and streams its output, then its termination.
   * With `tty` it runs on a terminal of that size (a launcher that cannot give one answers
   * UNIMPLEMENTED); with `interactive` its stdin stays open for ExecInput.
   */
  Exec: grpc.handleServerStreamingCall<_kernel_launcher_v1_ExecRequest__Output, _kernel_launcher_v1_ExecOutput>;
  
  /**
   * ExecInput feeds a running interactive exec: bytes for its stdin, the end of its stdin, or its
   * terminal's new size. An exec it does not know (or that has ended) is NOT_FOUND; a launcher
   * without interactive execs answers UNIMPLEMENTED.
   */
  ExecInput: grpc.handleUnaryCall<_kernel_launcher_v1_ExecInputRequest__Output, _kernel_launcher_v1_ExecInputResponse>;
  
  /**
   * Kill sends a signal to the container's init, or to every process in it. An unknown container
   * is NOT_FOUND.
   */
  Kill: grpc.handleUnaryCall<_kernel_launcher_v1_KillRequest__Output, _kernel_launcher_v1_KillResponse>;
  
  /**
   * Launch creates the container from a merged LaunchInfo; its init process exists but waits
   * (e.g. `runc create`) so isolators can act on its pid before Start. A launcher that cannot run
   * a root filesystem answers UNIMPLEMENTED to a LaunchInfo that has one.
   */
  Launch: grpc.handleUnaryCall<_kernel_launcher_v1_LaunchRequest__Output, _kernel_launcher_v1_LaunchResponse>;
  
  /**
   * Recover rebuilds the launcher's state after an agent restart from the containers the agent
   * checkpointed, and reports which still run and which are orphans.
   */
  Recover: grpc.handleUnaryCall<_kernel_launcher_v1_RecoverRequest__Output, _kernel_launcher_v1_RecoverResponse>;
  
  /**
   * Start lets a launched container run its command (e.g. `runc start`). An unknown container is
   * NOT_FOUND; a malformed container id INVALID_ARGUMENT (as for Wait, Kill and Destroy).
   */
  Start: grpc.handleUnaryCall<_kernel_launcher_v1_StartRequest__Output, _kernel_launcher_v1_StartResponse>;
  
  /**
   * Wait answers once the container's init has exited; at once if it already has. An unknown
   * container is NOT_FOUND.
   */
  Wait: grpc.handleUnaryCall<_kernel_launcher_v1_WaitRequest__Output, _kernel_launcher_v1_Termination>;
  
}

export interface LauncherDefinition extends grpc.ServiceDefinition {
  Destroy: MethodDefinition<_kernel_launcher_v1_DestroyRequest, _kernel_launcher_v1_DestroyResponse, _kernel_launcher_v1_DestroyRequest__Output, _kernel_launcher_v1_DestroyResponse__Output>
  Exec: MethodDefinition<_kernel_launcher_v1_ExecRequest, _kernel_launcher_v1_ExecOutput, _kernel_launcher_v1_ExecRequest__Output, _kernel_launcher_v1_ExecOutput__Output>
  ExecInput: MethodDefinition<_kernel_launcher_v1_ExecInputRequest, _kernel_launcher_v1_ExecInputResponse, _kernel_launcher_v1_ExecInputRequest__Output, _kernel_launcher_v1_ExecInputResponse__Output>
  Kill: MethodDefinition<_kernel_launcher_v1_KillRequest, _kernel_launcher_v1_KillResponse, _kernel_launcher_v1_KillRequest__Output, _kernel_launcher_v1_KillResponse__Output>
  Launch: MethodDefinition<_kernel_launcher_v1_LaunchRequest, _kernel_launcher_v1_LaunchResponse, _kernel_launcher_v1_LaunchRequest__Output, _kernel_launcher_v1_LaunchResponse__Output>
  Recover: MethodDefinition<_kernel_launcher_v1_RecoverRequest, _kernel_launcher_v1_RecoverResponse, _kernel_launcher_v1_RecoverRequest__Output, _kernel_launcher_v1_RecoverResponse__Output>
  Start: MethodDefinition<_kernel_launcher_v1_StartRequest, _kernel_launcher_v1_StartResponse, _kernel_launcher_v1_StartRequest__Output, _kernel_launcher_v1_StartResponse__Output>
  Wait: MethodDefinition<_kernel_launcher_v1_WaitRequest, _kernel_launcher_v1_Termination, _kernel_launcher_v1_WaitRequest__Output, _kernel_launcher_v1_Termination__Output>
}
