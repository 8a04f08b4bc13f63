import { createHmac, timingSafeEqual } from 'node:crypto';

/** Longest token accepted: larger ones are refused before any decoding. */
export const MAX_TOKEN_BYTES = 8 * 1024;
/** Clock skew tolerated for `nbf` and `iat` (tokens cross machines: master and agents). */
export const CLOCK_SKEW_S = 60;

const HEADER = base64url(Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })));
const SEGMENT = /^[A-Za-z0-9_-]+$/;

/** A token's payload: registered numeric claims and string claims. */
export type Payload = Record<string, unknown>;

function base64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}

function mac(key: Buffer, signingInput: string): Buffer {
  return createHmac('sha256', key).update(signingInput, 'ascii').digest();
}

/** signJwt: an HS256 JWT (RFC 7519) of `payload`. */
export function signJwt(payload: Payload, key: Buffer): string {
  const input = `${HEADER}.${base64url(Buffer.from(JSON.stringify(payload), 'utf8'))}`;
  return `${input}.${base64url(mac(key, input))}`;
}

/**
 * verifyJwt: the payload of `token` if it is an HS256 JWT signed with `key`, within its time
 * window at `nowS` (seconds); otherwise why not. Only HS256 is accepted (never "none", never an
 * algorithm the token chooses), the signature is checked before the payload is read, `exp` is
 * required. Never throws.
 */
export function verifyJwt(token: string, key: Buffer, nowS: number): { payload: Payload } | { reason: string } {
  if (token.length > MAX_TOKEN_BYTES) return { reason: `token longer than ${MAX_TOKEN_BYTES} bytes` };
  const parts = token.split('.');
  if (parts.length !== 3) return { reason: 'malformed token: expected three dot-separated parts' };
  const [h, p, s] = parts as [string, string, string];
  if (!SEGMENT.test(h) || !SEGMENT.test(p) || !SEGMENT.test(s)) return { reason: 'malformed token: a part is empty or not base64url' };
  const header = jsonObject(h);
  if (!header) return { reason: 'malformed token: header is not a JSON object' };
  if (header.alg !== 'HS256') return { reason: `token algorithm ${JSON.stringify(header.alg)} is not accepted (only HS256)` };
  if (header.crit !== undefined) return { reason: 'token header has critical extensions, which are not supported' };
  const signature = Buffer.from(s, 'base64url');
  const expected = mac(key, `${h}.${p}`);
  // The canonical-encoding check refuses a signature re-encoded with other trailing bits.
  const matches = signature.length === expected.length && timingSafeEqual(signature, expected) && base64url(signature) === s;
  if (!matches) return { reason: 'token signature does not verify' };
  const payload = jsonObject(p);
  if (!payload) return { reason: 'malformed token: payload is not a JSON object' };
  const { exp, nbf, iat } = payload;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return { reason: 'token has no numeric exp (expiry)' };
  if (nowS >= exp) return { reason: 'token expired' };
  if (nbf !== undefined && (typeof nbf !== 'number' || nowS + CLOCK_SKEW_S < nbf)) return { reason: 'token not yet valid (nbf)' };
  if (iat !== undefined && (typeof iat !== 'number' || nowS + CLOCK_SKEW_S < iat)) return { reason: 'token issued in the future (iat)' };
  return { payload };
}

/** The JSON object a base64url segment holds, or undefined (bad base64, bad UTF-8, bad JSON, not an object). */
function jsonObject(segment: string): Record<string, unknown> | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(segment, 'base64url'));
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
