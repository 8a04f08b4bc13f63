import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ErrorCodes, PlateauError } from '@plateau/kernel';

/** Fewest bytes of an HS256 key (RFC 7518 §3.2: at least the hash size). */
export const MIN_KEY_BYTES = 32;

/**
 * The key tokens are signed with: the bytes of `file` (read once; the same file given to the
 * master and the agents lets a token issued by one verify at the others), or, without a file,
 * random bytes of this process only.
 */
export function loadTokenKey(file: string | undefined): Buffer {
  if (file === undefined) return randomBytes(MIN_KEY_BYTES);
  let key: Buffer;
  try {
    key = readFileSync(file);
  } catch (err) {
    throw new PlateauError(ErrorCodes.moduleConfig, `token key file ${file}: cannot be read: ${(err as Error).message}`);
  }
  if (key.length < MIN_KEY_BYTES) {
    throw new PlateauError(ErrorCodes.moduleConfig, `token key file ${file}: holds ${key.length} bytes, needs at least ${MIN_KEY_BYTES} (e.g. head -c 64 /dev/urandom > ${file})`);
  }
  return key;
}
