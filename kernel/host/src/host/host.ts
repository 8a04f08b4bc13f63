import 'reflect-metadata';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { AggregateProblems, EntryError, ErrorCodes, PlateauError, SkipModule, UnsupportedError, messageOf } from '../contract/errors';
import { startOrder } from './graph';
import { KINDS, isKind, OPTIONAL_RPCS, type KindName } from '../contract/kinds';
import { chooseApiVersion, kindsOf, type CreateContext, type JsonSchema, type ModuleDefinition } from '../contract/module';
import { kindService } from '../contract/proto';
import { loadUse } from './resolve';
import { validateWithSchema } from '../contract/schema';
import { Tokens, systemClock, type Clock, type Logger, type ModuleDirs } from '../contract/services';
import { asInjection, moduleRef, tokenId, tokenTarget, type Token } from '../contract/tokens';
import { rpcMethods } from '../remote/adapter';
import { RemoteModule } from '../remote/remote-module';
import { readClientTls, tlsBase, TlsFileError, type ClientTlsConfig } from '../config/tls';
import type { ClientTls } from '../contract/tls';
import type { ExecSpec } from '../remote/spawn';

/** One `modules.<instance>` entry of the config. */
export interface ModuleEntry {
  use?: string;
  /** With `use`: run the package in a worker thread, served over gRPC like a spawned module. */
  thread?: boolean;
  kind?: string;
  name?: string;
  exec?: ExecSpec;
  endpoint?: string;
  /** TLS to an endpoint: PEM paths relative to the config file. */
  tls?: ClientTlsConfig;
  config?: unknown;
  required?: boolean;
}

/** How a module runs. */
export type ModuleMode = 'in-process' | 'thread' | 'spawn' | 'endpoint';
/** Where a module is in its life. */
export type ModuleState = 'loaded' | 'starting' | 'running' | 'skipped' | 'failed' | 'down' | 'stopped';

/** The host's record of one module instance. */
export interface ModuleHandle {
  instance: string;
  entry: ModuleEntry;
  kind: KindName;
  name: string;
  version: string;
  mode: ModuleMode;
  state: ModuleState;
  detail?: string;
  def?: ModuleDefinition;
  /** The file `use:` resolved to (a module thread loads it). */
  file?: string;
  remote?: RemoteModule;
  /** The TLS material of an endpoint dialed over TLS. */
  tls?: ClientTls;
  value?: Record<string, unknown>;
  ctx?: CreateContext<unknown, Record<string, Token<unknown>>>;
}

/** What the host needs to run. */
export interface HostOptions {
  /** `modules:` of the config, keyed by instance name. */
  modules: Record<string, ModuleEntry>;
  /** The config file, to resolve `use: ./path` and name it in errors. */
  configFile?: string;
  /** Root for module directories: `<workDir>/modules/<instance>/{state,run}`. */
  workDir: string;
  logger: Logger;
  metrics?: Registry;
  clock?: Clock;
  /** The whole config, injected as Tokens.config. */
  config?: Record<string, unknown>;
  /** Deadline for each module's create+start, ms. */
  startDeadlineMs?: number;
}

/**
 * ModuleHost: loads the modules a config names, starts them in dependency order through a
 * tsyringe child container each, and stops them in reverse. In-process, threaded, spawned and dialed
 * modules look the same to the rest of the kernel: an object with their kind's methods.
 */
export class ModuleHost {
  readonly handles = new Map<string, ModuleHandle>();
  readonly container: DependencyContainer;
  private started: ModuleHandle[] = [];

  constructor(private readonly opts: HostOptions) {
    this.container = rootContainer.createChildContainer();
    const c = this.container;
    c.register(asInjection(Tokens.logger), { useValue: opts.logger });
    c.register(asInjection(Tokens.metrics), { useValue: opts.metrics ?? new Registry() });
    c.register(asInjection(Tokens.clock), { useValue: opts.clock ?? systemClock });
    c.register(asInjection(Tokens.config), { useValue: Object.freeze({ ...(opts.config ?? {}) }) });
  }

  /**
   * load: resolves every entry (in-process packages are required now; out-of-process ones are
   * described when they start). Collects every problem, then throws them together.
   */
  load(): void {
    const problems: PlateauError[] = [];
    for (const [instance, entry] of Object.entries(this.opts.modules)) {
      try {
        this.handles.set(instance, this.loadOne(instance, entry));
      } catch (err) {
        problems.push(err instanceof PlateauError ? err : new PlateauError(ErrorCodes.moduleInvalid, messageOf(err)));
      }
    }
    if (problems.length === 1) throw problems[0];
    if (problems.length > 1) throw new AggregateProblems(problems);
  }

  private loadOne(instance: string, entry: ModuleEntry): ModuleHandle {
    const at = (key: string) => ['modules', instance, key];
    if (entry.thread && !entry.use) {
      // Not an EntryError: the config schema has already reported this key.
      throw new PlateauError(ErrorCodes.moduleInvalid, `modules.${instance}.thread: 'thread' runs a 'use' package in a worker thread`);
    }
    if (entry.use) {
      const { def, file } = loadUse(entry.use, this.opts.configFile, at('use'));
      if (entry.kind && entry.kind !== def.kind) {
        throw new EntryError(ErrorCodes.moduleDescribe, at('kind'), `'${entry.use}' is a ${def.kind} module, config says kind '${entry.kind}'`);
      }
      if (!isKind(def.kind)) throw new EntryError(ErrorCodes.moduleInvalid, at('use'), `'${entry.use}' declares unknown kind '${def.kind}'`);
      const mode: ModuleMode = entry.thread ? 'thread' : 'in-process';
      return { instance, entry, kind: def.kind, name: def.name, version: def.version, mode, state: 'loaded', def, file };
    }
    if (!entry.kind || !isKind(entry.kind)) {
      throw new EntryError(ErrorCodes.moduleUnknown, at('kind'), `unknown kind '${entry.kind ?? ''}' (known: ${Object.keys(KINDS).join(', ')})`);
    }
    const mode: ModuleMode = entry.exec ? 'spawn' : 'endpoint';
    const tls = this.endpointTls(instance, entry);
    return { instance, entry, kind: entry.kind, name: entry.name ?? instance, version: '-', mode, state: 'loaded', tls };
  }

  /** Reads `modules.<instance>.tls`; an unusable file is an EntryError at its key. */
  private endpointTls(instance: string, entry: ModuleEntry): ClientTls | undefined {
    if (entry.tls === undefined) return undefined;
    try {
      return readClientTls(entry.tls, tlsBase(this.opts.configFile), ['modules', instance, 'tls']);
    } catch (err) {
      if (err instanceof TlsFileError) throw new EntryError(ErrorCodes.moduleInvalid, err.path, err.message);
      throw err;
    }
  }

  /** JSON Schemas of the in-process modules' configs, for validation with YAML positions. */
  moduleSchemas(): Map<string, JsonSchema | undefined> {
    const out = new Map<string, JsonSchema | undefined>();
    for (const h of this.handles.values()) if (h.def) out.set(h.instance, h.def.configSchema);
    return out;
  }

  /** The order modules start in (dependencies first); throws on a cycle naming it. */
  order(): ModuleHandle[] {
    const nodes = [...this.handles.values()].map((h) => ({ id: h.instance, needs: this.dependencies(h) }));
    return startOrder(nodes).map((id) => this.handles.get(id)!);
  }

  private dependencies(h: ModuleHandle): string[] {
    const needs: string[] = [];
    for (const [key, token] of Object.entries(h.def?.deps ?? {})) {
      const t = tokenTarget(token);
      if (t.type === 'service') continue;
      const providers = [...this.handles.values()].filter(
        (o) => o !== h && (o.def ? kindsOf(o.def) : [o.kind]).includes(t.kind as KindName) && (t.type === 'kind' || o.name === t.name),
      );
      if (t.type === 'module' && providers.length === 0) {
        throw new PlateauError(
          ErrorCodes.moduleDependency,
          `modules.${h.instance} (${h.kind}.${h.name}): deps.${key} needs module ${t.kind}.${t.name}, which no entry in modules: provides`,
        );
      }
      needs.push(...providers.map((p) => p.instance));
    }
    return needs;
  }

  /**
   * start: creates and starts every module in dependency order. A SkipModule skips the module
   * (fails if `required`); any other failure stops what already started and is thrown.
   */
  async start(): Promise<void> {
    const order = this.order();
    for (const h of order) {
      try {
        await this.startOne(h);
      } catch (err) {
        h.state = 'failed';
        h.detail = messageOf(err);
        await this.stop(5000);
        throw err instanceof PlateauError && err.code !== ErrorCodes.internal
          ? err
          : new PlateauError(ErrorCodes.moduleStart, `modules.${h.instance} (${h.kind}.${h.name}): ${messageOf(err)}`);
      }
    }
  }

  private async startOne(h: ModuleHandle): Promise<void> {
    try {
      await this.bootOne(h);
    } catch (err) {
      if (!(err instanceof SkipModule)) throw err;
      if (h.entry.required) {
        throw new PlateauError(ErrorCodes.moduleStart, `modules.${h.instance} (${h.kind}.${h.name}) is required but cannot run here: ${err.reason}`);
      }
      h.state = 'skipped';
      h.detail = err.reason;
      this.opts.logger.warn({ instance: h.instance, reason: err.reason }, `module ${h.kind}.${h.name} skipped: ${err.reason}`);
    }
  }

  private async bootOne(h: ModuleHandle): Promise<void> {
    const log = this.opts.logger.child({ module: `${h.kind}.${h.name}`, instance: h.instance });
    const dirs = this.dirsFor(h.instance);
    h.state = 'starting';
    if (h.mode !== 'in-process') {
      h.remote = new RemoteModule({
        instance: h.instance,
        kind: h.kind,
        name: h.mode === 'thread' ? h.name : h.entry.name,
        exec: h.entry.exec,
        thread: h.mode === 'thread' ? { modulePath: h.file! } : undefined,
        endpoint: h.entry.endpoint,
        tls: h.tls,
        config: h.entry.config ?? {},
        dirs,
        log,
        metrics: this.container.resolve(asInjection(Tokens.metrics)) as Registry,
        onState: (state, detail) => {
          if (h.state === 'stopped') return;
          h.state = state === 'starting' ? 'starting' : state;
          h.detail = detail;
        },
      });
      await h.remote.boot();
      h.name = h.remote.description!.name;
      h.version = h.remote.description!.version;
      this.register(h, h.remote.instance, [h.kind, ...(h.remote.description!.provides as KindName[])]);
      this.started.push(h);
      return;
    }
    const def = h.def!;
    const apiVersion = chooseApiVersion(KINDS[def.kind].apiVersions, def.apiVersions);
    const child = this.container.createChildContainer();
    child.register(asInjection(Tokens.logger), { useValue: log });
    child.register(asInjection(Tokens.dirs), { useValue: dirs });
    const ctx: CreateContext<unknown, Record<string, Token<unknown>>> = {
      config: this.moduleConfig(h, def),
      deps: {},
      dirs,
      log,
      apiVersion: apiVersion ?? '',
    };
    if (!apiVersion) {
      throw new SkipModule(`serves API ${def.apiVersions.join(',')}, kernel speaks ${KINDS[def.kind].apiVersions.join(',')}`);
    }
    ctx.deps = this.resolveDeps(h, child);
    const value = (await withDeadline(Promise.resolve(def.create(ctx)), this.startDeadline, `${h.instance}: create`)) as Record<string, unknown>;
    this.checkInterface(h, def, value);
    h.value = value;
    h.ctx = ctx;
    this.started.push(h);
    await withDeadline(Promise.resolve(def.start?.(value, ctx)), this.startDeadline, `${h.instance}: start`);
    this.register(h, h.value!, kindsOf(def));
    h.state = 'running';
    log.info({ version: def.version }, `module ${h.kind}.${h.name} started`);
  }

  /** The entry's config checked against the module's schema, with defaults filled in. */
  private moduleConfig(h: ModuleHandle, def: ModuleDefinition): unknown {
    const config = structuredClone(h.entry.config ?? {});
    if (!def.configSchema) {
      if (Object.keys(config as object).length > 0) {
        throw new PlateauError(ErrorCodes.moduleConfig, `modules.${h.instance}.config: module ${def.kind}.${def.name} accepts no config`);
      }
      return config;
    }
    const problems = validateWithSchema(def.configSchema, config);
    if (problems.length) {
      const where = (p: { path: string }) => `modules.${h.instance}.config${p.path ? `.${p.path}` : ''}`;
      throw new PlateauError(ErrorCodes.moduleConfig, problems.map((p) => `${where(p)}: ${p.message}`).join('\n'));
    }
    return config;
  }

  private get startDeadline(): number {
    return this.opts.startDeadlineMs ?? 60_000;
  }

  private resolveDeps(h: ModuleHandle, child: DependencyContainer): Record<string, unknown> {
    const deps: Record<string, unknown> = {};
    for (const [key, token] of Object.entries(h.def?.deps ?? {})) {
      const t = tokenTarget(token);
      if (t.type === 'kind') {
        deps[key] = this.get(t.kind as KindName);
      } else if (child.isRegistered(asInjection(token), true)) {
        deps[key] = child.resolve(asInjection(token));
      } else {
        const what = t.type === 'module' ? `module ${t.kind}.${t.name} (not running: skipped or failed)` : `kernel service ${tokenId(token)}`;
        throw new PlateauError(ErrorCodes.moduleDependency, `modules.${h.instance} (${h.kind}.${h.name}): deps.${key} needs ${what}`);
      }
    }
    return deps;
  }

  private checkInterface(h: ModuleHandle, def: ModuleDefinition, value: Record<string, unknown>): void {
    const missing: string[] = [];
    for (const kind of kindsOf(def)) {
      for (const m of rpcMethods(kindService(kind))) {
        if (typeof value?.[m.name] === 'function') continue;
        if (kind === 'hook' || OPTIONAL_RPCS.includes(`${KINDS[kind].service}.${m.rpc}` as never)) {
          // Hooks implement only the hook points they care about, and any module may leave out an
          // RPC added to its kind later; the rest answer Unsupported, as over gRPC.
          const unsupported = () => new UnsupportedError(`${def.kind}.${def.name} does not implement ${m.rpc}`);
          // A streaming RPC answers with a stream that fails, as its gRPC client does.
          value[m.name] = m.streaming
            ? () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(unsupported()) }) })
            : () => Promise.reject(unsupported());
        } else {
          missing.push(`${kind}.${m.name}`);
        }
      }
    }
    if (missing.length) {
      throw new PlateauError(ErrorCodes.moduleInvalid, `modules.${h.instance} (${def.kind}.${def.name}): instance lacks ${missing.join(', ')}`);
    }
  }

  private register(h: ModuleHandle, value: Record<string, unknown>, kinds: KindName[]): void {
    for (const kind of kinds) this.container.register(asInjection(moduleRef(kind, h.name)), { useValue: value });
  }

  private dirsFor(instance: string): ModuleDirs {
    const root = join(this.opts.workDir, 'modules', instance);
    const dirs = { state: join(root, 'state'), run: join(root, 'run') };
    rmSync(dirs.run, { recursive: true, force: true });
    mkdirSync(dirs.state, { recursive: true });
    mkdirSync(dirs.run, { recursive: true });
    return dirs;
  }

  /** Every running module serving `kind`, in start order. */
  get<T = Record<string, unknown>>(kind: KindName): T[] {
    return this.started
      .filter((h) => h.state === 'running' || h.state === 'down' || h.state === 'starting')
      .filter((h) => (h.def ? kindsOf(h.def) : [h.kind, ...((h.remote?.description?.provides ?? []) as KindName[])]).includes(kind))
      .map((h) => (h.value ?? h.remote!.instance) as T);
  }

  /** The module instance configured under `modules.<instance>`, if it runs. */
  instance<T = Record<string, unknown>>(instance: string): T | undefined {
    const h = this.handles.get(instance);
    return (h?.value ?? h?.remote?.instance) as T | undefined;
  }

  /** Rows for `plateau modules list`. */
  list(): Array<Pick<ModuleHandle, 'instance' | 'kind' | 'name' | 'version' | 'mode' | 'state' | 'detail'>> {
    return [...this.handles.values()].map(({ instance, kind, name, version, mode, state, detail }) => ({ instance, kind, name, version, mode, state, detail }));
  }

  /** Health of every started module: in-process modules are healthy when running; others are asked. */
  async health(): Promise<Array<{ instance: string; ok: boolean; detail: string }>> {
    const out = [];
    for (const h of this.handles.values()) {
      if (h.remote) {
        try {
          const s = await h.remote.health();
          out.push({ instance: h.instance, ok: s === 'SERVING', detail: s });
        } catch (err) {
          out.push({ instance: h.instance, ok: false, detail: messageOf(err) });
        }
      } else {
        out.push({ instance: h.instance, ok: h.state === 'running' || h.state === 'skipped', detail: h.detail ?? h.state });
      }
    }
    return out;
  }

  /** Stops every started module in reverse start order, all within `deadlineMs`. */
  async stop(deadlineMs = 10_000): Promise<void> {
    const end = Date.now() + deadlineMs;
    for (const h of this.started.reverse()) {
      const left = Math.max(100, end - Date.now());
      try {
        if (h.remote) await h.remote.stop(left);
        else if (h.def?.stop && h.value) await withDeadline(Promise.resolve(h.def.stop(h.value, { deadlineMs: left })), left, `${h.instance}: stop`);
      } catch (err) {
        this.opts.logger.error({ instance: h.instance, err: messageOf(err) }, `module ${h.kind}.${h.name} did not stop cleanly`);
      }
      h.state = 'stopped';
    }
    this.started = [];
  }
}

/** Races `p` against a deadline; the error names what was late. */
export async function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PlateauError(ErrorCodes.deadline, `${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}
