import type {
  Client,
  MethodDefinition,
  ServerUnaryCall,
  ServerWritableStream,
  ServiceDefinition,
  ServiceError,
  UntypedServiceImplementation,
  sendUnaryData,
} from '@grpc/grpc-js';
import { Metadata } from '@grpc/grpc-js';
import { Histogram, type Registry } from 'prom-client';
import { ErrorCodes, PlateauError, UnsupportedError } from '../contract/errors';
import { fromGrpcError, toGrpcError } from './errors';

/** One RPC of a service, as the adapters see it. */
export interface RpcMethod {
  /** RPC name as in the proto: `Prepare`. */
  rpc: string;
  /** Method name on the TypeScript interface: `prepare`. */
  name: string;
  /** Whether the response is a server stream. */
  streaming: boolean;
}

/** The RPCs of a service definition, with their TypeScript method names. */
export function rpcMethods(service: ServiceDefinition): RpcMethod[] {
  return Object.entries(service).map(([rpc, def]) => {
    const m = def as MethodDefinition<unknown, unknown>;
    if (m.requestStream) throw new TypeError(`${m.path}: client streaming is not part of any module kind`);
    return { rpc, name: rpc.charAt(0).toLowerCase() + rpc.slice(1), streaming: m.responseStream };
  });
}

type AnyImpl = Record<string, unknown>;
type Fn = (req: unknown) => unknown;

/**
 * toServer: gRPC handlers for `service` that call `impl()` (looked up per call, so the instance
 * may be created after the server starts). Thrown errors keep their Plateau code on the wire.
 */
export function toServer(service: ServiceDefinition, impl: () => AnyImpl): UntypedServiceImplementation {
  const handlers: UntypedServiceImplementation = {};
  for (const m of rpcMethods(service)) {
    const target = () => {
      const obj = impl();
      const fn = obj[m.name];
      if (typeof fn !== 'function') throw new UnsupportedError(`this module does not implement ${m.rpc}`);
      return (fn as Fn).bind(obj);
    };
    handlers[m.rpc] = m.streaming
      ? async (call: ServerWritableStream<unknown, unknown>) => {
          let iterator: AsyncIterator<unknown> | undefined;
          call.on('cancelled', () => void iterator?.return?.());
          try {
            iterator = (target()(call.request) as AsyncIterable<unknown>)[Symbol.asyncIterator]();
            for (;;) {
              const next = await iterator.next();
              if (next.done || call.cancelled) break;
              call.write(next.value);
            }
            call.end();
          } catch (err) {
            if (!call.cancelled) call.emit('error', toGrpcError(err));
          }
        }
      : (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
          Promise.resolve()
            .then(() => target()(call.request))
            .then(
              (res) => callback(null, res ?? {}),
              (err) => callback(toGrpcError(err) as ServiceError),
            );
        };
  }
  return handlers;
}

/** How a client adapter reaches its module. */
export interface ClientBinding {
  /** The module's URI, for error messages. */
  uri: string;
  /** The current gRPC client, or an error explaining why there is none (module down). */
  client(): Client | PlateauError;
  /** Deadline for unary calls, in ms. */
  deadlineMs: number;
  /** Registry of the call latency histogram (plateau_module_call_seconds); none: calls are not timed. */
  metrics?: Registry;
  /** The `module` label (the instance name); default the URI. */
  module?: string;
}

/** Name of the module call latency histogram. */
export const MODULE_CALL_METRIC = 'plateau_module_call_seconds';

type CallHistogram = Histogram<'module' | 'method' | 'outcome'>;

/** The module call histogram of `registry` (made on first use; shared by every module of a host). */
export function moduleCallHistogram(registry: Registry): CallHistogram {
  const existing = registry.getSingleMetric(MODULE_CALL_METRIC) as CallHistogram | undefined;
  return (
    existing ??
    new Histogram({
      name: MODULE_CALL_METRIC,
      help: 'Calls to out-of-process modules: latency by module, method and outcome (ok, or the error code); streams until they end',
      labelNames: ['module', 'method', 'outcome'],
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10],
      registers: [registry],
    })
  );
}

/** Times one call: returns the function that records its end. */
function timer(binding: ClientBinding, m: RpcMethod): (err?: unknown) => void {
  if (!binding.metrics) return () => undefined;
  const h = moduleCallHistogram(binding.metrics);
  const started = performance.now();
  return (err) => {
    const outcome = err === undefined ? 'ok' : err instanceof PlateauError ? err.code : 'error';
    h.observe({ module: binding.module ?? binding.uri, method: m.rpc, outcome }, (performance.now() - started) / 1000);
  };
}

/**
 * fromClient: an object with one async method per RPC of `service`, calling the module over
 * gRPC with a deadline. Unary methods return promises, streaming ones async iterables. While
 * the module is down, calls fail at once with ModuleDownError.
 */
export function fromClient<T = AnyImpl>(service: ServiceDefinition, binding: ClientBinding): T {
  const out: AnyImpl = {};
  for (const m of rpcMethods(service)) {
    out[m.name] = m.streaming ? streamCall(binding, m) : unaryCall(binding, m);
  }
  return out as T;
}

function unaryCall(binding: ClientBinding, m: RpcMethod) {
  return (request: unknown) =>
    new Promise((resolve, reject) => {
      const done = timer(binding, m);
      const client = binding.client();
      if (client instanceof PlateauError) {
        done(client);
        return reject(client);
      }
      const fn = (client as unknown as Record<string, Function>)[m.rpc];
      const deadline = Date.now() + binding.deadlineMs;
      fn.call(client, request ?? {}, new Metadata(), { deadline }, (err: ServiceError | null, res: unknown) => {
        if (err) {
          const e = fromGrpcError(err, binding.uri, m.rpc);
          done(e);
          reject(e);
        } else {
          done();
          resolve(res);
        }
      });
    });
}

function streamCall(binding: ClientBinding, m: RpcMethod) {
  return (request: unknown): AsyncIterable<unknown> => ({
    async *[Symbol.asyncIterator]() {
      const done = timer(binding, m);
      const client = binding.client();
      if (client instanceof PlateauError) {
        done(client);
        throw client;
      }
      const fn = (client as unknown as Record<string, Function>)[m.rpc];
      const stream = fn.call(client, request ?? {}, new Metadata()) as NodeJS.ReadableStream & { cancel(): void };
      let failure: unknown;
      try {
        for await (const item of stream) yield item;
      } catch (err) {
        const e = err as ServiceError;
        failure = typeof e.code === 'number' ? fromGrpcError(e, binding.uri, m.rpc) : new PlateauError(ErrorCodes.internal, String(err));
        throw failure;
      } finally {
        done(failure);
        stream.cancel();
      }
    },
  });
}
