/**
 * Authorization of the operator's mutations through the authorizer module, with Mesos's action
 * names (UPDATE_QUOTA_WITH_CONFIG, UPDATE_WEIGHT, RESERVE_RESOURCES, UNRESERVE_RESOURCES,
 * MARK_AGENT_GONE): every object must be allowed, else 403 naming the first refused one.
 * Without an authorizer everything is allowed.
 */
import { forbidden, type HttpAnswer } from '@plateau/mesos';
import type { AuthzObject, Caller } from '../auth';
import type { MasterContext } from '../context';

/** The 403 to send, or undefined when `caller` may do `action` on every object. */
export async function refusal(m: MasterContext, caller: Caller, action: string, objects: AuthzObject[]): Promise<HttpAnswer | undefined> {
  if (!m.auth.authorizes) return undefined;
  const verdicts = await Promise.all(objects.map((o) => m.auth.authorized(caller, action, o)));
  const i = verdicts.indexOf(false);
  return i < 0 ? undefined : forbidden(`Not authorized to ${action} for ${objects[i]!.type} '${objects[i]!.value ?? ''}'`);
}
