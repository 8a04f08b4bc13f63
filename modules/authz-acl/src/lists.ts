/**
 * The ACL lists Mesos's local authorizer knows (include/mesos/authorizer/acls.proto), each with
 * the name of its object entity and the kernel actions it decides, and how an action's object
 * becomes the values its rules are compared with.
 */

/** How the values of a request's object are found. */
export type ObjectSource =
  /** The object's `value` (a role, a path). */
  | 'value'
  /** The operating system user the object runs as (task, executor, framework, container). */
  | 'user'
  /** The principal of the framework the object belongs to. */
  | 'framework-principal'
  /** The principal that reserved the resource, or created the volume. */
  | 'resource-principal'
  /** An agent: its id (`value`) or its hostname. */
  | 'agent'
  /** Given implicitly: only ANY and NONE rules decide. */
  | 'implicit';

/** One ACL list. */
export interface ListSpec {
  /** The ACL JSON key of the object entity (`roles`, `users`, `paths`, ...). */
  object: string;
  source: ObjectSource;
  /** Kernel action names (Mesos authorization Action) this list decides. */
  actions: string[];
}

/** Every list, by its key in the ACL JSON. */
export const LISTS: Record<string, ListSpec> = {
  register_frameworks: { object: 'roles', source: 'value', actions: ['REGISTER_FRAMEWORK'] },
  run_tasks: { object: 'users', source: 'user', actions: ['RUN_TASK'] },
  teardown_frameworks: { object: 'framework_principals', source: 'framework-principal', actions: ['TEARDOWN_FRAMEWORK'] },
  reserve_resources: { object: 'roles', source: 'value', actions: ['RESERVE_RESOURCES'] },
  unreserve_resources: { object: 'reserver_principals', source: 'resource-principal', actions: ['UNRESERVE_RESOURCES'] },
  create_volumes: { object: 'roles', source: 'value', actions: ['CREATE_VOLUME'] },
  destroy_volumes: { object: 'creator_principals', source: 'resource-principal', actions: ['DESTROY_VOLUME'] },
  resize_volumes: { object: 'roles', source: 'value', actions: ['RESIZE_VOLUME'] },
  get_quotas: { object: 'roles', source: 'value', actions: ['GET_QUOTA'] },
  update_quotas: { object: 'roles', source: 'value', actions: ['UPDATE_QUOTA', 'UPDATE_QUOTA_WITH_CONFIG'] },
  update_weights: { object: 'roles', source: 'value', actions: ['UPDATE_WEIGHT'] },
  view_roles: { object: 'roles', source: 'value', actions: ['VIEW_ROLE'] },
  get_endpoints: { object: 'paths', source: 'value', actions: ['GET_ENDPOINT_WITH_PATH'] },
  view_frameworks: { object: 'users', source: 'user', actions: ['VIEW_FRAMEWORK'] },
  view_tasks: { object: 'users', source: 'user', actions: ['VIEW_TASK'] },
  view_executors: { object: 'users', source: 'user', actions: ['VIEW_EXECUTOR'] },
  view_agents: { object: 'agents', source: 'agent', actions: ['VIEW_AGENT'] },
  access_sandboxes: { object: 'users', source: 'user', actions: ['ACCESS_SANDBOX'] },
  access_mesos_logs: { object: 'logs', source: 'implicit', actions: ['ACCESS_MESOS_LOG'] },
  view_flags: { object: 'flags', source: 'implicit', actions: ['VIEW_FLAGS'] },
  set_log_level: { object: 'level', source: 'implicit', actions: ['SET_LOG_LEVEL'] },
  launch_nested_containers: { object: 'users', source: 'user', actions: ['LAUNCH_NESTED_CONTAINER'] },
  launch_nested_container_sessions: { object: 'users', source: 'user', actions: ['LAUNCH_NESTED_CONTAINER_SESSION'] },
  kill_nested_containers: { object: 'users', source: 'user', actions: ['KILL_NESTED_CONTAINER'] },
  wait_nested_containers: { object: 'users', source: 'user', actions: ['WAIT_NESTED_CONTAINER'] },
  remove_nested_containers: { object: 'users', source: 'user', actions: ['REMOVE_NESTED_CONTAINER'] },
  attach_containers_input: { object: 'users', source: 'user', actions: ['ATTACH_CONTAINER_INPUT'] },
  attach_containers_output: { object: 'users', source: 'user', actions: ['ATTACH_CONTAINER_OUTPUT'] },
  view_containers: { object: 'users', source: 'user', actions: ['VIEW_CONTAINER'] },
  launch_standalone_containers: { object: 'users', source: 'user', actions: ['LAUNCH_STANDALONE_CONTAINER'] },
  kill_standalone_containers: { object: 'users', source: 'user', actions: ['KILL_STANDALONE_CONTAINER'] },
  wait_standalone_containers: { object: 'users', source: 'user', actions: ['WAIT_STANDALONE_CONTAINER'] },
  remove_standalone_containers: { object: 'users', source: 'user', actions: ['REMOVE_STANDALONE_CONTAINER'] },
  view_standalone_containers: { object: 'users', source: 'user', actions: ['VIEW_STANDALONE_CONTAINER'] },
  register_agents: { object: 'agents', source: 'implicit', actions: ['REGISTER_AGENT'] },
  mark_agents_gone: { object: 'agents', source: 'implicit', actions: ['MARK_AGENT_GONE'] },
  drain_agents: { object: 'agents', source: 'implicit', actions: ['DRAIN_AGENT'] },
  deactivate_agents: { object: 'agents', source: 'implicit', actions: ['DEACTIVATE_AGENT'] },
  reactivate_agents: { object: 'agents', source: 'implicit', actions: ['REACTIVATE_AGENT'] },
  get_maintenance_schedules: { object: 'machines', source: 'implicit', actions: ['GET_MAINTENANCE_SCHEDULE'] },
  update_maintenance_schedules: { object: 'machines', source: 'implicit', actions: ['UPDATE_MAINTENANCE_SCHEDULE'] },
  start_maintenances: { object: 'machines', source: 'implicit', actions: ['START_MAINTENANCE'] },
  stop_maintenances: { object: 'machines', source: 'implicit', actions: ['STOP_MAINTENANCE'] },
  get_maintenance_statuses: { object: 'machines', source: 'implicit', actions: ['GET_MAINTENANCE_STATUS'] },
  view_resource_providers: { object: 'resource_providers', source: 'implicit', actions: ['VIEW_RESOURCE_PROVIDER'] },
  prune_images: { object: 'images', source: 'implicit', actions: ['PRUNE_IMAGES'] },
};

/** Mesos's longer names of lists that this module keeps under a shorter one. */
export const LIST_ALIASES: Record<string, string> = {
  launch_nested_containers_as_user: 'launch_nested_containers',
  launch_nested_container_sessions_as_user: 'launch_nested_container_sessions',
};

/** The list deciding each kernel action. */
export const LIST_OF_ACTION: ReadonlyMap<string, string> = new Map(
  Object.entries(LISTS).flatMap(([list, spec]) => spec.actions.map((a) => [a, list] as const)),
);
