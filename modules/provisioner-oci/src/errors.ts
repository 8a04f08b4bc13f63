import { PlateauError } from '@plateau/kernel';

/** Error codes of the OCI provisioner, beside the kernel's generic ones (NotFound, Invalid, Unsupported). */
export const OciErrorCodes = {
  /** Content did not hash to the digest that named it (manifest, config or layer). */
  digest: 'PLT_ERR_IMAGE_DIGEST',
  /** The registry refused the credentials, or asked for credentials none were configured for. */
  auth: 'PLT_ERR_IMAGE_AUTH',
  /** The registry could not be reached or answered with an unexpected status. */
  fetch: 'PLT_ERR_IMAGE_FETCH',
  /** A layer could not be unpacked (bad tar, unsafe path). */
  layer: 'PLT_ERR_IMAGE_LAYER',
  /** The rootfs could not be assembled (mount or copy failed). */
  rootfs: 'PLT_ERR_IMAGE_ROOTFS',
} as const;

/** Content did not match its digest. */
export class DigestMismatchError extends PlateauError {
  constructor(what: string, readonly expected: string, readonly actual: string) {
    super(OciErrorCodes.digest, `${what}: digest mismatch: expected ${expected}, got ${actual}`);
  }
}

/** Authentication with a registry failed. */
export class AuthError extends PlateauError {
  constructor(message: string) {
    super(OciErrorCodes.auth, message);
  }
}

/** A registry request failed. */
export class FetchError extends PlateauError {
  constructor(message: string, readonly status?: number) {
    super(OciErrorCodes.fetch, message);
  }
}

/** A layer could not be unpacked. */
export class LayerError extends PlateauError {
  constructor(message: string) {
    super(OciErrorCodes.layer, message);
  }
}

/** The rootfs could not be assembled. */
export class RootfsError extends PlateauError {
  constructor(message: string) {
    super(OciErrorCodes.rootfs, message);
  }
}
