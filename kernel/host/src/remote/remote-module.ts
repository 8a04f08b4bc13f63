import { Channel, Client, Metadata, credentials, makeClientConstructor, type ChannelCredentials, type ServiceDefinition, type ServiceError } from '@grpc/grpc-js';
import type { ClientTls } from '../contract/tls';
import { mkdirSync } from 'node:fs';
import { ErrorCodes, ModuleDownError, PlateauError, messageOf } from '../contract/errors';
import { HEALTH_MODULE, KINDS, isKind, type KindName } from '../contract/kinds';
import { chooseApiVersion, type JsonSchema } from '../contract/module';
import { healthService, kindService, moduleService } from '../contract/proto';
import { validateWithSchema } from '../contract/schema';
import type { Logger, ModuleDirs } from '../contract/services';
import { fromClient } from './adapter';
import type { Registry } from 'prom-client';
import { fromGrpcError } from './errors';
import { grpcTarget, parseEndpoint, type Handshake } from './handshake';
import { spawnModule, type ExecSpec, type SpawnedModule } from './spawn';
import { startThread, type ThreadModule } from './thread';

/** What the host knows of an out-of-process module before it is up. */
export interface RemoteModuleSpec {
  /** Config instance key (`modules.<key>`). */
  instance: string;
  /** Kind the config says it is. */
  kind: KindName;
  /** Module name the config expects, if it says one. */
  name?: string;
  exec?: ExecSpec;
  /** Run this module file (a `use:` package the host resolved) in a worker thread. */
  thread?: { modulePath: string };
  endpoint?: string;
  /** Dial the endpoint over TLS with this material (verifying the module's certificate). */
  tls?: ClientTls;
  config: unknown;
  dirs: ModuleDirs;
  log: Logger;
  /** Deadline of every unary call, ms. */
  callDeadlineMs?: number;
  /** Backoff cap between restarts, ms. */
  maxBackoffMs?: number;
  /** Called on every state change (for metrics and `modules list`). */
  onState?: (state: RemoteState, detail: string) => void;
  /** The host's metrics registry: calls are timed in it (plateau_module_call_seconds). */
  metrics?: Registry;
}

/** Lifecycle of an out-of-process module. */
export type RemoteState = 'starting' | 'running' | 'down' | 'stopped';

/** The module's answer to Describe. */
export interface Description {
  kind: string;
  name: string;
  version: string;
  apiVersions: string[];
  configSchemaJson: string;
  provides: string[];
}

type Rpc = (req: unknown, md: unknown, opts: { deadline: number }, cb: (e: ServiceError | null, r: unknown) => void) => void;

/**
 * RemoteModule: a module served over gRPC: spawned (`exec:`), run in a worker thread of this
 * process (`use:` with `thread: true`) or dialed (`endpoint:`). Boots it
 * (handshake → health → Describe → validate config → Configure → Start), watches its health
 * stream, and when it goes away restarts (or redials) it with capped backoff. `instance` is a
 * stable object with the kind's methods; while the module is down they fail at once with
 * ModuleDownError.
 */
export class RemoteModule {
  state: RemoteState = 'starting';
  description?: Description;
  apiVersion = 'v1';
  /** How many times the module has been brought back after going down. */
  restarts = 0;
  readonly instance: Record<string, unknown> = {};
  private channel?: Channel;
  private clients = new Map<string, Client>();
  private proc?: SpawnedModule | ThreadModule;
  private stopped = false;
  private backoffMs = 0;
  private downSince = 0;
  private retryTimer?: NodeJS.Timeout;
  private readonly uriHint: string;

  constructor(private readonly spec: RemoteModuleSpec) {
    this.uriHint = `${spec.kind}.${spec.name ?? spec.instance}`;
  }

  /** `kind.name` once described, otherwise what the config says. */
  get uri(): string {
    return this.description ? `${this.description.kind}.${this.description.name}` : this.uriHint;
  }

  /** Whether the host owns the process (spawn), owns the thread (thread) or only dials it. */
  get mode(): 'spawn' | 'thread' | 'endpoint' {
    return this.spec.exec ? 'spawn' : this.spec.thread ? 'thread' : 'endpoint';
  }

  /** First boot: any failure is thrown and nothing is left running. */
  async boot(): Promise<void> {
    try {
      await this.bringUp(true);
    } catch (err) {
      await this.teardown(1000);
      throw err;
    }
  }

  /**
   * Stops the module: Module.Stop within the deadline, then TERM, then KILL the process group
   * (a thread: asked to close, then terminated).
   */
  async stop(deadlineMs = 5000): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    if (this.state === 'running') {
      await this.call(moduleService(), 'Stop', { deadlineMs }, deadlineMs).catch((e: unknown) =>
        this.spec.log.warn({ err: messageOf(e) }, 'module Stop failed'),
      );
    }
    await this.teardown(deadlineMs);
    this.setState('stopped', 'stopped by the host');
  }

  /** Health as the module reports it (SERVING / NOT_SERVING), for `modules check`. */
  async health(): Promise<string> {
    const res = (await this.call(healthService(), 'Check', { service: HEALTH_MODULE })) as { status: string };
    return res.status;
  }

  private async bringUp(first: boolean): Promise<void> {
    this.setState('starting', first ? 'booting' : 'restarting');
    const target = await this.connect();
    this.channel = new Channel(target, this.credentials(), {
      'grpc.initial_reconnect_backoff_ms': 100,
      'grpc.max_reconnect_backoff_ms': 3000,
      // Channelz: per-call counters and traces that nothing here reads.
      'grpc.enable_channelz': 0,
    });
    const status = await this.checkHealth();
    const d = (await this.call(moduleService(), 'Describe', {})) as Description;
    this.checkDescription(d);
    this.description = d;
    if (status !== 'SERVING') {
      const schema = d.configSchemaJson ? (JSON.parse(d.configSchemaJson) as JsonSchema) : undefined;
      const config = this.validateConfig(schema);
      await this.call(moduleService(), 'Configure', {
        configJson: JSON.stringify(config),
        apiVersion: this.apiVersion,
        stateDir: this.spec.dirs.state,
        runDir: this.spec.dirs.run,
      });
      await this.call(moduleService(), 'Start', {});
    }
    this.bindInstance(d);
    this.watchHealth();
    this.setState('running', first ? 'started' : `restarted (${this.restarts})`);
  }

  private async connect(): Promise<string> {
    if (this.spec.endpoint) return grpcTarget(parseEndpoint(this.spec.endpoint));
    mkdirSync(this.spec.dirs.run, { recursive: true });
    const common = { uri: this.uri, apiVersions: KINDS[this.spec.kind].apiVersions, socketDir: this.spec.dirs.run, log: this.spec.log };
    const proc = this.spec.thread
      ? await startThread({ ...common, modulePath: this.spec.thread.modulePath })
      : await spawnModule({ ...common, exec: this.spec.exec! });
    this.proc = proc;
    this.apiVersion = proc.handshake.api;
    proc.exited.then(({ code, signal }) => {
      if (this.proc !== proc || this.stopped) return;
      this.wentDown(`${this.mode === 'thread' ? 'thread' : 'process'} exited (${signal ?? `code ${code}`})`);
    });
    return grpcTarget(proc.handshake as Handshake);
  }

  /** Plain for spawned modules (a private unix socket); TLS to an endpoint when `tls` is set. */
  private credentials(): ChannelCredentials {
    const tls = this.spec.tls;
    if (!tls || !this.spec.endpoint) return credentials.createInsecure();
    return credentials.createSsl(tls.ca ?? null, tls.key ?? null, tls.cert ?? null);
  }

  private async checkHealth(): Promise<string> {
    try {
      return await this.health();
    } catch (err) {
      const tls = this.spec.tls && this.spec.endpoint ? ` (over TLS, verifying the module's certificate with the CA ${this.spec.tls.caFile ?? 'given'})` : '';
      throw new PlateauError(ErrorCodes.moduleStart, `module ${this.uri}: health check failed${tls}: ${messageOf(err)}`);
    }
  }

  private checkDescription(d: Description): void {
    const problems: string[] = [];
    if (d.kind !== this.spec.kind) problems.push(`kind is '${d.kind}', config says '${this.spec.kind}'`);
    if (this.spec.name && d.name !== this.spec.name) problems.push(`name is '${d.name}', config says '${this.spec.name}'`);
    const api = chooseApiVersion(KINDS[this.spec.kind].apiVersions, d.apiVersions);
    if (!api) problems.push(`serves API ${d.apiVersions.join(',') || 'none'}, kernel speaks ${KINDS[this.spec.kind].apiVersions.join(',')}`);
    for (const p of d.provides) if (!isKind(p)) problems.push(`provides unknown kind '${p}'`);
    if (problems.length) {
      throw new PlateauError(ErrorCodes.moduleDescribe, `module modules.${this.spec.instance}: Describe disagrees with config: ${problems.join('; ')}`);
    }
    if (this.mode === 'endpoint') this.apiVersion = api!;
  }

  private validateConfig(schema: JsonSchema | undefined): unknown {
    const config = structuredClone(this.spec.config ?? {});
    if (!schema) {
      if (this.spec.config !== undefined && Object.keys(this.spec.config as object).length > 0) {
        throw new PlateauError(ErrorCodes.moduleConfig, `modules.${this.spec.instance}.config: module ${this.uri} accepts no config`);
      }
      return config;
    }
    const problems = validateWithSchema(schema, config);
    if (problems.length) {
      throw new PlateauError(
        ErrorCodes.moduleConfig,
        problems.map((p) => `modules.${this.spec.instance}.config${p.path ? `.${p.path}` : ''}: ${p.message}`).join('\n'),
      );
    }
    return config;
  }

  private bindInstance(d: Description): void {
    for (const kind of [d.kind, ...d.provides] as KindName[]) {
      const service = kindService(kind);
      Object.assign(
        this.instance,
        fromClient(service, {
          uri: this.uri,
          deadlineMs: this.spec.callDeadlineMs ?? 10_000,
          metrics: this.spec.metrics,
          module: this.spec.instance,
          client: () => (this.state === 'running' ? this.clientFor(service) : new ModuleDownError(this.uri, this.downReason())),
        }),
      );
    }
  }

  private downReason(): string {
    if (this.state === 'stopped') return 'stopped';
    const secs = this.downSince ? ((Date.now() - this.downSince) / 1000).toFixed(1) : '0';
    const attempt = this.state === 'starting' ? `restart #${this.restarts} in progress` : `restart #${this.restarts + 1} pending`;
    return `${this.state} for ${secs}s (${attempt})`;
  }

  private clientFor(service: ServiceDefinition): Client {
    let c = this.clients.get(service as never);
    if (!c) {
      const Ctor = makeClientConstructor(service, '');
      c = new Ctor('unused', credentials.createInsecure(), { channelOverride: this.channel });
      this.clients.set(service as never, c);
    }
    return c;
  }

  private call(service: ServiceDefinition, rpc: string, req: unknown, deadlineMs = this.spec.callDeadlineMs ?? 10_000): Promise<unknown> {
    const client = this.clientFor(service) as unknown as Record<string, Rpc>;
    return new Promise((resolve, reject) =>
      client[rpc]!.call(client, req, new Metadata(), { deadline: Date.now() + deadlineMs }, (err, res) =>
        err ? reject(fromGrpcError(err, this.uri, rpc)) : resolve(res),
      ),
    );
  }

  /** Health.Watch is the liveness signal for both modes: the stream ending means the module is gone. */
  private watchHealth(): void {
    const client = this.clientFor(healthService()) as unknown as Record<string, (req: unknown) => NodeJS.ReadableStream & { cancel(): void }>;
    const channel = this.channel;
    const stream = client.Watch!.call(client, { service: HEALTH_MODULE });
    const gone = (why: string) => {
      if (this.channel === channel && !this.stopped) this.wentDown(why);
    };
    stream.on('data', (msg: { status: string }) => {
      if (msg.status === 'NOT_SERVING' && this.state === 'running') gone('module reports NOT_SERVING');
    });
    stream.on('error', (err: ServiceError) => gone(`health stream: ${err.details || err.message}`));
    stream.on('end', () => gone('health stream ended'));
  }

  private wentDown(why: string): void {
    if (this.state === 'down' || this.state === 'stopped') return;
    this.downSince = Date.now();
    this.setState('down', why);
    void this.teardown(500).then(() => this.scheduleRestart());
  }

  private scheduleRestart(): void {
    if (this.stopped) return;
    const cap = this.spec.maxBackoffMs ?? 5000;
    this.backoffMs = Math.min(cap, this.backoffMs ? this.backoffMs * 2 : 100);
    this.spec.log.warn({ backoffMs: this.backoffMs }, `module ${this.uri} is down; retrying in ${this.backoffMs} ms`);
    this.retryTimer = setTimeout(() => {
      this.restarts += 1;
      this.bringUp(false).then(
        () => {
          this.backoffMs = 0;
          this.downSince = 0;
        },
        async (err: unknown) => {
          this.setState('down', messageOf(err));
          await this.teardown(500);
          this.scheduleRestart();
        },
      );
    }, this.backoffMs);
  }

  private async teardown(graceMs: number): Promise<void> {
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
    this.channel?.close();
    this.channel = undefined;
    const proc = this.proc;
    this.proc = undefined;
    if (proc && isAlive(proc)) {
      proc.kill('SIGTERM');
      // The grace timer is cleared once the process exits: left pending, it would hold the
      // kernel's event loop (and a CLI command's exit) for the whole grace period.
      let grace: NodeJS.Timeout | undefined;
      const killed = await Promise.race([
        proc.exited.then(() => true),
        new Promise<boolean>((r) => (grace = setTimeout(() => r(false), graceMs))),
      ]);
      clearTimeout(grace);
      if (!killed) {
        proc.kill('SIGKILL');
        await proc.exited;
      }
    } else if (proc) {
      proc.kill('SIGKILL'); // the module exited; reap anything it left in its group
    }
  }

  private setState(state: RemoteState, detail: string): void {
    this.state = state;
    const level = state === 'down' ? 'error' : 'info';
    this.spec.log[level]({ state }, `module ${this.uri}: ${state}: ${detail}`);
    this.spec.onState?.(state, detail);
  }
}

/** Whether a spawned process or a module thread still runs. */
function isAlive(proc: SpawnedModule | ThreadModule): boolean {
  return 'child' in proc ? proc.child.exitCode === null && proc.child.signalCode === null : proc.alive;
}
