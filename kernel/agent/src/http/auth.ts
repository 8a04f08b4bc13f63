/**
 * AgentAuth: the agent's HTTP authentication and authorization through the modules that
 * `agent.authenticator` and `agent.authorizer` name, and the executor tokens the authenticator
 * issues. Without an authenticator every caller is anonymous; without an authorizer every action
 * is allowed (a Mesos agent without --authenticate_http_* / --acls).
 *
 * Realms are Mesos's: `mesos-agent-readonly` (/state, /monitor/statistics, /metrics, /files),
 * `mesos-agent-readwrite` (the v1 agent API) and `mesos-agent-executor` (the executor API).
 */
import type { IncomingMessage } from 'node:http';
import { type HttpAnswer, unauthorized } from '@plateau/mesos';
import { type Authenticator, type Authorizer, authorizeMany, ErrorCodes, type Logger, messageOf } from '@plateau/kernel';

export const AGENT_READONLY_REALM = 'mesos-agent-readonly';
export const AGENT_READWRITE_REALM = 'mesos-agent-readwrite';
export const AGENT_EXECUTOR_REALM = 'mesos-agent-executor';

/** Mesos's name of the executor's token variable. */
export const EXECUTOR_TOKEN_ENV = 'MESOS_EXECUTOR_AUTHENTICATION_TOKEN';

/** Who is calling. An executor token's caller has claims fid, eid and cid (and no principal). */
export interface AgentCaller {
  principal?: string;
  claims?: Record<string, string>;
}

/** What an action applies to (the authorizer kind's AuthorizationObject). */
export interface AgentAuthzObject {
  type: string;
  value: string;
  json?: string;
}

/** An authorizer's answer. */
export interface Decision {
  allowed: boolean;
  reason: string;
}

/** The container an executor token was issued for (its `cid` claim), if the caller has one. */
export function tokenContainer(caller: AgentCaller): string | undefined {
  const cid = caller.claims?.cid;
  return cid === undefined || cid === '' ? undefined : cid;
}

/** Who the caller is, for messages. */
export function callerName(caller: AgentCaller): string {
  if (caller.principal) return `principal '${caller.principal}'`;
  const cid = tokenContainer(caller);
  if (cid !== undefined) return `the executor token of container '${cid}'`;
  return 'an anonymous caller';
}

/** AgentAuth: authenticates requests, authorizes actions, issues executor tokens. */
export class AgentAuth {
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

  /** Authenticates a request for `realm`: the caller, or the 401 to send. */
  async authenticate(req: IncomingMessage, realm: string): Promise<AgentCaller | HttpAnswer> {
    if (!this.authenticator) return {};
    const authorization = req.headers.authorization ?? '';
    if (authorization === '') return unauthorized(realm);
    try {
      const r = await this.authenticator.authenticate({ authorization, realm });
      if (!r.authenticated) {
        const answer = unauthorized(realm, r.reason ? `Authentication failed: ${r.reason}` : 'Authentication failed');
        if (r.challenge) answer.headers['WWW-Authenticate'] = r.challenge;
        return answer;
      }
      return { principal: r.principal || undefined, claims: r.claims ?? undefined };
    } catch (err) {
      this.log.error({ err: messageOf(err), realm }, 'authenticator failed');
      return unauthorized(realm, `Authentication failed: ${messageOf(err)}`);
    }
  }

  /** Whether `caller` may perform `action` on `object`; a failing authorizer denies, with why. */
  async authorized(caller: AgentCaller, action: string, object?: AgentAuthzObject): Promise<Decision> {
    if (!this.authorizer) return { allowed: true, reason: '' };
    try {
      const r = await this.authorizer.authorized({ principal: caller.principal ?? '', claims: caller.claims ?? {}, action, object: object ?? null });
      return { allowed: r.allowed === true, reason: r.reason ?? '' };
    } catch (err) {
      this.log.error({ err: messageOf(err), action }, 'authorizer failed; denying');
      return { allowed: false, reason: `the authorizer failed: ${messageOf(err)}` };
    }
  }

  /**
   * Decisions for `caller` doing `action` on each of `objects`, in order: one AuthorizedMany call
   * (one Authorized per object for a module without it). Without an authorizer everything is
   * allowed at no cost; a failing authorizer denies every object, saying so.
   */
  async authorizedMany(caller: AgentCaller, action: string, objects: readonly AgentAuthzObject[]): Promise<Decision[]> {
    if (!this.authorizer || objects.length === 0) return objects.map(() => ({ allowed: true, reason: '' }));
    try {
      return await authorizeMany(this.authorizer, { principal: caller.principal ?? '', claims: caller.claims ?? {}, action, objects: [...objects] });
    } catch (err) {
      this.log.error({ err: messageOf(err), action, objects: objects.length }, 'authorizer failed; denying');
      const denied = { allowed: false, reason: `the authorizer failed: ${messageOf(err)}` };
      return objects.map(() => denied);
    }
  }

  /**
   * A token for an executor's container (claims fid, eid, cid; no principal), or undefined when
   * no authenticator is configured or it issues no tokens (UNIMPLEMENTED). Any other failure
   * throws: an executor that cannot be given its token cannot call the agent back.
   */
  async executorToken(frameworkId: string, executorId: string, containerId: string): Promise<string | undefined> {
    const a = this.authenticator;
    if (a === undefined || typeof a.issueToken !== 'function') return undefined;
    try {
      const r = await a.issueToken({ principal: '', claims: { fid: frameworkId, eid: executorId, cid: containerId }, ttlSeconds: 0 });
      return r.token || undefined;
    } catch (err) {
      if ((err as { code?: unknown }).code === ErrorCodes.unsupported || /UNIMPLEMENTED|not implemented/i.test(messageOf(err))) return undefined;
      throw new Error(`the authenticator could not issue the executor's token: ${messageOf(err)}`);
    }
  }
}

/** Whether an answer (rather than a caller) came back. */
export function isAnswer(x: AgentCaller | HttpAnswer): x is HttpAnswer {
  return typeof (x as HttpAnswer).status === 'number';
}
