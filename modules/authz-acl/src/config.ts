/**
 * Config of the ACL authorizer: the ACLs inline (`acls`, Mesos's ACL JSON as YAML or JSON) or in
 * a file (`aclsFile`, JSON or YAML), exactly one of them. The ACLs' own shape is checked by
 * readAcls, whose errors name the key (and the file).
 */
export const AclConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    acls: {
      type: 'object',
      description: "Mesos's local authorizer ACLs: permissive (default true) and rule lists such as run_tasks, view_tasks, register_frameworks.",
    },
    aclsFile: {
      type: 'string',
      minLength: 1,
      description: 'Path of a JSON or YAML file holding the ACLs (relative to the working directory).',
    },
  },
  oneOf: [{ required: ['acls'] }, { required: ['aclsFile'] }],
} as const;

/** The ACL authorizer's config, after validation. */
export interface AclConfig {
  acls?: Record<string, unknown>;
  aclsFile?: string;
}
