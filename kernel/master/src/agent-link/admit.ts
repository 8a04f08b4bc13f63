/**
 * Admission of an agent link, before its Register / ReRegister is looked at: with
 * master.authenticateAgents (or whenever the agent sends one), the link's credential
 * (`authorization: Basic ...` metadata, the agent's agent.credential) must authenticate through
 * master.authenticator in the `mesos-master-agent` realm
 * (Mesos authenticates agents with --authenticate_agents and their --credential; it has no HTTP
 * realm for it, so Plateau names one after its others), and with an authorizer the principal
 * must be allowed REGISTER_AGENT on the agent (object type `agent`, value its hostname).
 * Refused links end with UNAUTHENTICATED or PERMISSION_DENIED, and the master logs who.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { type HttpAnswer, quote } from '@plateau/mesos';
import { type Caller, isAnswer } from '../auth';
import type { MasterContext } from '../context';
import type { AgentSession } from './session';

/** Realm of agent credentials on the agent link. */
export const AGENT_LINK_REALM = 'mesos-master-agent';

/** Whether the agent on `session` may register as `hostname`; when not, the link is ended and false returned. */
export async function admitAgent(m: MasterContext, session: AgentSession, hostname: string, port: number): Promise<boolean> {
  const required = m.auth.agents.authenticateAgents;
  if (required && !m.auth.authenticates) {
    m.log.error({ peer: session.peer, hostname }, 'agent registration refused: master.authenticateAgents is set but no master.authenticator is configured');
    session.fail(GrpcStatus.UNAUTHENTICATED, 'the master requires agent authentication but has no authenticator configured');
    return false;
  }
  let caller: Caller | HttpAnswer = {};
  // A credential sent is checked even where none is required (Mesos authenticates an agent that offers one).
  if (m.auth.authenticates && (required || session.authorization !== '')) caller = await m.auth.authenticateAuthorization(session.authorization, AGENT_LINK_REALM);
  if (isAnswer(caller)) {
    const claimed = claimedPrincipal(session.authorization);
    m.log.warn({ peer: session.peer, hostname, principal: claimed ?? null, reason: caller.body }, 'agent registration refused: not authenticated');
    session.fail(GrpcStatus.UNAUTHENTICATED, `agent authentication failed${claimed === undefined ? ': the link carries no credential (set agent.credential)' : ` for principal '${claimed}': ${caller.body}`}`);
    return false;
  }
  const object = { type: 'agent', value: hostname, json: `{"agent_info":{"hostname":${quote(hostname)},"port":${port}}}` };
  if (!(await m.auth.authorized(caller, 'REGISTER_AGENT', object))) {
    m.log.warn({ peer: session.peer, hostname, principal: caller.principal ?? null }, 'agent registration refused: not authorized to REGISTER_AGENT');
    session.fail(GrpcStatus.PERMISSION_DENIED, `principal '${caller.principal ?? ''}' is not authorized to REGISTER_AGENT '${hostname}'`);
    return false;
  }
  return true;
}

/** The principal a Basic credential claims (undefined without one), for logs. */
function claimedPrincipal(authorization: string): string | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(authorization);
  if (!m) return authorization === '' ? undefined : '(not Basic)';
  const text = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon < 0 ? text : text.slice(0, colon);
}
