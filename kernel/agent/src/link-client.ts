/**
 * MasterLink: the agent's end of the agent link (kernel/host/proto/agent.proto), a gRPC bidi stream
 * opened to the leading master's address. The agent link shares the master's HTTP port, so the
 * address is the `host:port` that `--master` names or the detector module reports.
 *
 * It (re)connects with randomized exponential backoff (Mesos: uniform in [0, b·2^n], capped at
 * one minute), follows the leader a refusing master names in the `plateau-leader` trailer, follows
 * the detector when the leader changes, and gives up on a master that has sent nothing (not even
 * a ping) for `silenceMs`. Each new link starts with the message `hello()` builds (Register or
 * ReRegister); the agent is registered on that link once Registered / ReRegistered arrives.
 */
import { type ClientDuplexStream, credentials, Metadata, type ServiceError, status as GrpcStatus } from '@grpc/grpc-js';
import { type AgentLinkClient, type AgentMessage, type ClientTls, type Detector, LEADER_METADATA, type Logger, type MasterMessage__Output, messageOf, serviceClient } from '@plateau/kernel';

/** A leading master as a detector module reports it. */
export interface DetectedLeader {
  hostname?: string | null;
  ip?: string | null;
  port?: number | null;
}

/** Settings of a MasterLink. */
export interface MasterLinkOptions {
  /** A fixed master address (`host:port`); wins over the detector. */
  master?: string;
  /** Finds the leading master when no address is fixed. */
  detector?: Detector;
  /** Backoff factor b of (re)connection delays, ms (Mesos --registration_backoff_factor, 1 s). */
  backoffMs: number;
  /** A link on which the master sent nothing for this long is closed and opened again, ms. */
  silenceMs: number;
  /** TLS to the master: the CA its certificate must chain to (its name or IP checked), and the agent's certificate for mutual TLS. */
  tls?: ClientTls;
  /** Sent as `authorization: Basic ...` metadata on every link (the master checks it when it authenticates agents). */
  credential?: { principal: string; secret: string };
  log: Logger;
}

/** What the link asks of the agent. */
export interface LinkHandlers {
  /** The first message of a new link: Register (no id yet) or ReRegister. */
  hello(): AgentMessage;
  /** Registered (`reregistered` false, with the id the master assigned) or ReRegistered. */
  registered(agentId: string, reregistered: boolean): void;
  /** Every other message from the master. */
  message(msg: MasterMessage__Output): void;
  /** The link closed (the agent keeps running its tasks and queues its updates). */
  disconnected(reason: string): void;
}

const MAX_BACKOFF_MS = 60_000;

/** `host:port` of a detected leader. */
export function leaderAddress(l: DetectedLeader | null | undefined): string | undefined {
  if (!l?.port) return undefined;
  const host = l.ip || l.hostname;
  if (!host) return undefined;
  return host.includes(':') ? `[${host}]:${l.port}` : `${host}:${l.port}`;
}

/** MasterLink: one agent's link to the leading master. */
export class MasterLink {
  private address: string | undefined;
  private client: AgentLinkClient | undefined;
  private clientAddress: string | undefined;
  private link: ClientDuplexStream<AgentMessage, MasterMessage__Output> | undefined;
  private isRegistered = false;
  private stopped = true;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private silenceTimer: NodeJS.Timeout | undefined;
  private lastHeard = 0;
  private detecting = false;

  constructor(
    private readonly opts: MasterLinkOptions,
    private readonly handlers: LinkHandlers,
  ) {
    this.address = opts.master;
  }

  /** The master the link goes (or tries to go) to. */
  get master(): string | undefined {
    return this.address;
  }

  /** Whether the master confirmed the agent's (re-)registration on the current link. */
  get registered(): boolean {
    return this.isRegistered;
  }

  /** Starts connecting (and detecting, without a fixed address). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.silenceTimer = setInterval(() => this.checkSilence(), Math.max(100, Math.min(this.opts.silenceMs / 4, 5000)));
    this.silenceTimer.unref();
    if (this.opts.master === undefined && this.opts.detector !== undefined) void this.detect();
    this.connect();
  }

  /** Closes the link and stops reconnecting. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.silenceTimer);
    this.closeLink();
    this.client?.close();
    this.client = undefined;
  }

  /** Sends a message on the current link; false when there is no registered link. */
  send(msg: AgentMessage): boolean {
    if (!this.link || !this.isRegistered) return false;
    try {
      this.link.write(msg);
      return true;
    } catch (err) {
      this.opts.log.warn({ err: messageOf(err) }, 'agent link write failed');
      return false;
    }
  }

  /** Drops the current link and connects again at once (e.g. after the agent id changed). */
  reconnect(reason: string): void {
    this.opts.log.info({ reason }, 'reconnecting to the master');
    this.closeLink();
    this.handlers.disconnected(reason);
    this.attempt = 0;
    this.schedule(0);
  }

  private async detect(): Promise<void> {
    if (this.detecting) return;
    this.detecting = true;
    let failures = 0;
    while (!this.stopped) {
      try {
        for await (const m of this.opts.detector!.detect({})) {
          if (this.stopped) break;
          failures = 0;
          const next = leaderAddress(m.leader);
          if (next === this.address) continue;
          this.opts.log.info({ leader: next ?? null }, next ? 'leading master detected' : 'no leading master');
          this.address = next;
          if (this.link) {
            this.closeLink();
            this.handlers.disconnected('the leading master changed');
          }
          this.attempt = 0;
          if (next) this.schedule(0);
        }
      } catch (err) {
        this.opts.log.warn({ err: messageOf(err) }, 'master detection failed; retrying');
      }
      if (this.stopped) break;
      failures++;
      await new Promise((r) => setTimeout(r, Math.min(MAX_BACKOFF_MS, this.opts.backoffMs * 2 ** Math.min(failures, 6))).unref());
    }
    this.detecting = false;
  }

  private clientFor(address: string): AgentLinkClient {
    if (this.client && this.clientAddress === address) return this.client;
    this.client?.close();
    const Ctor = serviceClient('kernel.agent.v1.AgentLink');
    const creds = this.opts.tls ? credentials.createSsl(this.opts.tls.ca ?? null, this.opts.tls.key ?? null, this.opts.tls.cert ?? null) : credentials.createInsecure();
    this.client = new Ctor(address, creds, {
      'grpc.max_receive_message_length': 64 * 1024 * 1024,
      'grpc.enable_channelz': 0, // per-stream bookkeeping nothing reads
      'grpc.max_send_message_length': 64 * 1024 * 1024,
      'grpc.initial_reconnect_backoff_ms': 200,
      'grpc.max_reconnect_backoff_ms': 2000,
    }) as unknown as AgentLinkClient;
    this.clientAddress = address;
    return this.client;
  }

  /** The link's metadata: the credential as HTTP Basic, when the agent has one. */
  private linkMetadata(): Metadata {
    const md = new Metadata();
    const c = this.opts.credential;
    if (c !== undefined) md.set('authorization', `Basic ${Buffer.from(`${c.principal}:${c.secret}`).toString('base64')}`);
    return md;
  }

  private connect(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.stopped || this.link) return;
    const address = this.address;
    if (address === undefined) return; // waiting for the detector
    let link: ClientDuplexStream<AgentMessage, MasterMessage__Output>;
    try {
      link = this.clientFor(address).Connect(this.linkMetadata());
    } catch (err) {
      this.opts.log.warn({ master: address, err: messageOf(err) }, 'could not open the agent link');
      this.retry();
      return;
    }
    this.link = link;
    this.lastHeard = Date.now();
    link.on('data', (msg: MasterMessage__Output) => this.onData(link, msg));
    link.on('error', (err: ServiceError) => this.onDown(link, err));
    link.on('end', () => this.onDown(link, undefined));
    try {
      link.write(this.handlers.hello());
    } catch (err) {
      this.onDown(link, Object.assign(new Error(messageOf(err)), { code: 14, details: messageOf(err), metadata: undefined }) as unknown as ServiceError);
    }
  }

  private onData(link: ClientDuplexStream<AgentMessage, MasterMessage__Output>, msg: MasterMessage__Output): void {
    if (this.link !== link) return;
    this.lastHeard = Date.now();
    switch (msg.message) {
      case 'registered':
        this.isRegistered = true;
        this.attempt = 0;
        this.handlers.registered(msg.registered!.agentId, false);
        return;
      case 'reregistered':
        this.isRegistered = true;
        this.attempt = 0;
        this.handlers.registered(msg.reregistered!.agentId, true);
        return;
      case 'ping':
        try {
          link.write({ pong: {} });
        } catch {
          // the link is going down; onDown follows
        }
        return;
      default:
        this.handlers.message(msg);
    }
  }

  private onDown(link: ClientDuplexStream<AgentMessage, MasterMessage__Output>, err: ServiceError | undefined): void {
    if (this.link !== link) return;
    this.link = undefined;
    const was = this.isRegistered;
    this.isRegistered = false;
    link.removeAllListeners();
    link.on('error', () => undefined);
    const leader = err?.metadata?.get(LEADER_METADATA)?.[0];
    if (typeof leader === 'string' && leader !== '' && leader !== this.address) {
      this.opts.log.info({ from: this.address, to: leader }, 'following the leading master');
      this.address = leader;
      this.attempt = 0;
    }
    const reason = err ? `${err.details || err.message}` : 'the master closed the link';
    if (was || !this.stopped) this.handlers.disconnected(reason);
    if (this.stopped) return;
    if (err?.code === GrpcStatus.UNAUTHENTICATED || err?.code === GrpcStatus.PERMISSION_DENIED) {
      // Retried with backoff all the same: the master's credentials or ACLs may be fixed meanwhile.
      const what = err.code === GrpcStatus.UNAUTHENTICATED ? 'did not accept the credential' : 'does not allow this agent to register';
      this.opts.log.error(
        { master: this.address, principal: this.opts.credential?.principal ?? null, reason },
        `the master ${what} (agent.credential${this.opts.credential ? '' : ' is not set'}); not registered, retrying`,
      );
    } else {
      this.opts.log.warn({ master: this.address, reason }, 'agent link down');
    }
    this.retry();
  }

  private retry(): void {
    const cap = Math.min(MAX_BACKOFF_MS, this.opts.backoffMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 16);
    this.schedule(Math.random() * cap);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), delayMs);
    this.retryTimer.unref();
  }

  private checkSilence(): void {
    if (!this.link || Date.now() - this.lastHeard < this.opts.silenceMs) return;
    this.opts.log.warn({ master: this.address, silentMs: Date.now() - this.lastHeard }, 'the master has been silent too long; reconnecting');
    this.closeLink();
    this.handlers.disconnected('the master was silent');
    this.retry();
  }

  private closeLink(): void {
    const link = this.link;
    this.link = undefined;
    this.isRegistered = false;
    if (link) {
      link.removeAllListeners();
      link.on('error', () => undefined);
      link.cancel();
    }
  }
}
