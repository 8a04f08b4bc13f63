/**
 * The gRPC side of the master's port: the AgentLink service, fed with the HTTP/2 connections
 * the listener hands over. A master that does not lead refuses links with FAILED_PRECONDITION
 * and names the leader in the `plateau-leader` trailer, so agents follow it.
 */
import { Server, ServerCredentials, type ServerDuplexStream, status as GrpcStatus } from '@grpc/grpc-js';
import type { Duplex } from 'node:stream';
import { agentLinkService, type AgentMessage__Output, type MasterMessage } from '@plateau/kernel';
import { AgentSession, type SessionHandlers } from './session';

/** What the link server asks the master. */
export interface LinkPolicy {
  /** Undefined when links are accepted; else why not and where the leader is. */
  refusal(): { details: string; leader?: string } | undefined;
}

/** AgentLinkServer: sessions of connected agents. */
export class AgentLinkServer {
  private readonly server: Server;
  private readonly injector: ReturnType<Server['createConnectionInjector']>;
  readonly sessions = new Set<AgentSession>();

  constructor(
    private readonly policy: LinkPolicy,
    private readonly handlers: SessionHandlers,
    private readonly onError: (err: unknown) => void,
  ) {
    this.server = new Server({
      'grpc.max_receive_message_length': 64 * 1024 * 1024,
      'grpc.enable_channelz': 0, // per-stream bookkeeping nothing reads
      'grpc.max_send_message_length': 64 * 1024 * 1024,
    });
    this.server.addService(agentLinkService(), { Connect: (call: ServerDuplexStream<AgentMessage__Output, MasterMessage>) => this.connect(call) });
    this.injector = this.server.createConnectionInjector(ServerCredentials.createInsecure());
  }

  /** Hands an HTTP/2 connection to the gRPC server. */
  inject(connection: Duplex): void {
    this.injector.injectConnection(connection);
  }

  /** Closes every session (leadership lost, shutdown). */
  closeAll(): void {
    for (const s of [...this.sessions]) s.close();
  }

  /** Closes every session and the gRPC server. */
  async stop(): Promise<void> {
    this.closeAll();
    this.injector.drain(100);
    this.injector.destroy();
    await new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()));
  }

  private connect(call: ServerDuplexStream<AgentMessage__Output, MasterMessage>): void {
    const session = new AgentSession(
      call,
      {
        message: (s, m) => this.handlers.message(s, m),
        closed: (s) => {
          this.sessions.delete(s);
          this.handlers.closed(s);
        },
      },
      this.onError,
    );
    this.sessions.add(session);
    const refusal = this.policy.refusal();
    if (refusal) session.fail(GrpcStatus.FAILED_PRECONDITION, refusal.details, refusal.leader);
  }
}
