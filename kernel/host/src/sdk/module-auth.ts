/**
 * ModuleAuth: authentication and authorization through a role's authenticator and authorizer
 * modules, as the master and the agent both need them. Without an authenticator every caller is
 * anonymous; without an authorizer every action is allowed. A failing module never lets a caller
 * in: a failing authenticator refuses, a failing authorizer denies, each saying why.
 */
import { messageOf } from '../contract/errors';
import type { Logger } from '../contract/services';
import type { Authenticator, Authorizer } from '../generated/kinds';
import { type AuthorizationDecision, authorizeMany } from './authorize-many';

/** Who is calling: an authenticated principal and its claims (executor tokens: fid, eid, cid). */
export interface AuthCaller {
  principal?: string;
  claims?: Record<string, string>;
}

/** What an action applies to (the authorizer kind's AuthorizationObject). */
export interface AuthObject {
  type?: string;
  value?: string;
  json?: string;
}

/** The outcome of authentication: the caller, or why it was refused and the challenge to send. */
export type Authentication = { caller: AuthCaller } | { refused: string; challenge?: string };

const ALLOWED: AuthorizationDecision = { allowed: true, reason: '' };

export class ModuleAuth {
  constructor(
    private readonly authenticator: Authenticator | undefined,
    private readonly authorizer: Authorizer | undefined,
    private readonly log: Logger,
  ) {}

  /** Whether an authenticator is configured. */
  get authenticates(): boolean {
    return this.authenticator !== undefined;
  }

  /** Whether an authorizer is configured. */
  get authorizes(): boolean {
    return this.authorizer !== undefined;
  }

  /** Authenticates an Authorization value (an HTTP header, agent link metadata) for `realm`. */
  async authenticate(authorization: string, realm: string): Promise<Authentication> {
    if (!this.authenticator) return { caller: {} };
    if (authorization === '') return { refused: 'Authentication required' };
    try {
      const r = await this.authenticator.authenticate({ authorization, realm });
      if (!r.authenticated) return { refused: r.reason ? `Authentication failed: ${r.reason}` : 'Authentication failed', challenge: r.challenge || undefined };
      return { caller: { principal: r.principal || undefined, claims: r.claims ?? undefined } };
    } catch (err) {
      this.log.error({ err: messageOf(err), realm }, 'authenticator failed');
      return { refused: `Authentication failed: ${messageOf(err)}` };
    }
  }

  /** The authorizer's decision on `caller` doing `action` on `object`, with the rule that made it. */
  async decision(caller: AuthCaller, action: string, object?: AuthObject): Promise<AuthorizationDecision> {
    if (!this.authorizer) return ALLOWED;
    try {
      const r = await this.authorizer.authorized({ principal: caller.principal ?? '', claims: caller.claims ?? {}, action, object: object ?? null });
      return { allowed: r.allowed === true, reason: r.reason ?? '' };
    } catch (err) {
      this.log.error({ err: messageOf(err), action }, 'authorizer failed; denying');
      return { allowed: false, reason: `the authorizer failed: ${messageOf(err)}` };
    }
  }

  /**
   * Decisions on `caller` doing `action` on each of `objects`, in order: one AuthorizedMany call
   * (one Authorized per object for a module without it); nothing asked without an authorizer.
   */
  async decisions(caller: AuthCaller, action: string, objects: readonly AuthObject[]): Promise<AuthorizationDecision[]> {
    if (!this.authorizer || objects.length === 0) return objects.map(() => ALLOWED);
    try {
      return await authorizeMany(this.authorizer, { principal: caller.principal ?? '', claims: caller.claims ?? {}, action, objects: [...objects] });
    } catch (err) {
      this.log.error({ err: messageOf(err), action, objects: objects.length }, 'authorizer failed; denying');
      const denied = { allowed: false, reason: `the authorizer failed: ${messageOf(err)}` };
      return objects.map(() => denied);
    }
  }
}
