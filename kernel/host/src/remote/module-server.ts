import { Server, ServerCredentials, type ServerWritableStream, type ServerUnaryCall, type sendUnaryData, status } from '@grpc/grpc-js';
import pino from 'pino';
import { Registry } from 'prom-client';
import { mkdirSync, readFileSync } from 'node:fs';
import { ErrorCodes, InvalidError, PlateauError, toError } from '../contract/errors';
import { kindsOf, type CreateContext, type ModuleDefinition } from '../contract/module';
import { healthService, kindService, moduleService } from '../contract/proto';
import { validateWithSchema } from '../contract/schema';
import { Tokens, systemClock, type Logger } from '../contract/services';
import { tokenId, tokenTarget, type Token } from '../contract/tokens';
import { toServer } from './adapter';
import { toGrpcError } from './errors';
import { HEALTH_MODULE } from '../contract/kinds';

/** A module served over gRPC: its address and how to shut it down. */
export interface ModuleServer {
  /** The gRPC target clients dial: `unix:///…` or `127.0.0.1:port`. */
  target: string;
  /** Stops the instance (if started) and the server. */
  close(deadlineMs?: number): Promise<void>;
}

type HealthStatus = 'SERVING' | 'NOT_SERVING';

/** TLS of a module served at a TCP address: its certificate and key, and the CA of client certificates it requires. */
export interface ModuleServerTls {
  cert: Buffer;
  key: Buffer;
  /** With it, clients must present a certificate that chains to it (mutual TLS). */
  clientCa?: Buffer;
}

/** Environment variables a module server reads its TLS files from (PEM paths). */
export const MODULE_TLS_ENV = {
  cert: 'PLATEAU_MODULE_TLS_CERT',
  key: 'PLATEAU_MODULE_TLS_KEY',
  clientCa: 'PLATEAU_MODULE_TLS_CLIENT_CA',
} as const;

/**
 * moduleServerTlsFromEnv: the TLS files PLATEAU_MODULE_TLS_CERT / _KEY (and _CLIENT_CA for mutual
 * TLS) name; undefined when neither cert nor key is set. Throws naming the variable and the file
 * that cannot be read, or when only one of cert and key is set.
 */
export function moduleServerTlsFromEnv(env: NodeJS.ProcessEnv = process.env): ModuleServerTls | undefined {
  const cert = env[MODULE_TLS_ENV.cert];
  const key = env[MODULE_TLS_ENV.key];
  const clientCa = env[MODULE_TLS_ENV.clientCa];
  if (!cert && !key) {
    if (clientCa) throw new InvalidError(`${MODULE_TLS_ENV.clientCa} is set without ${MODULE_TLS_ENV.cert} and ${MODULE_TLS_ENV.key}`);
    return undefined;
  }
  if (!cert || !key) throw new InvalidError(`TLS needs both ${MODULE_TLS_ENV.cert} and ${MODULE_TLS_ENV.key}`);
  const read = (name: string, file: string) => {
    try {
      return readFileSync(file);
    } catch (e) {
      throw new InvalidError(`${name}: cannot read ${file}: ${(e as Error).message}`);
    }
  };
  return {
    cert: read(MODULE_TLS_ENV.cert, cert),
    key: read(MODULE_TLS_ENV.key, key),
    clientCa: clientCa ? read(MODULE_TLS_ENV.clientCa, clientCa) : undefined,
  };
}

function serverCredentials(tls: ModuleServerTls | undefined): ServerCredentials {
  if (!tls) return ServerCredentials.createInsecure();
  return ServerCredentials.createSsl(tls.clientCa ?? null, [{ private_key: tls.key, cert_chain: tls.cert }], tls.clientCa !== undefined);
}

/**
 * startModuleServer: serves `def` over gRPC at `address` (`unix:///path` or `127.0.0.1:0`): the
 * base Module service, grpc.health.v1, and the service of every kind the module serves. The
 * instance is created on Configure, exactly as the host would create it in-process. With `tls`
 * (or, at a TCP address, the PLATEAU_MODULE_TLS_* variables) it speaks TLS, and with a client CA
 * it refuses clients without a certificate from that CA.
 */
export async function startModuleServer(
  def: ModuleDefinition,
  opts: { address: string; log?: Logger; tls?: ModuleServerTls },
): Promise<ModuleServer> {
  const tls = opts.tls ?? (opts.address.startsWith('unix:') ? undefined : moduleServerTlsFromEnv());
  const log = opts.log ?? pino({ name: `${def.kind}.${def.name}` }, pino.destination(2));
  let instance: Record<string, unknown> | undefined;
  let ctx: CreateContext<unknown, Record<string, Token<unknown>>> | undefined;
  let health: HealthStatus = 'NOT_SERVING';
  const watchers = new Set<ServerWritableStream<unknown, unknown>>();
  const setHealth = (s: HealthStatus) => {
    health = s;
    for (const w of watchers) w.write({ status: s });
  };
  const unary = (fn: (req: Record<string, unknown>) => Promise<unknown>) =>
    (call: ServerUnaryCall<Record<string, unknown>, unknown>, cb: sendUnaryData<unknown>) => {
      fn(call.request).then((r) => cb(null, r), (e) => cb(toGrpcError(e) as never));
    };

  // Channelz off: its per-call bookkeeping is read by nothing here (see remote-module.ts).
  const server = new Server({ 'grpc.enable_channelz': 0 });
  server.addService(moduleService(), {
    Describe: unary(async () => ({
      kind: def.kind,
      name: def.name,
      version: def.version,
      apiVersions: def.apiVersions,
      configSchemaJson: def.configSchema ? JSON.stringify(def.configSchema) : '',
      provides: def.provides ?? [],
    })),
    Configure: unary(async (req) => {
      if (instance) throw new PlateauError(ErrorCodes.conflict, 'module is already configured');
      const config = parseConfig(def, String(req.configJson ?? ''));
      const dirs = { state: String(req.stateDir || ''), run: String(req.runDir || '') };
      for (const d of Object.values(dirs)) if (d) mkdirSync(d, { recursive: true });
      ctx = { config, deps: remoteDeps(def, log, dirs) as never, dirs, log, apiVersion: String(req.apiVersion || def.apiVersions.at(-1)) };
      instance = (await def.create(ctx)) as Record<string, unknown>;
      return {};
    }),
    Start: unary(async () => {
      if (!instance || !ctx) throw new PlateauError(ErrorCodes.notReady, 'Start before Configure');
      await def.start?.(instance, ctx);
      setHealth('SERVING');
      return {};
    }),
    Stop: unary(async (req) => {
      setHealth('NOT_SERVING');
      if (instance) await def.stop?.(instance, { deadlineMs: Number(req.deadlineMs) || 5000 });
      instance = undefined;
      return {};
    }),
  });
  server.addService(healthService(), {
    Check: (call: ServerUnaryCall<{ service: string }, unknown>, cb: sendUnaryData<unknown>) => {
      const svc = call.request.service;
      if (svc !== '' && svc !== HEALTH_MODULE) return cb({ code: status.NOT_FOUND, details: `unknown service '${svc}'` }, null);
      cb(null, { status: health });
    },
    Watch: (call: ServerWritableStream<unknown, unknown>) => {
      watchers.add(call);
      call.write({ status: health });
      call.on('cancelled', () => watchers.delete(call));
    },
  });
  const current = () => {
    if (!instance) throw new PlateauError(ErrorCodes.notReady, `module ${def.kind}.${def.name} is not configured`);
    return instance;
  };
  for (const kind of kindsOf(def)) server.addService(kindService(kind), toServer(kindService(kind), current));

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(opts.address, serverCredentials(tls), (err, p) => (err ? reject(err) : resolve(p))),
  );
  const target = opts.address.startsWith('unix:') ? opts.address : opts.address.replace(/:0$/, `:${port}`);
  return {
    target,
    async close(deadlineMs = 5000) {
      setHealth('NOT_SERVING');
      for (const w of watchers) w.end();
      if (instance) await Promise.resolve(def.stop?.(instance, { deadlineMs })).catch((e: unknown) => log.error({ err: toError(e) }, 'stop failed'));
      instance = undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => { server.forceShutdown(); resolve(); }, deadlineMs);
        server.tryShutdown(() => { clearTimeout(timer); resolve(); });
      });
    },
  };
}

function parseConfig(def: ModuleDefinition, json: string): unknown {
  let config: unknown = {};
  if (json) {
    try {
      config = JSON.parse(json);
    } catch (e) {
      throw new InvalidError(`config is not JSON: ${(e as Error).message}`);
    }
  }
  if (!def.configSchema) return config;
  const problems = validateWithSchema(def.configSchema, config);
  if (problems.length > 0) {
    throw new PlateauError(ErrorCodes.moduleConfig, problems.map((p) => `config.${p.path}: ${p.message}`).join('; '));
  }
  return config;
}

/** Kernel services an out-of-process module can have: its own logger, metrics, clock and dirs. */
function remoteDeps(def: ModuleDefinition, log: Logger, dirs: { state: string; run: string }) {
  const services: Record<string, unknown> = {
    [tokenId(Tokens.logger)]: log,
    [tokenId(Tokens.metrics)]: new Registry(),
    [tokenId(Tokens.clock)]: systemClock,
    [tokenId(Tokens.dirs)]: dirs,
    [tokenId(Tokens.config)]: {},
  };
  const deps: Record<string, unknown> = {};
  for (const [key, token] of Object.entries(def.deps ?? {})) {
    const target = tokenTarget(token);
    if (target.type !== 'service' || !(target.id in services)) {
      throw new PlateauError(
        ErrorCodes.moduleDependency,
        `module ${def.kind}.${def.name} depends on ${tokenId(token)} (deps.${key}), which an out-of-process module cannot have`,
      );
    }
    deps[key] = services[target.id];
  }
  return deps;
}
