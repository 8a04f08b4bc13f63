import type { Authenticator } from '@plateau/kernel';
import { InvalidError } from '@plateau/kernel';
import type { Credentials } from './credentials';
import { signJwt, verifyJwt } from './jwt';
import { dummyLike, type StoredSecret, verifySecret } from './secrets';

type AuthenticateRequest = Parameters<Authenticator['authenticate']>[0];
type AuthenticateAnswer = Awaited<ReturnType<Authenticator['authenticate']>>;
type IssueTokenRequest = Parameters<Authenticator['issueToken']>[0];
type IssueTokenAnswer = Awaited<ReturnType<Authenticator['issueToken']>>;

/** Longest Authorization header looked at; longer ones are refused unread. */
export const MAX_AUTHORIZATION_BYTES = 16 * 1024;
/** Realm of the challenge when the request names none. */
export const DEFAULT_REALM = 'plateau';
/** Claims a token sets itself, which a request may not choose. */
const REGISTERED = new Set(['sub', 'iat', 'exp', 'nbf']);
const SCHEME = /^[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]{0,31}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * BasicAuthenticator: accepts HTTP Basic credentials checked against hashed secrets, and bearer
 * tokens it signed itself (HS256 JWTs from IssueToken). Every refusal is an answer with a reason
 * and a `Basic` challenge; no input makes it throw.
 */
export class BasicAuthenticator implements Authenticator {
  /** Checked for unknown principals, so that they cost what a wrong password costs. */
  private readonly dummy: StoredSecret;

  constructor(
    private readonly credentials: Credentials,
    private readonly tokenKey: Buffer,
    private readonly tokenTtlSeconds: number,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.dummy = dummyLike(credentials.values().next().value);
  }

  async authenticate(req: AuthenticateRequest): Promise<AuthenticateAnswer> {
    const realm = typeof req?.realm === 'string' && req.realm !== '' ? req.realm : DEFAULT_REALM;
    try {
      const outcome = await this.check(req ?? {});
      if ('principal' in outcome) return { authenticated: true, principal: outcome.principal, reason: '', claims: outcome.claims, challenge: '' };
      return refusal(realm, outcome.reason);
    } catch (err) {
      // Nothing above should throw; if it does, the caller still gets a refusal, not an error.
      return refusal(realm, `credentials could not be checked: ${(err as Error).message}`);
    }
  }

  async issueToken(req: IssueTokenRequest): Promise<IssueTokenAnswer> {
    const claims = req.claims ?? {};
    const payload: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(claims)) {
      if (REGISTERED.has(name)) throw new InvalidError(`issueToken: claim '${name}' is set by the token itself (${[...REGISTERED].join(', ')}); choose another name`);
      if (typeof value !== 'string') throw new InvalidError(`issueToken: claim '${name}' must be a string`);
      payload[name] = value;
    }
    const ttl = Number(req.ttlSeconds ?? 0) > 0 ? Number(req.ttlSeconds) : this.tokenTtlSeconds;
    const now = Math.floor(this.nowMs() / 1000);
    if (req.principal) payload.sub = req.principal;
    payload.iat = now;
    payload.exp = now + ttl;
    return { token: signJwt(payload, this.tokenKey), expiresAtMs: String((now + ttl) * 1000) };
  }

  private async check(req: AuthenticateRequest): Promise<{ principal: string; claims: Record<string, string> } | { reason: string }> {
    const header = req.authorization;
    if (typeof header === 'string' && header !== '') return this.checkHeader(header);
    if (typeof req.principal === 'string' && req.principal !== '') return this.checkPassword(req.principal, typeof req.secret === 'string' ? req.secret : '');
    if (typeof req.secret === 'string' && req.secret !== '') return this.checkToken(req.secret);
    return { reason: 'no credentials' };
  }

  private async checkHeader(header: string): Promise<{ principal: string; claims: Record<string, string> } | { reason: string }> {
    if (header.length > MAX_AUTHORIZATION_BYTES) return { reason: `Authorization header longer than ${MAX_AUTHORIZATION_BYTES} bytes` };
    // Split by hand: a regular expression over runs of blanks backtracks quadratically on long ones.
    const text = header.trim();
    const gap = text.search(/[ \t]/);
    const name = gap < 0 ? text : text.slice(0, gap);
    const rest = gap < 0 ? '' : text.slice(gap).trimStart();
    if (name === '' || /\s/.test(rest)) return { reason: 'malformed Authorization header: expected "<scheme> <credentials>"' };
    const scheme = name.toLowerCase();
    if (scheme === 'basic') return this.checkBasic(rest);
    if (scheme === 'bearer') return rest === '' ? { reason: 'empty bearer token' } : this.checkToken(rest);
    return { reason: SCHEME.test(name) ? `unsupported authorization scheme '${name}' (Basic or Bearer)` : 'unsupported authorization scheme (Basic or Bearer)' };
  }

  private async checkBasic(encoded: string): Promise<{ principal: string; claims: Record<string, string> } | { reason: string }> {
    if (encoded === '' || !BASE64.test(encoded)) return { reason: 'malformed Basic credentials: not base64' };
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(encoded, 'base64'));
    } catch {
      return { reason: 'malformed Basic credentials: not UTF-8' };
    }
    const colon = text.indexOf(':');
    if (colon < 0) return { reason: "malformed Basic credentials: no ':' between principal and secret" };
    return this.checkPassword(text.slice(0, colon), text.slice(colon + 1));
  }

  private async checkPassword(principal: string, secret: string): Promise<{ principal: string; claims: Record<string, string> } | { reason: string }> {
    const stored = this.credentials.get(principal);
    // An unknown principal checks the dummy: as slow as a wrong secret, and the same reason.
    const ok = await verifySecret(stored ?? this.dummy, secret);
    // scrypt (through HMAC's zero-padded key) and bcrypt cannot tell "pw" from "pw\0": no secret holds NUL.
    if (secret.includes('\0')) return { reason: 'wrong principal or secret' };
    if (!ok || !stored) return { reason: 'wrong principal or secret' };
    return { principal, claims: {} };
  }

  private checkToken(token: string): { principal: string; claims: Record<string, string> } | { reason: string } {
    const verified = verifyJwt(token, this.tokenKey, Math.floor(this.nowMs() / 1000));
    if ('reason' in verified) return verified;
    const claims: Record<string, string> = {};
    for (const [name, value] of Object.entries(verified.payload)) {
      if (!REGISTERED.has(name) && typeof value === 'string') claims[name] = value;
    }
    const sub = verified.payload.sub;
    return { principal: typeof sub === 'string' ? sub : '', claims };
  }
}

function refusal(realm: string, reason: string): AuthenticateAnswer {
  return { authenticated: false, principal: '', reason, claims: {}, challenge: `Basic realm="${quoted(realm)}"` };
}

/** `realm` as the inside of a quoted-string (RFC 7230): no control characters, `"` and `\` escaped. */
function quoted(realm: string): string {
  // eslint-disable-next-line no-control-regex
  return realm.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 256).replace(/["\\]/g, '\\$&');
}
