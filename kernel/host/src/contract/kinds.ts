/**
 * KINDS: every module kind the kernel knows, with the proto that defines its gRPC service.
 * A new kind is one .proto under kernel/host/proto/kernel/<dir>/v1/ and one row here.
 */
export interface KindSpec {
  /** Proto file, relative to kernel/proto. */
  proto: string;
  /** Fully qualified gRPC service name. */
  service: string;
  /** Kind API versions this kernel speaks, oldest first. */
  apiVersions: string[];
  /** One line on what the kind is for. */
  summary: string;
}

/** A v1 kind whose proto is kernel/<dir>/v1/<dir>.proto, package kernel.<dir>.v1. */
const v1 = (dir: string, service: string, summary: string): KindSpec => ({
  proto: `kernel/${dir}/v1/${dir}.proto`,
  service: `kernel.${dir}.v1.${service}`,
  apiVersions: ['v1'],
  summary,
});

export const KINDS = {
  contender: v1('contender', 'Contender', 'contends for leadership among masters'),
  detector: v1('detector', 'Detector', 'reports the current leading master'),
  registry: v1('registry', 'Registry', 'durable master registry with compare-and-set'),
  launcher: v1('launcher', 'Launcher', 'starts, watches and stops container processes'),
  provisioner: v1('provisioner', 'Provisioner', 'turns an image reference into a root filesystem'),
  isolator: v1('isolator', 'Isolator', 'isolates and accounts a container (cgroups, namespaces, devices, ...)'),
  hook: v1('hook', 'Hook', 'decorates tasks, launches and status updates'),
  authenticator: v1('authenticator', 'Authenticator', 'turns credentials into a principal'),
  authorizer: v1('authorizer', 'Authorizer', 'decides whether a principal may act on an object'),
  // The key has a dash; the proto's directory and package take an underscore.
  'secret-resolver': v1('secret_resolver', 'SecretResolver', 'resolves the secrets of tasks for their environment and volumes'),
} as const satisfies Record<string, KindSpec>;

/**
 * RPCs added to a kind after modules of it were written: a module may leave them out (its
 * TypeScript method is optional, and over gRPC it answers UNIMPLEMENTED), and every caller reads
 * that as the RPC's documented default. Full names, `package.Service.Rpc`.
 */
export const OPTIONAL_RPCS = ['kernel.isolator.v1.Isolator.Supports', 'kernel.provisioner.v1.Provisioner.Progress'] as const;

/** A module kind's name. */
export type KindName = keyof typeof KINDS;

/** Whether `kind` names a known module kind. */
export function isKind(kind: string): kind is KindName {
  return Object.prototype.hasOwnProperty.call(KINDS, kind);
}

/** The base service every module serves, and the health service. */
export const MODULE_PROTO = 'kernel/module/v1/module.proto';
export const MODULE_SERVICE = 'kernel.module.v1.Module';
export const HEALTH_PROTO = 'grpc/health/v1/health.proto';
export const HEALTH_SERVICE = 'grpc.health.v1.Health';
/** The health service name a module reports under. */
export const HEALTH_MODULE = 'module';
