import { EventEmitter } from 'node:events';
import * as zk from 'node-zookeeper-client';
import { ModuleDownError, type Logger } from '@plateau/kernel';
import { guardWire } from './wire-guard';

/** ZooKeeper error codes this module acts on (node-zookeeper-client's Exception codes). */
export const ZkCode = {
  noNode: zk.Exception.NO_NODE,
  nodeExists: zk.Exception.NODE_EXISTS,
  badVersion: zk.Exception.BAD_VERSION,
  notEmpty: zk.Exception.NOT_EMPTY,
  connectionLoss: zk.Exception.CONNECTION_LOSS,
  sessionExpired: zk.Exception.SESSION_EXPIRED,
} as const;

/** The ZooKeeper error code of `err`, if it is a ZooKeeper exception. */
export function zkCode(err: unknown): number | undefined {
  const e = err as { getCode?: () => number } | null;
  return e && typeof e.getCode === 'function' ? e.getCode() : undefined;
}

/** A call made on a session that has since been lost or closed; its answer no longer matters. */
export class StaleSessionError extends Error {}

export interface SessionOptions {
  servers: string[];
  /** Session timeout asked for; the server's negotiated value is used once known. */
  sessionTimeoutMs: number;
  /** How long a call waits for an answer (including waiting for a connection). */
  callTimeoutMs: number;
  log: Logger;
  /** For log lines: what this session is for. */
  purpose: string;
}

/**
 * ZkSession: one ZooKeeper session that renews itself. It adds what node-zookeeper-client lacks
 * for leader election:
 *
 * - A liveness proof. Every successful call proves the server held the session when the call
 *   was sent (the server restarts a session's timer on every request it receives), so the
 *   session cannot expire before `send time + negotiated timeout`. A heartbeat call runs every
 *   quarter of the timeout. `provenUntil()` is the send time of the newest successful call plus
 *   two thirds of the timeout (a third kept as margin for clocks and timers).
 * - A read timeout. The client library never gives up on a connection that stays open but
 *   silent (a paused server): after half the timeout without a successful call the socket is
 *   dropped, so the client reconnects, to another server of the ensemble if there is one, with
 *   the same session (reconnecting within the session keeps ephemeral nodes and leadership).
 * - Loss. When the server reports the session expired, or nothing has proven the session for
 *   two thirds of its timeout, the session is declared lost ('lost' event) and closed, and a new
 *   session is started ('connected' again). Holders of ephemeral nodes must act as if they were
 *   deleted: the old session is expired or about to be.
 *
 * Events: 'connected' (a session is usable, new or the same after a reconnect), 'lost'
 * (reason: string; the session's ephemeral nodes are gone or about to be), 'proven' (provenUntil()
 * moved on).
 */
export class ZkSession extends EventEmitter {
  private client!: zk.Client;
  /** Bumped on every new client: answers and watches of an older one are ignored. */
  private generation = 0;
  private connected = false;
  private everConnected = false;
  private closed = false;
  /** Send time (monotonic, performance.now()) of the newest call that succeeded on the current session. */
  private lastProof = 0;
  private heartbeatInFlight = false;
  private timer: NodeJS.Timeout | undefined;
  private forcedReconnectAt = 0;

  constructor(private readonly opts: SessionOptions) {
    super();
    this.setMaxListeners(0);
    this.open();
  }

  private warnedTimeout = 0;

  /**
   * The ensemble clamps a session to its minSessionTimeout..maxSessionTimeout (2 and 20 ×
   * tickTime): failover then takes the server's value, not the configured one. Said once per value.
   */
  private warnIfSessionChanged(): void {
    const negotiated = this.client.getSessionTimeout();
    if (negotiated <= 0 || negotiated === this.opts.sessionTimeoutMs || negotiated === this.warnedTimeout) return;
    this.warnedTimeout = negotiated;
    this.opts.log.warn(
      { purpose: this.opts.purpose, askedMs: this.opts.sessionTimeoutMs, negotiatedMs: negotiated },
      `zookeeper: the ensemble set the session timeout to ${negotiated} ms, not the ${this.opts.sessionTimeoutMs} ms configured (its minSessionTimeout / maxSessionTimeout, 2 and 20 × tickTime by default); a failover takes about ${negotiated} ms`,
    );
  }

  /** The session timeout in force: the server's negotiated value once connected. */
  get timeoutMs(): number {
    const negotiated = this.everConnected ? this.client.getSessionTimeout() : 0;
    return negotiated > 0 ? negotiated : this.opts.sessionTimeoutMs;
  }

  /** Whether the client is connected now. */
  get isConnected(): boolean {
    return this.connected;
  }

  /** The current generation; pass it to calls whose answers must belong to this session. */
  get gen(): number {
    return this.generation;
  }

  /** The session id as hex ('' before the first connection). */
  get sessionId(): string {
    return this.everConnected ? this.client.getSessionId().toString('hex') : '';
  }

  /**
   * Until when (monotonic ms, performance.now()) the current session is proven alive; 0 when
   * unproven. Monotonic, so that a process stopped (SIGSTOP) and resumed sees its proof run out.
   */
  provenUntil(): number {
    return this.lastProof ? this.lastProof + Math.floor((this.timeoutMs * 2) / 3) : 0;
  }

  /** Resolves once connected (immediately if connected now); rejects after `ms`. */
  waitConnected(ms: number): Promise<void> {
    if (this.connected) return Promise.resolve();
    if (this.closed) return Promise.reject(new StaleSessionError('session closed'));
    return new Promise((resolve, reject) => {
      const onConnected = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.off('connected', onConnected);
        reject(new ModuleDownError('contender.zookeeper', `no connection to ZooKeeper (${this.opts.servers.join(',')}) within ${ms} ms`));
      }, ms);
      this.once('connected', onConnected);
    });
  }

  private open(): void {
    const gen = ++this.generation;
    this.connected = false;
    this.everConnected = false;
    this.lastProof = 0;
    this.heartbeatInFlight = false;
    const client = zk.createClient(this.opts.servers.join(','), {
      sessionTimeout: this.opts.sessionTimeoutMs,
      // Reconnect attempts: spin between servers quickly; a leader's deadline is short.
      spinDelay: Math.min(1000, Math.max(50, Math.floor(this.opts.sessionTimeoutMs / 10))),
      retries: 0,
    });
    guardWire(client, this.opts.log, this.opts.purpose);
    this.client = client;
    client.on('state', (state: zk.State) => {
      if (gen !== this.generation || this.closed) return;
      if (state === zk.State.SYNC_CONNECTED || state === zk.State.CONNECTED_READ_ONLY) {
        this.connected = true;
        this.everConnected = true;
        this.opts.log.debug({ purpose: this.opts.purpose, session: this.sessionId }, 'zookeeper: connected');
        this.warnIfSessionChanged();
        // Prove the session at once: a reconnect must be confirmed before the old proof runs out.
        this.heartbeat();
        this.emit('connected');
      } else if (state === zk.State.DISCONNECTED) {
        this.connected = false;
        this.opts.log.debug({ purpose: this.opts.purpose }, 'zookeeper: disconnected; reconnecting within the session');
      } else if (state === zk.State.EXPIRED) {
        this.renew('ZooKeeper session expired');
      } else if (state === zk.State.AUTH_FAILED) {
        this.renew('ZooKeeper authentication failed');
      }
    });
    client.connect();
    if (!this.timer) {
      this.timer = setInterval(() => this.tick(), this.tickMs());
      this.timer.unref();
    }
  }

  private tickMs(): number {
    return Math.max(20, Math.floor(this.opts.sessionTimeoutMs / 8));
  }

  /** Called every tick: heartbeat, read timeout, loss by lack of proof. */
  private tick(): void {
    if (this.closed || !this.everConnected) return;
    const now = performance.now();
    const t = this.timeoutMs;
    if (this.lastProof && now > this.provenUntil()) {
      this.renew(`no answer from ZooKeeper for ${Math.round(now - this.lastProof)} ms (session timeout ${t} ms): the session may have expired`);
      return;
    }
    if (this.connected && this.lastProof && now - this.lastProof > t / 2 && now - this.forcedReconnectAt > t / 2) {
      // An open but silent connection (server paused, network gone quiet): drop it so the client
      // reconnects, to another server where there is one, within the session.
      this.forcedReconnectAt = now;
      this.opts.log.warn({ purpose: this.opts.purpose, silentMs: Math.round(now - this.lastProof) }, 'zookeeper: server silent; reconnecting');
      this.dropSocket();
      return;
    }
    if (this.connected && now - this.lastProof >= t / 4) this.heartbeat();
  }

  private heartbeat(): void {
    if (this.heartbeatInFlight || !this.connected) return;
    this.heartbeatInFlight = true;
    const gen = this.generation;
    this.call<unknown>(gen, (cb) => this.client.exists('/', cb))
      .catch(() => undefined)
      .finally(() => {
        if (gen === this.generation) this.heartbeatInFlight = false;
      });
  }

  private dropSocket(): void {
    const socket = (this.client as unknown as { connectionManager?: { socket?: { destroy(): void } } }).connectionManager?.socket;
    socket?.destroy();
  }

  /** Declares the current session lost, closes it and starts a new one. */
  renew(reason: string): void {
    if (this.closed) return;
    this.opts.log.warn({ purpose: this.opts.purpose, session: this.sessionId, reason }, 'zookeeper: session lost');
    const old = this.client;
    this.open(); // bumps the generation first: nothing of the old session counts from here on
    closeQuietly(old);
    this.emit('lost', reason);
  }

  /**
   * Runs one client call in generation `gen`. Resolves with its result; rejects with the
   * ZooKeeper exception, with StaleSessionError if the session changed meanwhile, or with a
   * ModuleDownError when no answer came within callTimeoutMs.
   */
  call<T>(gen: number, fn: (cb: (err: Error | zk.Exception | null, result?: T, extra?: unknown) => void) => void): Promise<T> {
    if (gen !== this.generation || this.closed) return Promise.reject(new StaleSessionError('session changed'));
    const sentAt = performance.now();
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const timer = setTimeout(() => {
        if (done) return;
        done = true;
        reject(new ModuleDownError('contender.zookeeper', `no answer from ZooKeeper (${this.opts.servers.join(',')}) within ${this.opts.callTimeoutMs} ms`));
      }, this.opts.callTimeoutMs);
      const settle = (err: Error | zk.Exception | null, result?: T) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (gen !== this.generation) return reject(new StaleSessionError('session changed'));
        const code = zkCode(err);
        // Any answer from the server (an error code included) proves the session alive at sentAt.
        if (!err || (code !== undefined && code !== ZkCode.connectionLoss && code !== ZkCode.sessionExpired)) {
          if (sentAt > this.lastProof) {
            this.lastProof = sentAt;
            this.emit('proven');
          }
        }
        if (err) reject(err);
        else resolve(result as T);
      };
      try {
        fn(settle);
      } catch (err) {
        // The client validates paths synchronously.
        settle(err as Error);
      }
    });
  }

  /** The underlying client of generation `gen` (throws StaleSessionError if it is gone). */
  clientOf(gen: number): zk.Client {
    if (gen !== this.generation || this.closed) throw new StaleSessionError('session changed');
    return this.client;
  }

  /** Closes the session (its ephemeral nodes go at once when the server is reachable). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.generation++;
    if (this.timer) clearInterval(this.timer);
    closeQuietly(this.client);
    this.removeAllListeners('connected');
  }
}

/** Closes a client: a clean close if connected, and the socket dropped shortly after regardless. */
function closeQuietly(client: zk.Client): void {
  try {
    client.close();
  } catch {
    /* already closed */
  }
  const t = setTimeout(() => {
    const cm = (client as unknown as { connectionManager?: { socket?: { destroy(): void }; setState?(s: number): void } }).connectionManager;
    try {
      cm?.socket?.destroy();
    } catch {
      /* gone */
    }
  }, 1000);
  t.unref();
}
