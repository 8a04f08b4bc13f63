/**
 * Errors the allocator throws, with codes the master maps to HTTP statuses.
 */

/** Error codes: unknown agent/framework, duplicate add, invalid input, resources not available. */
export type AllocatorErrorCode =
  | 'PLT_ERR_ALLOCATOR_UNKNOWN_AGENT'
  | 'PLT_ERR_ALLOCATOR_UNKNOWN_FRAMEWORK'
  | 'PLT_ERR_ALLOCATOR_DUPLICATE'
  | 'PLT_ERR_ALLOCATOR_INVALID'
  | 'PLT_ERR_ALLOCATOR_UNAVAILABLE';

/** Thrown by allocator calls; the master maps INVALID to 400 and UNAVAILABLE to 409. */
export class AllocatorError extends Error {
  constructor(
    readonly code: AllocatorErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AllocatorError';
  }
}
