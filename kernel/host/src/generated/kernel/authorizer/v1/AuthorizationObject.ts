// Original file: kernel/authorizer/v1/authorizer.proto


/**
 * AuthorizationObject is what an action applies to (Mesos authorization Object).
 */
export interface AuthorizationObject {
  /**
   * What the object is: "role", "user", "path", "framework", "task", "executor", "container", ...
   */
  'type'?: (string);
  /**
   * The object's name when a string identifies it (a role, a user, an endpoint path).
   */
  'value'?: (string);
  /**
   * Mesos v1 authorization Object JSON ({"value", "framework_info", "task_info", ...}) when more is needed; may be empty.
   */
  'json'?: (string);
}

/**
 * AuthorizationObject is what an action applies to (Mesos authorization Object).
 */
export interface AuthorizationObject__Output {
  /**
   * What the object is: "role", "user", "path", "framework", "task", "executor", "container", ...
   */
  'type': (string);
  /**
   * The object's name when a string identifies it (a role, a user, an endpoint path).
   */
  'value': (string);
  /**
   * Mesos v1 authorization Object JSON ({"value", "framework_info", "task_info", ...}) when more is needed; may be empty.
   */
  'json': (string);
}
