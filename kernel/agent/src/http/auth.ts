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
import { type Authenticator, type Authorizer, ErrorCodes, type Logger, messageOf, ModuleAuth } from '@plateau/kernel';

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
  private readonly modules: ModuleAuth;

  constructor(
    private readonly authenticator: Authenticator | undefined,
    authorizer: Authorizer | undefined,
    log: Logger,
  ) {
    this.modules = new ModuleAuth(authenticator, authorizer, log);
  }

  /** Whether an authenticator is configured. */
  get authenticates(): boolean {
    return this.modules.authenticates;
  }

  /** Whether an authorizer is configured. */
  get authorizes(): boolean {
    return this.modules.authorizes;
  }

  /** Authenticates a request for `realm`: the caller, or the 401 to send. */
  async authenticate(req: IncomingMessage, realm: string): Promise<AgentCaller | HttpAnswer> {
    const r = await this.modules.authenticate(req.headers.authorization ?? '', realm);
    if ('caller' in r) return r.caller;
    const answer = unauthorized(realm, r.refused);
    if (r.challenge) answer.headers['WWW-Authenticate'] = r.challenge;
    return answer;
  }

  /** Whether `caller` may perform `action` on `object`; a failing authorizer denies, with why. */
  authorized(caller: AgentCaller, action: string, object?: AgentAuthzObject): Promise<Decision> {
    return this.modules.decision(caller, action, object);
  }

  /**
   * Decisions for `caller` doing `action` on each of `objects`, in order: one AuthorizedMany call
   * (one Authorized per object for a module without it). Without an authorizer everything is
   * allowed at no cost; a failing authorizer denies every object, saying so.
   */
  authorizedMany(caller: AgentCaller, action: string, objects: readonly AgentAuthzObject[]): Promise<Decision[]> {
    return this.modules.decisions(caller, action, objects);
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
