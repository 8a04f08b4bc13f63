/**
 * Asking an authorizer about one subject and action on many objects (filtering state views,
 * sandboxes, containers): one AuthorizedMany call, or, when the module answers UNIMPLEMENTED
 * (PLT_ERR_UNSUPPORTED, e.g. a module written before the method existed), one Authorized call
 * per object. Both kernel roles use it, so a view costs one module call per action.
 */
import { ErrorCodes, InvalidError, hasCode } from '../contract/errors';
import type { AuthorizationBatchRequest } from '../generated/kernel/authorizer/v1/AuthorizationBatchRequest';
import type { Authorizer } from '../generated/kinds';

/** One decision: allowed or not, and the rule that decided (empty when the module names none). */
export interface AuthorizationDecision {
  allowed: boolean;
  reason: string;
}

/**
 * Decisions for `req.objects`, in their order. An empty list asks nothing. A batch answer with
 * another number of decisions than objects is an error (PLT_ERR_INVALID), never a guess; other
 * errors of the module propagate, so the caller decides what a failing authorizer means.
 */
export async function authorizeMany(authorizer: Authorizer, req: AuthorizationBatchRequest): Promise<AuthorizationDecision[]> {
  const objects = req.objects ?? [];
  if (objects.length === 0) return [];
  const base = { principal: req.principal ?? '', claims: req.claims ?? {}, action: req.action ?? '' };
  let batch: Awaited<ReturnType<Authorizer['authorizedMany']>> | undefined;
  if (typeof authorizer.authorizedMany === 'function') {
    try {
      batch = await authorizer.authorizedMany({ ...base, objects });
    } catch (err) {
      if (!hasCode(err, ErrorCodes.unsupported)) throw err;
    }
  }
  if (batch !== undefined) {
    const decisions = batch?.decisions ?? [];
    if (decisions.length !== objects.length) {
      throw new InvalidError(`authorizer answered ${decisions.length} decisions for ${objects.length} objects of ${base.action}`);
    }
    return decisions.map((d) => ({ allowed: d?.allowed === true, reason: d?.reason ?? '' }));
  }
  const single = await Promise.all(objects.map((object) => authorizer.authorized({ ...base, object })));
  return single.map((d) => ({ allowed: d?.allowed === true, reason: d?.reason ?? '' }));
}
