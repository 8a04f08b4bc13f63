/**
 * HTTP authentication and authorization through the configured authenticator and authorizer
 * modules (master.authenticator, master.authorizer). Without them every caller is anonymous and
 * allowed, as a Mesos master without --authenticate_http_* flags.
 */
import type { IncomingMessage } from 'node:http';
import { type HttpAnswer, unauthorized } from '@plateau/mesos';
import { type AuthorizationDecision, type Authenticator, type Authorizer, type Logger, ModuleAuth } from '@plateau/kernel';

/** Who is calling. */
export interface Caller {
  /** Authenticated principal; undefined when anonymous. */
  principal?: string;
  claims?: Record<string, string>;
}

/** What authorization is about. */
export interface AuthzObject {
  type?: string;
  value?: string;
  json?: string;
}

/** HttpAuth: authenticates requests and authorizes actions, as HTTP answers. */
export class HttpAuth {
  private readonly modules: ModuleAuth;

  constructor(
    authenticator: Authenticator | undefined,
    authorizer: Authorizer | undefined,
    log: Logger,
    /** master.authenticateAgents (Mesos --authenticate_agents): every agent link must carry a credential that authenticates. */
    readonly agents: { authenticateAgents: boolean } = { authenticateAgents: false },
  ) {
    this.modules = new ModuleAuth(authenticator, authorizer, log);
  }

  /** Whether an authenticator is configured (callers skip authentication without one). */
  get authenticates(): boolean {
    return this.modules.authenticates;
  }

  /** Whether an authorizer is configured (callers skip authorization work without one). */
  get authorizes(): boolean {
    return this.modules.authorizes;
  }

  /** Authenticates a request for `realm`: the caller, or a 401 to send. */
  async authenticate(req: IncomingMessage, realm: string): Promise<Caller | HttpAnswer> {
    return this.authenticateAuthorization(req.headers.authorization ?? '', realm);
  }

  /** Authenticates an Authorization value (HTTP header or agent link metadata) for `realm`. */
  async authenticateAuthorization(authorization: string, realm: string): Promise<Caller | HttpAnswer> {
    const r = await this.modules.authenticate(authorization, realm);
    if ('refused' in r) {
      const answer = unauthorized(realm, r.refused);
      if (r.challenge) answer.headers['WWW-Authenticate'] = r.challenge;
      return answer;
    }
    // An executor token (claim `cid`) is the agent's to accept, for its own container only; as
    // in Mesos, where executor secrets authenticate only on the agent's executor realm. At the
    // master it would let a task register frameworks or agents with the token it was handed.
    if (r.caller.claims?.cid) return unauthorized(realm, 'Authentication failed: an executor token is valid only on the agent that runs its container');
    return r.caller;
  }

  /** Whether `caller` may perform `action` on `object`; a failing authorizer denies. */
  async authorized(caller: Caller, action: string, object?: AuthzObject): Promise<boolean> {
    return (await this.decision(caller, action, object)).allowed;
  }

  /** The authorizer's decision, with the rule that made it; a failing authorizer denies, saying so. */
  decision(caller: Caller, action: string, object?: AuthzObject): Promise<AuthorizationDecision> {
    return this.modules.decision(caller, action, object);
  }

  /**
   * Decisions for `caller` doing `action` on each of `objects`, in order: one AuthorizedMany call
   * (one Authorized per object for a module without it). Without an authorizer everything is
   * allowed at no cost; a failing authorizer denies every object, saying so.
   */
  authorizedMany(caller: Caller, action: string, objects: readonly AuthzObject[]): Promise<AuthorizationDecision[]> {
    return this.modules.decisions(caller, action, objects);
  }
}

/** ` (the rule)` to append to a refusal's message, or nothing when the authorizer named none. */
export function because(d: AuthorizationDecision): string {
  return d.reason ? ` (${d.reason})` : '';
}

/** Whether an answer (rather than a caller) came back. */
export function isAnswer(x: Caller | HttpAnswer): x is HttpAnswer {
  return typeof (x as HttpAnswer).status === 'number';
}
