/**
 * TEARDOWN: the operator removes a framework, as the framework's own TEARDOWN does: its agents
 * shut its executors and tasks down, its tasks end as TASK_KILLED (REASON_FRAMEWORK_REMOVED), its
 * offers are rescinded, its resources return, and it moves to the completed frameworks (its id may
 * not subscribe again). Authorized as TEARDOWN_FRAMEWORK on the framework (403 naming the
 * authorizer's reason); a framework this master does not run (unknown, or already removed) is 400
 * as in Mesos.
 */
import { badRequest, forbidden, type HttpAnswer, ok } from '@plateau/mesos';
import { because, type Caller } from '../auth';
import { frameworkObjectJson } from '../authz-objects';
import type { MasterContext } from '../context';
import { removeFramework } from '../frameworks';
import type { OperatorHandlers } from './handler';

async function teardown(m: MasterContext, caller: Caller, id: string | undefined): Promise<HttpAnswer> {
  if (!id) return badRequest('teardown.framework_id: required');
  const fw = m.state.frameworks.get(id);
  if (fw === undefined) {
    const done = m.state.completedFrameworks.some((f) => f.id === id);
    return badRequest(`No framework found with ID '${id}'${done ? ' (it was already removed)' : ''}`);
  }
  if (m.auth.authorizes) {
    const d = await m.auth.decision(caller, 'TEARDOWN_FRAMEWORK', { type: 'framework', value: fw.id, json: frameworkObjectJson(fw) });
    if (!d.allowed) return forbidden(`Not authorized to teardown framework ${fw.id}${because(d)}`);
  }
  // Authorization may have waited: the framework may be gone since.
  if (m.state.frameworks.get(id) !== fw) return badRequest(`No framework found with ID '${id}' (it was removed meanwhile)`);
  removeFramework(m, fw, 'TEARDOWN by the operator');
  return ok();
}

/** Handlers of this group. */
export const teardownHandlers: OperatorHandlers = {
  TEARDOWN: (m, call, caller) => teardown(m, caller, call.teardown?.framework_id?.value),
};
