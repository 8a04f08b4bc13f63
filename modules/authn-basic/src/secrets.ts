import { createHash, randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';

/** A stored secret, parsed: how to check a candidate password against it. */
export type StoredSecret =
  | { kind: 'scrypt'; N: number; r: number; p: number; salt: Buffer; hash: Buffer }
  | { kind: 'bcrypt'; hash: string }
  | { kind: 'plain'; digest: Buffer };

/** Parameters `plateau-hash-secret` writes (about 16 MiB and 50 ms per check). */
export const SCRYPT_DEFAULTS = { N: 16384, r: 8, p: 1, saltBytes: 16, keyBytes: 32 } as const;

// Bounds on parameters read from a file, so that one entry cannot make every check take
// gigabytes or minutes.
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;
const BCRYPT = /^\$2[aby]\$(0[4-9]|[12][0-9]|3[01])\$[./A-Za-z0-9]{53}$/;

/**
 * parseSecret: what a credentials entry's `secret` holds. A value that starts like a hash
 * (`scrypt$`, `$2`) must be a well-formed one: a mistyped hash is an error, never taken for a
 * plaintext password. Anything else is plaintext (Mesos's credentials files). Throws an Error
 * whose message says what is wrong (the caller names the file and entry).
 */
export function parseSecret(secret: string): StoredSecret {
  if (secret.startsWith('scrypt$')) return parseScrypt(secret);
  if (secret.startsWith('$2')) {
    if (!BCRYPT.test(secret)) throw new Error('malformed bcrypt hash (expected $2a$, $2b$ or $2y$, a cost of 04 to 31, then 53 characters of salt and hash)');
    return { kind: 'bcrypt', hash: secret };
  }
  return { kind: 'plain', digest: sha256(secret) };
}

function parseScrypt(secret: string): StoredSecret {
  const parts = secret.split('$');
  if (parts.length !== 6) throw new Error(`malformed scrypt hash: expected scrypt$N$r$p$salt$hash (6 fields separated by '$'), got ${parts.length}`);
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const N = integer(n, 'N');
  if (N < 2 || N > MAX_N || (N & (N - 1)) !== 0) throw new Error(`malformed scrypt hash: N must be a power of two from 2 to ${MAX_N}, got ${n}`);
  const R = integer(r, 'r');
  if (R < 1 || R > MAX_R) throw new Error(`malformed scrypt hash: r must be from 1 to ${MAX_R}, got ${r}`);
  const P = integer(p, 'p');
  if (P < 1 || P > MAX_P) throw new Error(`malformed scrypt hash: p must be from 1 to ${MAX_P}, got ${p}`);
  const saltBytes = base64(salt, 'salt');
  const hashBytes = base64(hash, 'hash');
  if (saltBytes.length < 8) throw new Error(`malformed scrypt hash: salt must be at least 8 bytes, got ${saltBytes.length}`);
  if (hashBytes.length < 16 || hashBytes.length > 64) throw new Error(`malformed scrypt hash: hash must be 16 to 64 bytes, got ${hashBytes.length}`);
  return { kind: 'scrypt', N, r: R, p: P, salt: saltBytes, hash: hashBytes };
}

function integer(text: string, name: string): number {
  if (!/^[0-9]{1,8}$/.test(text)) throw new Error(`malformed scrypt hash: ${name} must be a decimal integer, got '${text.slice(0, 20)}'`);
  return Number(text);
}

function base64(text: string, name: string): Buffer {
  if (text === '' || !BASE64.test(text)) throw new Error(`malformed scrypt hash: ${name} is not base64`);
  return Buffer.from(text, 'base64');
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function scryptAsync(password: string, s: { N: number; r: number; p: number; salt: Buffer }, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, s.salt, keyLength, { N: s.N, r: s.r, p: s.p, maxmem: 256 * s.N * s.r + 32 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** Whether `candidate` is the secret; compares in constant time (the hash or digest, never the text). */
export async function verifySecret(stored: StoredSecret, candidate: string): Promise<boolean> {
  switch (stored.kind) {
    case 'scrypt': {
      const key = await scryptAsync(candidate, stored, stored.hash.length);
      return timingSafeEqual(key, stored.hash);
    }
    case 'bcrypt':
      return bcrypt.compare(candidate, stored.hash);
    case 'plain':
      return timingSafeEqual(sha256(candidate), stored.digest);
  }
}

/**
 * A secret of the same kind and cost as `like` that no password matches (in practice): checked
 * when the principal is unknown, so that an unknown principal takes as long as a wrong password.
 */
export function dummyLike(like: StoredSecret | undefined): StoredSecret {
  const random = randomBytes(32).toString('base64');
  if (!like || like.kind === 'plain') return { kind: 'plain', digest: sha256(random) };
  if (like.kind === 'bcrypt') return { kind: 'bcrypt', hash: bcrypt.hashSync(random, bcrypt.getRounds(like.hash)) };
  return { ...like, salt: randomBytes(like.salt.length), hash: randomBytes(like.hash.length) };
}

/** The `scrypt$N$r$p$salt$hash` form of `password`, with a fresh salt (what plateau-hash-secret prints). */
export function hashSecret(password: string, params: { N: number; r: number; p: number } = SCRYPT_DEFAULTS): string {
  const salt = randomBytes(SCRYPT_DEFAULTS.saltBytes);
  const key = scryptSync(password, salt, SCRYPT_DEFAULTS.keyBytes, { ...params, maxmem: 256 * params.N * params.r + 32 * 1024 * 1024 });
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}
