/**
 * The authorizer kind over Mesos ACLs: Authorized decides one object, AuthorizedMany each of
 * many objects for the same subject and action (what the kernel asks to filter state views).
 */
import { type AuthorizationBatchRequest, type AuthorizationBatchResponse__Output, type AuthorizationRequest, type AuthorizationResponse__Output, type Authorizer, InvalidError } from '@plateau/kernel';
import type { Acls } from './acls';
import { decide } from './decide';

export class AclAuthorizer implements Authorizer {
  constructor(private readonly acls: Acls) {}

  async authorized(req: AuthorizationRequest): Promise<AuthorizationResponse__Output> {
    return decide(this.acls, req.principal ?? '', actionOf(req.action), req.object);
  }

  async authorizedMany(req: AuthorizationBatchRequest): Promise<AuthorizationBatchResponse__Output> {
    const action = actionOf(req.action);
    const principal = req.principal ?? '';
    return { decisions: (req.objects ?? []).map((o) => decide(this.acls, principal, action, o)) };
  }
}

function actionOf(action: string | undefined): string {
  if (action === undefined || action === '') throw new InvalidError('action is required (a Mesos authorization action, e.g. RUN_TASK)');
  return action;
}
