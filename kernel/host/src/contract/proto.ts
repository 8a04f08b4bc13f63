/**
 * Runtime access to the kernel's protos: loads a .proto from kernel/proto with the one set of
 * loader options the whole kernel uses (and the generated types in ../generated assume), and
 * hands out gRPC service definitions and client constructors by fully qualified name.
 */
import { loadPackageDefinition, type GrpcObject, type ServiceClientConstructor, type ServiceDefinition } from '@grpc/grpc-js';
import { loadSync, type MessageTypeDefinition, type Options, type PackageDefinition } from '@grpc/proto-loader';
import { resolve } from 'node:path';
import { ErrorCodes, PlateauError } from './errors';
import { HEALTH_PROTO, HEALTH_SERVICE, KINDS, MODULE_PROTO, MODULE_SERVICE, type KindName } from './kinds';

/** kernel/proto, found from this file's compiled location (kernel/lib/host/proto.js). */
export const PROTO_DIR = resolve(__dirname, '..', '..', 'proto');

/** Trailing metadata key naming the leading master (`host:port`) when a non-leader refuses a link. */
export const LEADER_METADATA = 'plateau-leader';

/** The agent⇄master link proto, relative to PROTO_DIR, and its service. */
export const AGENT_PROTO = 'agent.proto';
export const AGENT_SERVICE = 'kernel.agent.v1.AgentLink';

/**
 * Loader options: camelCase fields, 64-bit integers as strings, enums as their names, defaults
 * filled in, and a virtual field naming the set member of each oneof. scripts/gen-proto.js
 * generates types with the same options; change both together.
 */
export const LOADER_OPTIONS: Readonly<Options> = Object.freeze({
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_DIR],
});

/** One RPC of a service. */
export interface ProtoMethod {
  /** RPC name as written in the proto: `Prepare`. */
  rpc: string;
  /** Method name on the TypeScript interface (lowerCamelCase of the RPC): `prepare`. */
  name: string;
  /** gRPC path: `/kernel.isolator.v1.Isolator/Prepare`. */
  path: string;
  /** Whether the client sends a stream. */
  requestStream: boolean;
  /** Whether the server answers with a stream. */
  responseStream: boolean;
}

const packages = new Map<string, PackageDefinition>();
const objects = new Map<string, GrpcObject>();

/** Proto file of each service the kernel itself knows, so callers need not name the file. */
const knownFiles = new Map<string, string>([
  ...Object.values(KINDS).map((k): [string, string] => [k.service, k.proto]),
  [MODULE_SERVICE, MODULE_PROTO],
  [HEALTH_SERVICE, HEALTH_PROTO],
  [AGENT_SERVICE, AGENT_PROTO],
]);

/** loadProto: the package definition of `file` (relative to PROTO_DIR) and its imports; cached. */
export function loadProto(file: string): PackageDefinition {
  let def = packages.get(file);
  if (!def) {
    try {
      def = loadSync(file, { ...LOADER_OPTIONS });
    } catch (e) {
      throw new PlateauError(ErrorCodes.internal, `cannot load proto ${file} from ${PROTO_DIR}: ${(e as Error).message}`, {
        cause: e,
      });
    }
    packages.set(file, def);
  }
  return def;
}

/** The proto file that defines `qualifiedName`: the one given, a known one, or the first loaded one that has it. */
function fileOf(qualifiedName: string, file?: string): string {
  if (file) return file;
  const known = knownFiles.get(qualifiedName);
  if (known) return known;
  for (const [f, def] of packages) if (qualifiedName in def) return f;
  throw new PlateauError(ErrorCodes.internal, `unknown proto name ${qualifiedName}: load its file first or pass it`);
}

/** The gRPC object tree of `file`, made once. */
function grpcObject(file: string): GrpcObject {
  let obj = objects.get(file);
  if (!obj) {
    obj = loadPackageDefinition(loadProto(file));
    objects.set(file, obj);
  }
  return obj;
}

/**
 * serviceClient: the client constructor of a service, e.g. `kernel.isolator.v1.Isolator`.
 * `file` (relative to PROTO_DIR) is needed only for services the kernel does not know.
 */
export function serviceClient(qualifiedName: string, file?: string): ServiceClientConstructor {
  const f = fileOf(qualifiedName, file);
  let node: unknown = grpcObject(f);
  for (const part of qualifiedName.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  const ctor = node as ServiceClientConstructor | undefined;
  if (typeof ctor !== 'function' || typeof ctor.service !== 'object') {
    throw new PlateauError(ErrorCodes.internal, `${f} defines no service ${qualifiedName}`);
  }
  return ctor;
}

/** serviceDefinition: the gRPC service definition of a service, for `Server.addService` and clients. */
export function serviceDefinition(qualifiedName: string, file?: string): ServiceDefinition {
  return serviceClient(qualifiedName, file).service;
}

/**
 * messageType: a message's type definition, to serialize and deserialize it with the kernel's
 * options; pass the generated input and output types, e.g. `messageType<Foo, Foo__Output>(...)`.
 */
export function messageType<I = unknown, O = I>(qualifiedName: string, file?: string): MessageTypeDefinition<I, O> {
  const f = fileOf(qualifiedName, file);
  const t = loadProto(f)[qualifiedName];
  if (!t || t.format !== 'Protocol Buffer 3 DescriptorProto') {
    throw new PlateauError(ErrorCodes.internal, `${f} defines no message ${qualifiedName}`);
  }
  return t as unknown as MessageTypeDefinition<I, O>;
}

/** kindService: the service definition of a module kind, per KINDS. */
export function kindService(kind: KindName): ServiceDefinition {
  const spec = KINDS[kind];
  return serviceDefinition(spec.service, spec.proto);
}

/** moduleService: kernel.module.v1.Module, which every module serves. */
export function moduleService(): ServiceDefinition {
  return serviceDefinition(MODULE_SERVICE, MODULE_PROTO);
}

/** healthService: grpc.health.v1.Health, which every module serves. */
export function healthService(): ServiceDefinition {
  return serviceDefinition(HEALTH_SERVICE, HEALTH_PROTO);
}

/** agentLinkService: kernel.agent.v1.AgentLink, the agent⇄master stream the master serves. */
export function agentLinkService(): ServiceDefinition {
  return serviceDefinition(AGENT_SERVICE, AGENT_PROTO);
}

/** methodsOf: the RPCs of a service in proto order, with their TypeScript method names. */
export function methodsOf(service: ServiceDefinition): ProtoMethod[] {
  return Object.entries(service).map(([rpc, m]) => ({
    rpc,
    name: rpc.charAt(0).toLowerCase() + rpc.slice(1),
    path: m.path,
    requestStream: m.requestStream,
    responseStream: m.responseStream,
  }));
}
