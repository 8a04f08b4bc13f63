/**
 * Authorization of the operator's mutations through the authorizer module, with Mesos's action
 * names (UPDATE_QUOTA_WITH_CONFIG, UPDATE_WEIGHT, RESERVE_RESOURCES, UNRESERVE_RESOURCES,
 * MARK_AGENT_GONE): every object must be allowed, else 403 naming the first refused one and the
 * rule that refused it. One AuthorizedMany call per mutation.
 * Without an authorizer everything is allowed.
 */
import { forbidden, type HttpAnswer } from '@plateau/mesos';
import { type AuthzObject, because, type Caller } from '../auth';
import type { MasterContext } from '../context';

/** The 403 to send, naming the authorizer's rule, or undefined when `caller` may do `action` on every object. */
export async function refusal(m: MasterContext, caller: Caller, action: string, objects: AuthzObject[]): Promise<HttpAnswer | undefined> {
  if (!m.auth.authorizes) return undefined;
  const decisions = await m.auth.authorizedMany(caller, action, objects);
  const i = decisions.findIndex((d) => !d.allowed);
  return i < 0 ? undefined : forbidden(`Not authorized to ${action} for ${objects[i]!.type} '${objects[i]!.value ?? ''}'${because(decisions[i]!)}`);
}
