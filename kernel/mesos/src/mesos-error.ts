/**
 * An error of the Mesos wire layer: a stable machine-readable `code` (`PLT_ERR_API_*`) and a
 * one-line message. Shaped like the kernel's coded errors, so callers test `code` alike, without
 * this package depending on the kernel.
 */
export class MesosError extends Error {
  /** Stable machine-readable code. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}
