import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { ErrorCodes, ModuleDownError, PlateauError, SkipModule, messageOf } from '../contract/errors';

/** Trailing-metadata key that carries a Plateau error code across the wire. */
export const ERROR_CODE_KEY = 'plateau-error-code';

/** The one table between Plateau error codes and gRPC status codes. */
const TABLE: ReadonlyArray<[code: string, grpc: status]> = [
  [ErrorCodes.notFound, status.NOT_FOUND],
  [ErrorCodes.invalid, status.INVALID_ARGUMENT],
  [ErrorCodes.moduleConfig, status.INVALID_ARGUMENT],
  [ErrorCodes.unsupported, status.UNIMPLEMENTED],
  [ErrorCodes.conflict, status.ALREADY_EXISTS],
  [ErrorCodes.busy, status.RESOURCE_EXHAUSTED],
  [ErrorCodes.fenced, status.ABORTED],
  [ErrorCodes.moduleDown, status.UNAVAILABLE],
  [ErrorCodes.deadline, status.DEADLINE_EXCEEDED],
  [ErrorCodes.notReady, status.FAILED_PRECONDITION],
  [ErrorCodes.moduleSkip, status.FAILED_PRECONDITION],
];

/** gRPC status for a Plateau error code (UNKNOWN for anything not in the table; the code itself rides in metadata). */
export function grpcStatusOf(code: string | undefined): status {
  return TABLE.find(([c]) => c === code)?.[1] ?? status.UNKNOWN;
}

/** Plateau error code for a gRPC status (first match in the table). */
export function codeOfGrpcStatus(s: status): string {
  return TABLE.find(([, g]) => g === s)?.[0] ?? ErrorCodes.internal;
}

/** Turns anything a module threw into a gRPC error carrying its code in trailing metadata. */
export function toGrpcError(err: unknown): Partial<ServiceError> {
  const code = err instanceof PlateauError ? err.code : ErrorCodes.internal;
  const metadata = new Metadata();
  metadata.set(ERROR_CODE_KEY, code);
  return { code: grpcStatusOf(code), details: messageOf(err), metadata };
}

/**
 * Turns a gRPC client error back into a PlateauError with the code the module threw.
 * UNAVAILABLE and CANCELLED without a code mean the module went away: ModuleDownError.
 */
export function fromGrpcError(err: ServiceError, uri: string, method: string): PlateauError {
  const carried = err.metadata?.get(ERROR_CODE_KEY)?.[0];
  const detail = err.details || err.message;
  if (carried === ErrorCodes.moduleSkip) return new SkipModule(detail);
  if (typeof carried === 'string' && carried.length > 0) return new PlateauError(carried, detail);
  if (err.code === status.UNAVAILABLE || err.code === status.CANCELLED) {
    return new ModuleDownError(uri, `${method}: ${detail}`);
  }
  if (err.code === status.DEADLINE_EXCEEDED) {
    return new PlateauError(ErrorCodes.deadline, `module ${uri}: ${method} exceeded its deadline`);
  }
  return new PlateauError(codeOfGrpcStatus(err.code), `module ${uri}: ${method}: ${detail}`);
}
