/**
 * Coded errors of the kernel. Every error a user or a module author may see carries a stable
 * `code` (`PLT_ERR_<AREA>_<WHAT>`) that tests and callers assert on, and a one-line message
 * that says what went wrong and where.
 */
export class PlateauError extends Error {
  /** Stable machine-readable code. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Error codes, one place (fastify's lib/errors.js idea). */
export const ErrorCodes = {
  config: 'PLT_ERR_CONFIG',
  moduleUnknown: 'PLT_ERR_MODULE_UNKNOWN',
  moduleInvalid: 'PLT_ERR_MODULE_INVALID',
  moduleDescribe: 'PLT_ERR_MODULE_DESCRIBE',
  moduleHandshake: 'PLT_ERR_MODULE_HANDSHAKE',
  moduleStart: 'PLT_ERR_MODULE_START',
  moduleStop: 'PLT_ERR_MODULE_STOP',
  moduleCycle: 'PLT_ERR_MODULE_CYCLE',
  moduleDependency: 'PLT_ERR_MODULE_DEPENDENCY',
  moduleVersion: 'PLT_ERR_MODULE_VERSION',
  moduleConfig: 'PLT_ERR_MODULE_CONFIG',
  moduleSkip: 'PLT_ERR_MODULE_SKIP',
  moduleDown: 'PLT_ERR_MODULE_DOWN',
  deadline: 'PLT_ERR_DEADLINE',
  notFound: 'PLT_ERR_NOT_FOUND',
  invalid: 'PLT_ERR_INVALID',
  unsupported: 'PLT_ERR_UNSUPPORTED',
  conflict: 'PLT_ERR_CONFLICT',
  busy: 'PLT_ERR_BUSY',
  fenced: 'PLT_ERR_FENCED',
  notReady: 'PLT_ERR_NOT_READY',
  internal: 'PLT_ERR_INTERNAL',
} as const;

/** A problem with one config entry, carrying the key path it concerns so it can be located in the YAML. */
export class EntryError extends PlateauError {
  constructor(code: string, readonly path: readonly (string | number)[], readonly detail: string) {
    super(code, `${path.join('.')}: ${detail}`);
  }
}

/** Several problems found together; `problems` keeps each one. */
export class AggregateProblems extends PlateauError {
  constructor(readonly problems: PlateauError[]) {
    super(problems[0]?.code ?? ErrorCodes.internal, problems.map((p) => p.message).join('\n'));
  }
}

/** Thrown by a module's `create` when the host lacks what it needs; the module is skipped unless required. */
export class SkipModule extends PlateauError {
  constructor(readonly reason: string) {
    super(ErrorCodes.moduleSkip, reason);
  }
}

/** A call reached a module that is not running (crashed, restarting, or unreachable). */
export class ModuleDownError extends PlateauError {
  constructor(readonly uri: string, detail: string) {
    super(ErrorCodes.moduleDown, `module ${uri} is down: ${detail}`);
  }
}

/** The thing asked for does not exist (a container, a key). Maps to gRPC NOT_FOUND. */
export class NotFoundError extends PlateauError {
  constructor(message: string) {
    super(ErrorCodes.notFound, message);
  }
}

/** The request or config is invalid. Maps to gRPC INVALID_ARGUMENT. */
export class InvalidError extends PlateauError {
  constructor(message: string) {
    super(ErrorCodes.invalid, message);
  }
}

/** The module does not support this call. Maps to gRPC UNIMPLEMENTED. */
export class UnsupportedError extends PlateauError {
  constructor(message: string) {
    super(ErrorCodes.unsupported, message);
  }
}

/** A compare-and-set or uniqueness check failed. Maps to gRPC ALREADY_EXISTS. */
export class ConflictError extends PlateauError {
  constructor(message: string) {
    super(ErrorCodes.conflict, message);
  }
}

/**
 * A write fenced by a leadership that no longer holds (a deposed master's registry write). Maps
 * to gRPC ABORTED.
 */
export class FencedError extends PlateauError {
  constructor(message: string) {
    super(ErrorCodes.fenced, message);
  }
}

/** The module is out of some resource. Maps to gRPC RESOURCE_EXHAUSTED. */
export class BusyError extends PlateauError {
  constructor(message: string) {
    super(ErrorCodes.busy, message);
  }
}

/** Whether `err` is a PlateauError carrying `code`. */
export function hasCode(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}

/** The message of anything thrown. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Anything thrown, as an Error (for structured logging). */
export function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
