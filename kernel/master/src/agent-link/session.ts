/**
 * AgentSession: one open agent link (a gRPC Connect stream). Its first message must register the
 * agent; later messages are status updates, pongs and executor messages. A message the master
 * cannot read is logged and dropped: an agent's input never crashes the master.
 */
import { Metadata, type ServerDuplexStream, status as GrpcStatus } from '@grpc/grpc-js';
import { type AgentMessage__Output, LEADER_METADATA, type MasterMessage, messageOf } from '@plateau/kernel';
import type { AgentRecord } from '../state/index';

/** What the master does with the messages of a session. */
export interface SessionHandlers {
  message(session: AgentSession, msg: AgentMessage__Output): void | Promise<void>;
  closed(session: AgentSession): void;
}

/** AgentSession: the master's end of one agent link. */
export class AgentSession {
  /** The registered agent, once Register / ReRegister succeeded. */
  agent: AgentRecord | null = null;
  private done = false;
  /** Peer address, for logs. */
  readonly peer: string;
  /** The link's `authorization` metadata (the agent's credential as HTTP Basic; '' without). */
  readonly authorization: string;

  constructor(
    private readonly call: ServerDuplexStream<AgentMessage__Output, MasterMessage>,
    private readonly handlers: SessionHandlers,
    private readonly onError: (err: unknown) => void,
  ) {
    this.peer = call.getPeer();
    const authorization = call.metadata?.get('authorization')?.[0];
    this.authorization = typeof authorization === 'string' ? authorization : '';
    call.on('data', (msg: AgentMessage__Output) => {
      try {
        const r = handlers.message(this, msg);
        if (r) r.catch(onError);
      } catch (err) {
        onError(err);
      }
    });
    call.on('end', () => this.finish(true));
    call.on('error', () => this.finish(false));
    call.on('cancelled', () => this.finish(false));
    call.on('close', () => this.finish(false));
  }

  /** Whether the link is still open. */
  get open(): boolean {
    return !this.done;
  }

  /** Sends one message; false when the link is closed. */
  send(msg: MasterMessage): boolean {
    if (this.done) return false;
    try {
      this.call.write(msg);
      return true;
    } catch (err) {
      this.onError(err);
      return false;
    }
  }

  /** Closes the link normally. */
  close(): void {
    if (this.done) return;
    try {
      this.call.end();
    } catch {
      // already gone
    }
    this.finish(false);
  }

  /** Ends the link with a gRPC error status (refused registration, not the leader). */
  fail(code: GrpcStatus, details: string, leader?: string): void {
    if (this.done) return;
    const metadata = new Metadata();
    if (leader) metadata.set(LEADER_METADATA, leader);
    try {
      this.call.emit('error', { code, details, metadata });
    } catch (err) {
      this.onError(new Error(`ending agent link: ${messageOf(err)}`));
    }
    this.finish(false);
  }

  private finish(endOurSide: boolean): void {
    if (this.done) return;
    this.done = true;
    if (endOurSide) {
      try {
        this.call.end();
      } catch {
        // already gone
      }
    }
    this.handlers.closed(this);
  }
}
