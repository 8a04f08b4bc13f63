/** The error every client request fails with. */
import { PlateauError } from '@plateau/kernel';

/** Code of a ClientError. */
export const CLIENT_ERROR_CODE = 'PLT_ERR_CLIENT';

/** ClientError: a request failed (unreachable, an unexpected status, a bad answer). */
export class ClientError extends PlateauError {
  constructor(
    message: string,
    /** HTTP status, when an answer came. */
    readonly status?: number,
  ) {
    super(CLIENT_ERROR_CODE, message);
  }
}
