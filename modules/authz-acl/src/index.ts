import { defineModule } from '@plateau/kernel';
import { readAcls, readAclsFile } from './acls';
import { AclAuthorizer } from './authorizer';
import { AclConfigSchema, type AclConfig } from './config';

export { readAcls, readAclsFile, type Acls, type Entity, type Rule } from './acls';
export { decide, type Decision } from './decide';
export { LISTS, LIST_OF_ACTION } from './lists';
export { AclAuthorizer } from './authorizer';
export { AclConfigSchema, type AclConfig } from './config';

/**
 * authorizer.acl: Mesos's local authorizer. `modules: { acl: { use: authz-acl, config: { aclsFile: /etc/plateau/acls.json } } }`
 * and `master: { authorizer: acl }`; or spawned as its own binary, `plateau-authz-acl`.
 */
export default defineModule<AclAuthorizer, AclConfig>({
  kind: 'authorizer',
  name: 'acl',
  version: '0.1.0',
  apiVersions: ['v1'],
  configSchema: AclConfigSchema,
  create: ({ config, log }) => {
    const acls = config.aclsFile !== undefined ? readAclsFile(config.aclsFile) : readAcls(config.acls, 'acls');
    const rules = [...acls.lists.values()].reduce((n, l) => n + l.length, 0);
    log.info({ permissive: acls.permissive, lists: [...acls.lists.keys()], rules, file: config.aclsFile }, 'ACLs loaded');
    return new AclAuthorizer(acls);
  },
});
