/**
 * TypeScript shapes of the Mesos v1 messages that the scheduler API (`mesos.v1.scheduler`) and
 * the master's operator API (`mesos.v1.master`) carry, as they look after JSON decoding.
 *
 * Naming: a nested proto message or enum `A.B.C` is `A_B_C` here. The operator API's `Call`,
 * `Response` and `Event` are `MasterCall`, `MasterResponse` and `MasterEvent`, to keep them apart
 * from the scheduler's `Call` and `Event`.
 *
 * Field names are the proto's snake_case names, exactly as on the wire. An enum is a union of its
 * value names; the `const` of the same name maps each name to its proto number. 64-bit integers
 * that can exceed 2^53 (`TimeInfo.nanoseconds`, `DurationInfo.nanoseconds`, rlimits, byte counts)
 * are `bigint`; `bytes` fields are `Uint8Array`. A field that is unset is absent (`undefined`);
 * a repeated field that is absent means empty.
 *
 * `./schema` holds the table that decodes and encodes each of these; the compiler checks that
 * every table matches its type here, field for field.
 */

// ---------------------------------------------------------------------------------------------
// mesos.v1: identifiers and time

/** A framework's id, assigned by the master at first SUBSCRIBE. */
export interface FrameworkID {
  value: string;
}

/** An offer's id. */
export interface OfferID {
  value: string;
}

/** An agent's id, assigned by the master when the agent registers. */
export interface AgentID {
  value: string;
}

/** A task's id, chosen by the framework. */
export interface TaskID {
  value: string;
}

/** An executor's id, chosen by the framework. */
export interface ExecutorID {
  value: string;
}

/** A container's id; `parent` is set for a nested container. */
export interface ContainerID {
  value: string;
  parent?: ContainerID;
}

/** A resource provider's id. */
export interface ResourceProviderID {
  value: string;
}

/** An operation's id, chosen by the framework when it wants operation feedback. */
export interface OperationID {
  value: string;
}

/** A point in time: nanoseconds since the epoch (exceeds 2^53, hence `bigint`). */
export interface TimeInfo {
  nanoseconds: bigint;
}

/** A duration in nanoseconds. */
export interface DurationInfo {
  nanoseconds: bigint;
}

/** `google.protobuf.Duration` (used by DRAIN_AGENT's `max_grace_period`). */
export interface ProtobufDuration {
  seconds?: number;
  nanos?: number;
}

/** A network address: hostname and/or IP, and a port. */
export interface Address {
  hostname?: string;
  ip?: string;
  port: number;
}

/** A URL, e.g. for reaching an agent. */
export interface URL {
  scheme: string;
  address: Address;
  path?: string;
  query?: Parameter[];
  fragment?: string;
}

/** An interval of planned unavailability; no `duration` means forever. */
export interface Unavailability {
  start: TimeInfo;
  duration?: DurationInfo;
}

/** One machine (hostname and IP must both match an agent's). */
export interface MachineID {
  hostname?: string;
  ip?: string;
}

/** Maintenance mode of a machine. */
export const MachineInfo_Mode = { UP: 1, DRAINING: 2, DOWN: 3 } as const;
/** Maintenance mode of a machine. */
export type MachineInfo_Mode = keyof typeof MachineInfo_Mode;

/** A machine, its maintenance mode and planned unavailability. */
export interface MachineInfo {
  id: MachineID;
  mode?: MachineInfo_Mode;
  unavailability?: Unavailability;
}

// ---------------------------------------------------------------------------------------------
// mesos.v1: frameworks, checks, commands, executors

/** Capabilities a framework may declare. */
export const FrameworkInfo_Capability_Type = {
  UNKNOWN: 0,
  REVOCABLE_RESOURCES: 1,
  TASK_KILLING_STATE: 2,
  GPU_RESOURCES: 3,
  SHARED_RESOURCES: 4,
  PARTITION_AWARE: 5,
  MULTI_ROLE: 6,
  RESERVATION_REFINEMENT: 7,
  REGION_AWARE: 8,
} as const;
/** A framework capability name. */
export type FrameworkInfo_Capability_Type = keyof typeof FrameworkInfo_Capability_Type;

/** One framework capability. */
export interface FrameworkInfo_Capability {
  type?: FrameworkInfo_Capability_Type;
}

/** Describes a framework (sent in SUBSCRIBE and UPDATE_FRAMEWORK). */
export interface FrameworkInfo {
  /** Unix user that tasks run as by default. */
  user: string;
  /** Name shown in UIs. */
  name: string;
  /** Set when re-subscribing after failover. */
  id?: FrameworkID;
  /** Seconds the master waits for a disconnected scheduler before tearing it down (default 0). */
  failover_timeout?: number;
  /** Whether agents checkpoint this framework's state (default false). */
  checkpoint?: boolean;
  /** Legacy single role (deprecated; default "*"). */
  role?: string;
  /** Roles, for MULTI_ROLE frameworks. */
  roles?: string[];
  hostname?: string;
  principal?: string;
  webui_url?: string;
  capabilities?: FrameworkInfo_Capability[];
  labels?: Labels;
  /** Per-role minimum offer shapes. */
  offer_filters?: Record<string, OfferFilters>;
}

/** Kinds of check. */
export const CheckInfo_Type = { UNKNOWN: 0, COMMAND: 1, HTTP: 2, TCP: 3 } as const;
/** A kind of check. */
export type CheckInfo_Type = keyof typeof CheckInfo_Type;

/** A command check. */
export interface CheckInfo_Command {
  command: CommandInfo;
}

/** An HTTP check against 127.0.0.1:port/path. */
export interface CheckInfo_Http {
  port: number;
  path?: string;
}

/** A TCP check against 127.0.0.1:port. */
export interface CheckInfo_Tcp {
  port: number;
}

/** A non-killing check of a task. */
export interface CheckInfo {
  type?: CheckInfo_Type;
  command?: CheckInfo_Command;
  http?: CheckInfo_Http;
  tcp?: CheckInfo_Tcp;
  /** Default 15. */
  delay_seconds?: number;
  /** Default 10. */
  interval_seconds?: number;
  /** Default 20. */
  timeout_seconds?: number;
}

/** Kinds of health check. */
export const HealthCheck_Type = { UNKNOWN: 0, COMMAND: 1, HTTP: 2, TCP: 3 } as const;
/** A kind of health check. */
export type HealthCheck_Type = keyof typeof HealthCheck_Type;

/** An HTTP health check. */
export interface HealthCheck_HTTPCheckInfo {
  /** Default IPv4. */
  protocol?: NetworkInfo_Protocol;
  scheme?: string;
  port: number;
  path?: string;
  statuses?: number[];
}

/** A TCP health check. */
export interface HealthCheck_TCPCheckInfo {
  /** Default IPv4. */
  protocol?: NetworkInfo_Protocol;
  port: number;
}

/** A health check of a task or executor. */
export interface HealthCheck {
  /** Default 15. */
  delay_seconds?: number;
  /** Default 10. */
  interval_seconds?: number;
  /** Default 20. */
  timeout_seconds?: number;
  /** Default 3. */
  consecutive_failures?: number;
  /** Default 10. */
  grace_period_seconds?: number;
  type?: HealthCheck_Type;
  command?: CommandInfo;
  http?: HealthCheck_HTTPCheckInfo;
  tcp?: HealthCheck_TCPCheckInfo;
}

/** How long to wait between a graceful and a forcible kill. */
export interface KillPolicy {
  grace_period?: DurationInfo;
}

/** A URI the fetcher downloads into the sandbox. */
export interface CommandInfo_URI {
  value: string;
  executable?: boolean;
  /** Default true. */
  extract?: boolean;
  cache?: boolean;
  output_file?: string;
}

/** A command: `/bin/sh -c value` when `shell` (the default), else exec `value` with `arguments`. */
export interface CommandInfo {
  uris?: CommandInfo_URI[];
  environment?: Environment;
  /** Default true. */
  shell?: boolean;
  value?: string;
  arguments?: string[];
  user?: string;
}

/** Executor kinds. */
export const ExecutorInfo_Type = { UNKNOWN: 0, DEFAULT: 1, CUSTOM: 2 } as const;
/** An executor kind. */
export type ExecutorInfo_Type = keyof typeof ExecutorInfo_Type;

/** Describes an executor. */
export interface ExecutorInfo {
  /** Required for LAUNCH_GROUP. */
  type?: ExecutorInfo_Type;
  executor_id: ExecutorID;
  framework_id?: FrameworkID;
  /** Required for CUSTOM, forbidden for DEFAULT. */
  command?: CommandInfo;
  container?: ContainerInfo;
  resources?: Resource[];
  name?: string;
  /** Deprecated. */
  source?: string;
  data?: Uint8Array;
  discovery?: DiscoveryInfo;
  shutdown_grace_period?: DurationInfo;
  labels?: Labels;
}

// ---------------------------------------------------------------------------------------------
// mesos.v1: domains, masters, agents, resource providers

/** A region. */
export interface DomainInfo_FaultDomain_RegionInfo {
  name: string;
}

/** A zone. */
export interface DomainInfo_FaultDomain_ZoneInfo {
  name: string;
}

/** A fault domain: region and zone. */
export interface DomainInfo_FaultDomain {
  region: DomainInfo_FaultDomain_RegionInfo;
  zone: DomainInfo_FaultDomain_ZoneInfo;
}

/** The domain of a master or agent. */
export interface DomainInfo {
  fault_domain?: DomainInfo_FaultDomain;
}

/** Master capabilities. */
export const MasterInfo_Capability_Type = { UNKNOWN: 0, AGENT_UPDATE: 1, AGENT_DRAINING: 2, QUOTA_V2: 3 } as const;
/** A master capability name. */
export type MasterInfo_Capability_Type = keyof typeof MasterInfo_Capability_Type;

/** One master capability. */
export interface MasterInfo_Capability {
  type?: MasterInfo_Capability_Type;
}

/** Describes a master (in SUBSCRIBED and GET_MASTER). */
export interface MasterInfo {
  id: string;
  /** IPv4 as the four network-order bytes read as a host (little-endian) uint32. */
  ip: number;
  /** Default 5050. */
  port: number;
  /** `master@ip:port`. */
  pid?: string;
  hostname?: string;
  version?: string;
  address?: Address;
  domain?: DomainInfo;
  capabilities?: MasterInfo_Capability[];
}

/** Agent capabilities. */
export const AgentInfo_Capability_Type = {
  UNKNOWN: 0,
  MULTI_ROLE: 1,
  HIERARCHICAL_ROLE: 2,
  RESERVATION_REFINEMENT: 3,
  RESOURCE_PROVIDER: 4,
  RESIZE_VOLUME: 5,
  AGENT_OPERATION_FEEDBACK: 6,
  AGENT_DRAINING: 7,
  TASK_RESOURCE_LIMITS: 8,
} as const;
/** An agent capability name. */
export type AgentInfo_Capability_Type = keyof typeof AgentInfo_Capability_Type;

/** One agent capability. */
export interface AgentInfo_Capability {
  type?: AgentInfo_Capability_Type;
}

/** Describes an agent. */
export interface AgentInfo {
  hostname: string;
  /** Default 5051. */
  port?: number;
  resources?: Resource[];
  attributes?: Attribute[];
  id?: AgentID;
  domain?: DomainInfo;
}

/** CSI plugin services. */
export const CSIPluginContainerInfo_Service = { UNKNOWN: 0, CONTROLLER_SERVICE: 1, NODE_SERVICE: 2 } as const;
/** A CSI plugin service. */
export type CSIPluginContainerInfo_Service = keyof typeof CSIPluginContainerInfo_Service;

/** A container that runs a managed CSI plugin. */
export interface CSIPluginContainerInfo {
  services?: CSIPluginContainerInfo_Service[];
  command?: CommandInfo;
  resources?: Resource[];
  container?: ContainerInfo;
}

/** The endpoint of an unmanaged CSI plugin. */
export interface CSIPluginEndpoint {
  csi_service: CSIPluginContainerInfo_Service;
  endpoint: string;
}

/** Describes a CSI plugin. */
export interface CSIPluginInfo {
  type: string;
  /** Default "default". */
  name?: string;
  containers?: CSIPluginContainerInfo[];
  endpoints?: CSIPluginEndpoint[];
  target_path_root?: string;
  target_path_exists?: boolean;
}

/** Storage resource provider settings. */
export interface ResourceProviderInfo_Storage {
  plugin: CSIPluginInfo;
  reconciliation_interval_seconds?: number;
}

/** Describes a resource provider. */
export interface ResourceProviderInfo {
  id?: ResourceProviderID;
  attributes?: Attribute[];
  type: string;
  name: string;
  default_reservations?: Resource_ReservationInfo[];
  storage?: ResourceProviderInfo_Storage;
}

// ---------------------------------------------------------------------------------------------
// mesos.v1: values, attributes, resources

/** Kinds of value. */
export const Value_Type = { SCALAR: 0, RANGES: 1, SET: 2, TEXT: 3 } as const;
/** A kind of value. */
export type Value_Type = keyof typeof Value_Type;

/** A scalar (Mesos keeps three decimal digits). `"Infinity"` on the wire is `Infinity` here. */
export interface Value_Scalar {
  value: number;
}

/** An inclusive range (ports). uint64 on the wire; kept as a number, values past 2^53 are rejected. */
export interface Value_Range {
  begin: number;
  end: number;
}

/** A list of ranges. */
export interface Value_Ranges {
  range?: Value_Range[];
}

/** A set of strings. */
export interface Value_Set {
  item?: string[];
}

/** A text value. */
export interface Value_Text {
  value: string;
}

/** A typed value. */
export interface Value {
  type: Value_Type;
  scalar?: Value_Scalar;
  ranges?: Value_Ranges;
  set?: Value_Set;
  text?: Value_Text;
}

/** A machine attribute (e.g. rack). */
export interface Attribute {
  name: string;
  type: Value_Type;
  scalar?: Value_Scalar;
  ranges?: Value_Ranges;
  set?: Value_Set;
  text?: Value_Text;
}

/** The role a resource is allocated to (MULTI_ROLE frameworks). */
export interface Resource_AllocationInfo {
  role?: string;
}

/** Reservation kinds. */
export const Resource_ReservationInfo_Type = { UNKNOWN: 0, STATIC: 1, DYNAMIC: 2 } as const;
/** A reservation kind. */
export type Resource_ReservationInfo_Type = keyof typeof Resource_ReservationInfo_Type;

/** One reservation (of the refinement stack, or the legacy `reservation`). */
export interface Resource_ReservationInfo {
  type?: Resource_ReservationInfo_Type;
  role?: string;
  principal?: string;
  labels?: Labels;
}

/** A persistent volume's identity. */
export interface Resource_DiskInfo_Persistence {
  id: string;
  principal?: string;
}

/** Disk source kinds. */
export const Resource_DiskInfo_Source_Type = { UNKNOWN: 0, PATH: 1, MOUNT: 2, BLOCK: 3, RAW: 4 } as const;
/** A disk source kind. */
export type Resource_DiskInfo_Source_Type = keyof typeof Resource_DiskInfo_Source_Type;

/** A PATH disk source. */
export interface Resource_DiskInfo_Source_Path {
  root?: string;
}

/** A MOUNT disk source. */
export interface Resource_DiskInfo_Source_Mount {
  root?: string;
}

/** Where a disk comes from. */
export interface Resource_DiskInfo_Source {
  type: Resource_DiskInfo_Source_Type;
  path?: Resource_DiskInfo_Source_Path;
  mount?: Resource_DiskInfo_Source_Mount;
  vendor?: string;
  id?: string;
  metadata?: Labels;
  profile?: string;
}

/** Disk details of a `disk` resource: persistence, mount, source. */
export interface Resource_DiskInfo {
  persistence?: Resource_DiskInfo_Persistence;
  volume?: Volume;
  source?: Resource_DiskInfo_Source;
}

/** Marks a resource revocable (empty message). */
export type Resource_RevocableInfo = Record<never, never>;

/** Marks a resource shared (empty message). */
export type Resource_SharedInfo = Record<never, never>;

/** A resource: `cpus`, `mem` (MB), `disk` (MB), `ports`, `gpus`, ... */
export interface Resource {
  provider_id?: ResourceProviderID;
  name: string;
  type: Value_Type;
  scalar?: Value_Scalar;
  ranges?: Value_Ranges;
  set?: Value_Set;
  /** Legacy (pre-refinement) role; "*" is unreserved. Deprecated, so never emitted when unset. */
  role?: string;
  allocation_info?: Resource_AllocationInfo;
  /** Legacy dynamic reservation. */
  reservation?: Resource_ReservationInfo;
  /** Reservation refinement stack; the last is the current one. */
  reservations?: Resource_ReservationInfo[];
  disk?: Resource_DiskInfo;
  revocable?: Resource_RevocableInfo;
  shared?: Resource_SharedInfo;
}

/** Quantities of scalar resources, by name. */
export interface OfferFilters_ResourceQuantities {
  quantities?: Record<string, Value_Scalar>;
}

/** Smallest offers a role wants to see. */
export interface OfferFilters_MinAllocatableResources {
  quantities?: OfferFilters_ResourceQuantities[];
}

/** A role's offer shape filters. */
export interface OfferFilters {
  min_allocatable_resources?: OfferFilters_MinAllocatableResources;
}

/** A request for resources (REQUEST call). */
export interface Request {
  agent_id?: AgentID;
  resources?: Resource[];
}

// ---------------------------------------------------------------------------------------------
// mesos.v1: offers and operations

/** Offer operation kinds. */
export const Offer_Operation_Type = {
  UNKNOWN: 0,
  LAUNCH: 1,
  LAUNCH_GROUP: 6,
  RESERVE: 2,
  UNRESERVE: 3,
  CREATE: 4,
  DESTROY: 5,
  GROW_VOLUME: 11,
  SHRINK_VOLUME: 12,
  CREATE_DISK: 13,
  DESTROY_DISK: 14,
} as const;
/** An offer operation kind. */
export type Offer_Operation_Type = keyof typeof Offer_Operation_Type;

/** LAUNCH: tasks to launch. */
export interface Offer_Operation_Launch {
  task_infos?: TaskInfo[];
}

/** LAUNCH_GROUP: a task group delivered atomically to one executor. */
export interface Offer_Operation_LaunchGroup {
  executor: ExecutorInfo;
  task_group: TaskGroupInfo;
}

/** RESERVE. */
export interface Offer_Operation_Reserve {
  source?: Resource[];
  resources?: Resource[];
}

/** UNRESERVE. */
export interface Offer_Operation_Unreserve {
  resources?: Resource[];
}

/** CREATE persistent volumes. */
export interface Offer_Operation_Create {
  volumes?: Resource[];
}

/** DESTROY persistent volumes. */
export interface Offer_Operation_Destroy {
  volumes?: Resource[];
}

/** GROW_VOLUME (experimental). */
export interface Offer_Operation_GrowVolume {
  volume: Resource;
  addition: Resource;
}

/** SHRINK_VOLUME (experimental). */
export interface Offer_Operation_ShrinkVolume {
  volume: Resource;
  subtract: Value_Scalar;
}

/** CREATE_DISK (experimental). */
export interface Offer_Operation_CreateDisk {
  source: Resource;
  target_type: Resource_DiskInfo_Source_Type;
  target_profile?: string;
}

/** DESTROY_DISK (experimental). */
export interface Offer_Operation_DestroyDisk {
  source: Resource;
}

/** One operation inside ACCEPT. */
export interface Offer_Operation {
  type?: Offer_Operation_Type;
  /** Set only to get UPDATE_OPERATION_STATUS feedback (not for LAUNCH / LAUNCH_GROUP). */
  id?: OperationID;
  launch?: Offer_Operation_Launch;
  launch_group?: Offer_Operation_LaunchGroup;
  reserve?: Offer_Operation_Reserve;
  unreserve?: Offer_Operation_Unreserve;
  create?: Offer_Operation_Create;
  destroy?: Offer_Operation_Destroy;
  grow_volume?: Offer_Operation_GrowVolume;
  shrink_volume?: Offer_Operation_ShrinkVolume;
  create_disk?: Offer_Operation_CreateDisk;
  destroy_disk?: Offer_Operation_DestroyDisk;
}

/** Resources of one agent offered to one framework role. */
export interface Offer {
  id: OfferID;
  framework_id: FrameworkID;
  agent_id: AgentID;
  hostname: string;
  url?: URL;
  domain?: DomainInfo;
  resources?: Resource[];
  attributes?: Attribute[];
  executor_ids?: ExecutorID[];
  unavailability?: Unavailability;
  allocation_info?: Resource_AllocationInfo;
}

/** A request to give resources back (maintenance). */
export interface InverseOffer {
  id: OfferID;
  url?: URL;
  framework_id: FrameworkID;
  agent_id?: AgentID;
  unavailability: Unavailability;
  resources?: Resource[];
}

// ---------------------------------------------------------------------------------------------
// mesos.v1: tasks and their status

/** Describes a task to launch. Exactly one of `executor` and `command`. */
export interface TaskInfo {
  name: string;
  task_id: TaskID;
  agent_id: AgentID;
  resources?: Resource[];
  executor?: ExecutorInfo;
  command?: CommandInfo;
  container?: ContainerInfo;
  health_check?: HealthCheck;
  check?: CheckInfo;
  kill_policy?: KillPolicy;
  data?: Uint8Array;
  labels?: Labels;
  discovery?: DiscoveryInfo;
  max_completion_time?: DurationInfo;
  /** `cpus` / `mem` limits; `Infinity` means unlimited. */
  limits?: Record<string, Value_Scalar>;
}

/** Tasks launched together on one executor. */
export interface TaskGroupInfo {
  tasks?: TaskInfo[];
}

/** Task states. */
export const TaskState = {
  TASK_STAGING: 6,
  TASK_STARTING: 0,
  TASK_RUNNING: 1,
  TASK_KILLING: 8,
  TASK_FINISHED: 2,
  TASK_FAILED: 3,
  TASK_KILLED: 4,
  TASK_ERROR: 7,
  TASK_LOST: 5,
  TASK_DROPPED: 9,
  TASK_UNREACHABLE: 10,
  TASK_GONE: 11,
  TASK_GONE_BY_OPERATOR: 12,
  TASK_UNKNOWN: 13,
} as const;
/** A task state name. */
export type TaskState = keyof typeof TaskState;

/** A task as the master and agents track it. */
export interface Task {
  name: string;
  task_id: TaskID;
  framework_id: FrameworkID;
  executor_id?: ExecutorID;
  agent_id: AgentID;
  state: TaskState;
  resources?: Resource[];
  statuses?: TaskStatus[];
  status_update_state?: TaskState;
  status_update_uuid?: Uint8Array;
  labels?: Labels;
  discovery?: DiscoveryInfo;
  container?: ContainerInfo;
  health_check?: HealthCheck;
  kill_policy?: KillPolicy;
  user?: string;
  limits?: Record<string, Value_Scalar>;
}

/** The resources whose limit a task hit. */
export interface TaskResourceLimitation {
  resources?: Resource[];
}

/** A 16-byte UUID. */
export interface UUID {
  value: Uint8Array;
}

/** An offer operation with its status history. */
export interface Operation {
  framework_id?: FrameworkID;
  agent_id?: AgentID;
  info: Offer_Operation;
  latest_status: OperationStatus;
  statuses?: OperationStatus[];
  uuid: UUID;
}

/** Operation states. */
export const OperationState = {
  OPERATION_UNSUPPORTED: 0,
  OPERATION_PENDING: 1,
  OPERATION_FINISHED: 2,
  OPERATION_FAILED: 3,
  OPERATION_ERROR: 4,
  OPERATION_DROPPED: 5,
  OPERATION_UNREACHABLE: 6,
  OPERATION_GONE_BY_OPERATOR: 7,
  OPERATION_RECOVERING: 8,
  OPERATION_UNKNOWN: 9,
} as const;
/** An operation state name. */
export type OperationState = keyof typeof OperationState;

/** The status of an operation (UPDATE_OPERATION_STATUS). */
export interface OperationStatus {
  operation_id?: OperationID;
  state: OperationState;
  message?: string;
  converted_resources?: Resource[];
  uuid?: UUID;
  agent_id?: AgentID;
  resource_provider_id?: ResourceProviderID;
}

/** Result of a command check. */
export interface CheckStatusInfo_Command {
  exit_code?: number;
}

/** Result of an HTTP check. */
export interface CheckStatusInfo_Http {
  status_code?: number;
}

/** Result of a TCP check. */
export interface CheckStatusInfo_Tcp {
  succeeded?: boolean;
}

/** The status of a check. */
export interface CheckStatusInfo {
  type?: CheckInfo_Type;
  command?: CheckStatusInfo_Command;
  http?: CheckStatusInfo_Http;
  tcp?: CheckStatusInfo_Tcp;
}

/** Who produced a status update. */
export const TaskStatus_Source = { SOURCE_MASTER: 0, SOURCE_AGENT: 1, SOURCE_EXECUTOR: 2 } as const;
/** Who produced a status update. */
export type TaskStatus_Source = keyof typeof TaskStatus_Source;

/** Why a status update was sent. */
export const TaskStatus_Reason = {
  REASON_COMMAND_EXECUTOR_FAILED: 0,
  REASON_CONTAINER_LAUNCH_FAILED: 21,
  REASON_CONTAINER_LIMITATION: 19,
  REASON_CONTAINER_LIMITATION_DISK: 20,
  REASON_CONTAINER_LIMITATION_MEMORY: 8,
  REASON_CONTAINER_PREEMPTED: 17,
  REASON_CONTAINER_UPDATE_FAILED: 22,
  REASON_MAX_COMPLETION_TIME_REACHED: 33,
  REASON_EXECUTOR_REGISTRATION_TIMEOUT: 23,
  REASON_EXECUTOR_REREGISTRATION_TIMEOUT: 24,
  REASON_EXECUTOR_TERMINATED: 1,
  REASON_EXECUTOR_UNREGISTERED: 2,
  REASON_FRAMEWORK_REMOVED: 3,
  REASON_GC_ERROR: 4,
  REASON_INVALID_FRAMEWORKID: 5,
  REASON_INVALID_OFFERS: 6,
  REASON_IO_SWITCHBOARD_EXITED: 27,
  REASON_MASTER_DISCONNECTED: 7,
  REASON_RECONCILIATION: 9,
  REASON_RESOURCES_UNKNOWN: 18,
  REASON_AGENT_DISCONNECTED: 10,
  REASON_AGENT_DRAINING: 34,
  REASON_AGENT_REMOVED: 11,
  REASON_AGENT_REMOVED_BY_OPERATOR: 31,
  REASON_AGENT_REREGISTERED: 32,
  REASON_AGENT_RESTARTED: 12,
  REASON_AGENT_UNKNOWN: 13,
  REASON_TASK_KILLED_DURING_LAUNCH: 30,
  REASON_TASK_CHECK_STATUS_UPDATED: 28,
  REASON_TASK_HEALTH_CHECK_STATUS_UPDATED: 29,
  REASON_TASK_GROUP_INVALID: 25,
  REASON_TASK_GROUP_UNAUTHORIZED: 26,
  REASON_TASK_INVALID: 14,
  REASON_TASK_UNAUTHORIZED: 15,
  REASON_TASK_UNKNOWN: 16,
} as const;
/** A status update reason name. */
export type TaskStatus_Reason = keyof typeof TaskStatus_Reason;

/** The status of a task (UPDATE events, reconciliation, operator views). */
export interface TaskStatus {
  task_id: TaskID;
  state: TaskState;
  message?: string;
  source?: TaskStatus_Source;
  reason?: TaskStatus_Reason;
  data?: Uint8Array;
  agent_id?: AgentID;
  executor_id?: ExecutorID;
  /** Seconds since the epoch. */
  timestamp?: number;
  /** Present on updates that must be acknowledged; acknowledge with these exact bytes. */
  uuid?: Uint8Array;
  healthy?: boolean;
  check_status?: CheckStatusInfo;
  labels?: Labels;
  container_status?: ContainerStatus;
  unreachable_time?: TimeInfo;
  limitation?: TaskResourceLimitation;
}

/** Filters on unused offer resources. */
export interface Filters {
  /** Seconds to refuse the resources (default 5). */
  refuse_seconds?: number;
}

/** Environment variable kinds. */
export const Environment_Variable_Type = { UNKNOWN: 0, VALUE: 1, SECRET: 2 } as const;
/** An environment variable kind. */
export type Environment_Variable_Type = keyof typeof Environment_Variable_Type;

/** One environment variable. */
export interface Environment_Variable {
  name: string;
  /** Default VALUE. */
  type?: Environment_Variable_Type;
  value?: string;
  secret?: Secret;
}

/** Environment variables. */
export interface Environment {
  variables?: Environment_Variable[];
}

/** A key/value parameter. */
export interface Parameter {
  key: string;
  value: string;
}

/** A list of parameters. */
export interface Parameters {
  parameter?: Parameter[];
}

/** A principal and its secret. */
export interface Credential {
  principal: string;
  secret?: string;
}

/** Secret kinds. */
export const Secret_Type = { UNKNOWN: 0, REFERENCE: 1, VALUE: 2 } as const;
/** A secret kind. */
export type Secret_Type = keyof typeof Secret_Type;

/** A reference to a secret in a secret store. */
export interface Secret_Reference {
  name: string;
  key?: string;
}

/** A secret passed by value. */
export interface Secret_Value {
  data: Uint8Array;
}

/** A secret, by reference or by value. */
export interface Secret {
  type?: Secret_Type;
  reference?: Secret_Reference;
  value?: Secret_Value;
}

// ---------------------------------------------------------------------------------------------
// mesos.v1: containers

/** Image kinds. */
export const Image_Type = { APPC: 1, DOCKER: 2 } as const;
/** An image kind. */
export type Image_Type = keyof typeof Image_Type;

/** An AppC image. */
export interface Image_Appc {
  name: string;
  id?: string;
  labels?: Labels;
}

/** A Docker image. */
export interface Image_Docker {
  name: string;
  /** Deprecated. */
  credential?: Credential;
  config?: Secret;
}

/** A container image. */
export interface Image {
  type: Image_Type;
  appc?: Image_Appc;
  docker?: Image_Docker;
  /** Default true. */
  cached?: boolean;
}

/** Mount propagation modes. */
export const MountPropagation_Mode = { UNKNOWN: 0, HOST_TO_CONTAINER: 1, BIDIRECTIONAL: 2 } as const;
/** A mount propagation mode. */
export type MountPropagation_Mode = keyof typeof MountPropagation_Mode;

/** How mounts propagate for a volume. */
export interface MountPropagation {
  mode?: MountPropagation_Mode;
}

/** Volume access modes. */
export const Volume_Mode = { RW: 1, RO: 2 } as const;
/** A volume access mode. */
export type Volume_Mode = keyof typeof Volume_Mode;

/** Volume source kinds. */
export const Volume_Source_Type = {
  UNKNOWN: 0,
  DOCKER_VOLUME: 1,
  HOST_PATH: 4,
  SANDBOX_PATH: 2,
  SECRET: 3,
  CSI_VOLUME: 5,
} as const;
/** A volume source kind. */
export type Volume_Source_Type = keyof typeof Volume_Source_Type;

/** A Docker volume plugin volume. */
export interface Volume_Source_DockerVolume {
  driver?: string;
  name: string;
  driver_options?: Parameters;
}

/** A host path. */
export interface Volume_Source_HostPath {
  path: string;
  mount_propagation?: MountPropagation;
}

/** Sandbox path kinds. */
export const Volume_Source_SandboxPath_Type = { UNKNOWN: 0, SELF: 1, PARENT: 2 } as const;
/** A sandbox path kind. */
export type Volume_Source_SandboxPath_Type = keyof typeof Volume_Source_SandboxPath_Type;

/** A path in this or the parent container's sandbox. */
export interface Volume_Source_SandboxPath {
  type?: Volume_Source_SandboxPath_Type;
  path: string;
}

/** Block access (empty message). */
export type Volume_Source_CSIVolume_VolumeCapability_BlockVolume = Record<never, never>;

/** Filesystem access. */
export interface Volume_Source_CSIVolume_VolumeCapability_MountVolume {
  fs_type?: string;
  mount_flags?: string[];
}

/** CSI access modes. */
export const Volume_Source_CSIVolume_VolumeCapability_AccessMode_Mode = {
  UNKNOWN: 0,
  SINGLE_NODE_WRITER: 1,
  SINGLE_NODE_READER_ONLY: 2,
  MULTI_NODE_READER_ONLY: 3,
  MULTI_NODE_SINGLE_WRITER: 4,
  MULTI_NODE_MULTI_WRITER: 5,
} as const;
/** A CSI access mode. */
export type Volume_Source_CSIVolume_VolumeCapability_AccessMode_Mode =
  keyof typeof Volume_Source_CSIVolume_VolumeCapability_AccessMode_Mode;

/** How a CSI volume may be accessed. */
export interface Volume_Source_CSIVolume_VolumeCapability_AccessMode {
  mode: Volume_Source_CSIVolume_VolumeCapability_AccessMode_Mode;
}

/** A CSI volume capability. */
export interface Volume_Source_CSIVolume_VolumeCapability {
  block?: Volume_Source_CSIVolume_VolumeCapability_BlockVolume;
  mount?: Volume_Source_CSIVolume_VolumeCapability_MountVolume;
  access_mode: Volume_Source_CSIVolume_VolumeCapability_AccessMode;
}

/** A pre-provisioned CSI volume. */
export interface Volume_Source_CSIVolume_StaticProvisioning {
  volume_id: string;
  volume_capability: Volume_Source_CSIVolume_VolumeCapability;
  node_stage_secrets?: Record<string, Secret>;
  node_publish_secrets?: Record<string, Secret>;
  volume_context?: Record<string, string>;
}

/** A CSI volume. */
export interface Volume_Source_CSIVolume {
  plugin_name: string;
  static_provisioning?: Volume_Source_CSIVolume_StaticProvisioning;
}

/** Where a volume comes from. */
export interface Volume_Source {
  type?: Volume_Source_Type;
  docker_volume?: Volume_Source_DockerVolume;
  host_path?: Volume_Source_HostPath;
  sandbox_path?: Volume_Source_SandboxPath;
  secret?: Secret;
  csi_volume?: Volume_Source_CSIVolume;
}

/** A volume mounted into a container. */
export interface Volume {
  mode: Volume_Mode;
  container_path: string;
  host_path?: string;
  image?: Image;
  source?: Volume_Source;
}

/** IP protocols. */
export const NetworkInfo_Protocol = { IPv4: 1, IPv6: 2 } as const;
/** An IP protocol. */
export type NetworkInfo_Protocol = keyof typeof NetworkInfo_Protocol;

/** A requested or assigned IP address. */
export interface NetworkInfo_IPAddress {
  /** Default IPv4 (so it is always emitted). */
  protocol?: NetworkInfo_Protocol;
  ip_address?: string;
}

/** A port mapping on a network. */
export interface NetworkInfo_PortMapping {
  host_port: number;
  container_port: number;
  protocol?: string;
}

/** A network a container joins (CNI network `name`; absent = host network). */
export interface NetworkInfo {
  ip_addresses?: NetworkInfo_IPAddress[];
  name?: string;
  groups?: string[];
  labels?: Labels;
  port_mappings?: NetworkInfo_PortMapping[];
}

/** Linux capabilities (values start at 1000). */
export const CapabilityInfo_Capability = {
  UNKNOWN: 0,
  CHOWN: 1000,
  DAC_OVERRIDE: 1001,
  DAC_READ_SEARCH: 1002,
  FOWNER: 1003,
  FSETID: 1004,
  KILL: 1005,
  SETGID: 1006,
  SETUID: 1007,
  SETPCAP: 1008,
  LINUX_IMMUTABLE: 1009,
  NET_BIND_SERVICE: 1010,
  NET_BROADCAST: 1011,
  NET_ADMIN: 1012,
  NET_RAW: 1013,
  IPC_LOCK: 1014,
  IPC_OWNER: 1015,
  SYS_MODULE: 1016,
  SYS_RAWIO: 1017,
  SYS_CHROOT: 1018,
  SYS_PTRACE: 1019,
  SYS_PACCT: 1020,
  SYS_ADMIN: 1021,
  SYS_BOOT: 1022,
  SYS_NICE: 1023,
  SYS_RESOURCE: 1024,
  SYS_TIME: 1025,
  SYS_TTY_CONFIG: 1026,
  MKNOD: 1027,
  LEASE: 1028,
  AUDIT_WRITE: 1029,
  AUDIT_CONTROL: 1030,
  SETFCAP: 1031,
  MAC_OVERRIDE: 1032,
  MAC_ADMIN: 1033,
  SYSLOG: 1034,
  WAKE_ALARM: 1035,
  BLOCK_SUSPEND: 1036,
  AUDIT_READ: 1037,
  PERFMON: 1038,
  BPF: 1039,
  CHECKPOINT_RESTORE: 1040,
} as const;
/** A Linux capability name. */
export type CapabilityInfo_Capability = keyof typeof CapabilityInfo_Capability;

/** A set of Linux capabilities. */
export interface CapabilityInfo {
  capabilities?: CapabilityInfo_Capability[];
}

/** Seccomp settings. */
export interface SeccompInfo {
  profile_name?: string;
  unconfined?: boolean;
}

/** IPC namespace modes. */
export const LinuxInfo_IpcMode = { UNKNOWN: 0, PRIVATE: 1, SHARE_PARENT: 2 } as const;
/** An IPC namespace mode. */
export type LinuxInfo_IpcMode = keyof typeof LinuxInfo_IpcMode;

/** Linux-specific container settings. */
export interface LinuxInfo {
  /** Deprecated. */
  capability_info?: CapabilityInfo;
  bounding_capabilities?: CapabilityInfo;
  effective_capabilities?: CapabilityInfo;
  share_pid_namespace?: boolean;
  seccomp?: SeccompInfo;
  ipc_mode?: LinuxInfo_IpcMode;
  /** /dev/shm size in MB. */
  shm_size?: number;
  /** Default true. */
  share_cgroups?: boolean;
}

/** rlimit kinds. */
export const RLimitInfo_RLimit_Type = {
  UNKNOWN: 0,
  RLMT_AS: 1,
  RLMT_CORE: 2,
  RLMT_CPU: 3,
  RLMT_DATA: 4,
  RLMT_FSIZE: 5,
  RLMT_LOCKS: 6,
  RLMT_MEMLOCK: 7,
  RLMT_MSGQUEUE: 8,
  RLMT_NICE: 9,
  RLMT_NOFILE: 10,
  RLMT_NPROC: 11,
  RLMT_RSS: 12,
  RLMT_RTPRIO: 13,
  RLMT_RTTIME: 14,
  RLMT_SIGPENDING: 15,
  RLMT_STACK: 16,
} as const;
/** An rlimit kind. */
export type RLimitInfo_RLimit_Type = keyof typeof RLimitInfo_RLimit_Type;

/** One rlimit; neither `hard` nor `soft` means unlimited. */
export interface RLimitInfo_RLimit {
  type?: RLimitInfo_RLimit_Type;
  hard?: bigint;
  soft?: bigint;
}

/** POSIX rlimits of a container. */
export interface RLimitInfo {
  rlimits?: RLimitInfo_RLimit[];
}

/** Terminal window size. */
export interface TTYInfo_WindowSize {
  rows: number;
  columns: number;
}

/** A TTY attached to the container's entrypoint. */
export interface TTYInfo {
  window_size?: TTYInfo_WindowSize;
}

/** Container kinds. */
export const ContainerInfo_Type = { DOCKER: 1, MESOS: 2 } as const;
/** A container kind. */
export type ContainerInfo_Type = keyof typeof ContainerInfo_Type;

/** Docker networking modes. */
export const ContainerInfo_DockerInfo_Network = { HOST: 1, BRIDGE: 2, NONE: 3, USER: 4 } as const;
/** A Docker networking mode. */
export type ContainerInfo_DockerInfo_Network = keyof typeof ContainerInfo_DockerInfo_Network;

/** A Docker port mapping. */
export interface ContainerInfo_DockerInfo_PortMapping {
  host_port: number;
  container_port: number;
  protocol?: string;
}

/** Settings for the Docker containerizer. */
export interface ContainerInfo_DockerInfo {
  image: string;
  /** Default HOST. */
  network?: ContainerInfo_DockerInfo_Network;
  port_mappings?: ContainerInfo_DockerInfo_PortMapping[];
  /** Default false. */
  privileged?: boolean;
  parameters?: Parameter[];
  force_pull_image?: boolean;
  /** Deprecated. */
  volume_driver?: string;
}

/** Settings for the Mesos (here: Plateau) containerizer. */
export interface ContainerInfo_MesosInfo {
  image?: Image;
}

/** Describes a container. */
export interface ContainerInfo {
  type: ContainerInfo_Type;
  volumes?: Volume[];
  hostname?: string;
  docker?: ContainerInfo_DockerInfo;
  mesos?: ContainerInfo_MesosInfo;
  network_infos?: NetworkInfo[];
  linux_info?: LinuxInfo;
  rlimit_info?: RLimitInfo;
  tty_info?: TTYInfo;
}

/** The net_cls cgroup. */
export interface CgroupInfo_NetCls {
  classid?: number;
}

/** Cgroup details of a container. */
export interface CgroupInfo {
  net_cls?: CgroupInfo_NetCls;
}

/** What the agent learnt while setting a container up (IPs, pid). */
export interface ContainerStatus {
  container_id?: ContainerID;
  network_infos?: NetworkInfo[];
  cgroup_info?: CgroupInfo;
  executor_pid?: number;
}

/** Free-form labels. */
export interface Labels {
  labels?: Label[];
}

/** One label. */
export interface Label {
  key: string;
  value?: string;
}

/** Service discovery visibility. */
export const DiscoveryInfo_Visibility = { FRAMEWORK: 0, CLUSTER: 1, EXTERNAL: 2 } as const;
/** A service discovery visibility. */
export type DiscoveryInfo_Visibility = keyof typeof DiscoveryInfo_Visibility;

/** A named port for service discovery. */
export interface Port {
  number: number;
  name?: string;
  protocol?: string;
  visibility?: DiscoveryInfo_Visibility;
  labels?: Labels;
}

/** A list of ports. */
export interface Ports {
  ports?: Port[];
}

/** Service discovery information. */
export interface DiscoveryInfo {
  visibility: DiscoveryInfo_Visibility;
  name?: string;
  environment?: string;
  location?: string;
  version?: string;
  ports?: Ports;
  labels?: Labels;
}

// ---------------------------------------------------------------------------------------------
// mesos.v1: operator views

/** A role's weight. */
export interface WeightInfo {
  weight: number;
  role?: string;
}

/** Version of a component. */
export interface VersionInfo {
  version: string;
  build_date?: string;
  build_time?: number;
  build_user?: string;
  git_sha?: string;
  git_branch?: string;
  git_tag?: string;
}

/** A command-line flag and its value. */
export interface Flag {
  name: string;
  value?: string;
}

/** A role with its frameworks and resources. */
export interface Role {
  name: string;
  weight: number;
  frameworks?: FrameworkID[];
  resources?: Resource[];
}

/** A metric. */
export interface Metric {
  name: string;
  value?: number;
}

/** A file in a listing. */
export interface FileInfo {
  path: string;
  nlink?: number;
  size?: number;
  mtime?: TimeInfo;
  mode?: number;
  uid?: string;
  gid?: string;
}

/** Agent drain states. */
export const DrainState = { UNKNOWN: 0, DRAINING: 1, DRAINED: 2 } as const;
/** An agent drain state. */
export type DrainState = keyof typeof DrainState;

/** How an agent is drained. */
export interface DrainConfig {
  max_grace_period?: DurationInfo;
  /** Default false. */
  mark_gone?: boolean;
}

/** An agent's drain state and config. */
export interface DrainInfo {
  state: DrainState;
  config: DrainConfig;
}

// ---------------------------------------------------------------------------------------------
// mesos.v1.quota, mesos.v1.maintenance, mesos.v1.allocator

/** Legacy quota guarantee of a role. */
export interface QuotaInfo {
  role?: string;
  principal?: string;
  guarantee?: Resource[];
}

/** Legacy quota request (SET_QUOTA). */
export interface QuotaRequest {
  force?: boolean;
  role?: string;
  guarantee?: Resource[];
}

/** A role's quota: scalar guarantees and limits by resource name. */
export interface QuotaConfig {
  role: string;
  guarantees?: Record<string, Value_Scalar>;
  limits?: Record<string, Value_Scalar>;
}

/** All non-default quotas. */
export interface QuotaStatus {
  /** Deprecated. */
  infos?: QuotaInfo[];
  configs?: QuotaConfig[];
}

/** A maintenance window: machines and when they go away. */
export interface MaintenanceWindow {
  machine_ids?: MachineID[];
  unavailability: Unavailability;
}

/** A maintenance schedule. */
export interface MaintenanceSchedule {
  windows?: MaintenanceWindow[];
}

/** Answers to an inverse offer. */
export const InverseOfferStatus_Status = { UNKNOWN: 0, ACCEPT: 1, DECLINE: 2 } as const;
/** An answer to an inverse offer. */
export type InverseOfferStatus_Status = keyof typeof InverseOfferStatus_Status;

/** A framework's answer to an inverse offer. */
export interface InverseOfferStatus {
  status: InverseOfferStatus_Status;
  framework_id: FrameworkID;
  timestamp: TimeInfo;
}

/** A machine being drained, with the frameworks' answers. */
export interface MaintenanceClusterStatus_DrainingMachine {
  id: MachineID;
  statuses?: InverseOfferStatus[];
}

/** The cluster's maintenance status. */
export interface MaintenanceClusterStatus {
  draining_machines?: MaintenanceClusterStatus_DrainingMachine[];
  down_machines?: MachineID[];
}

// ---------------------------------------------------------------------------------------------
// mesos.v1.scheduler: offer constraints

/** Pseudo-attributes an offer constraint may select. */
export const AttributeConstraint_Selector_PseudoattributeType = { UNKNOWN: 0, HOSTNAME: 1, REGION: 2, ZONE: 3 } as const;
/** A pseudo-attribute. */
export type AttributeConstraint_Selector_PseudoattributeType =
  keyof typeof AttributeConstraint_Selector_PseudoattributeType;

/** What an attribute constraint looks at. */
export interface AttributeConstraint_Selector {
  pseudoattribute_type?: AttributeConstraint_Selector_PseudoattributeType;
  attribute_name?: string;
}

/** Empty predicate body (exists / not_exists). */
export type AttributeConstraint_Predicate_Exists = Record<never, never>;

/** Predicate on a text value. */
export interface AttributeConstraint_Predicate_Text {
  value?: string;
}

/** Predicate on a regex match. */
export interface AttributeConstraint_Predicate_Regex {
  regex?: string;
}

/** The test an attribute constraint applies. */
export interface AttributeConstraint_Predicate {
  exists?: AttributeConstraint_Predicate_Exists;
  not_exists?: AttributeConstraint_Predicate_Exists;
  text_equals?: AttributeConstraint_Predicate_Text;
  text_not_equals?: AttributeConstraint_Predicate_Text;
  text_matches?: AttributeConstraint_Predicate_Regex;
  text_not_matches?: AttributeConstraint_Predicate_Regex;
}

/** One constraint on agent attributes. */
export interface AttributeConstraint {
  selector: AttributeConstraint_Selector;
  predicate: AttributeConstraint_Predicate;
}

/** A group of constraints that must all hold. */
export interface OfferConstraints_RoleConstraints_Group {
  attribute_constraints?: AttributeConstraint[];
}

/** A role's constraints: any one group must hold. */
export interface OfferConstraints_RoleConstraints {
  groups?: OfferConstraints_RoleConstraints_Group[];
}

/** Per-role constraints on which agents' offers a framework wants. */
export interface OfferConstraints {
  role_constraints?: Record<string, OfferConstraints_RoleConstraints>;
}

// ---------------------------------------------------------------------------------------------
// mesos.v1.scheduler: Call

/** Scheduler call types. */
export const Call_Type = {
  UNKNOWN: 0,
  SUBSCRIBE: 1,
  TEARDOWN: 2,
  ACCEPT: 3,
  DECLINE: 4,
  ACCEPT_INVERSE_OFFERS: 13,
  DECLINE_INVERSE_OFFERS: 14,
  REVIVE: 5,
  KILL: 6,
  SHUTDOWN: 7,
  ACKNOWLEDGE: 8,
  ACKNOWLEDGE_OPERATION_STATUS: 15,
  RECONCILE: 9,
  RECONCILE_OPERATIONS: 16,
  MESSAGE: 10,
  REQUEST: 11,
  SUPPRESS: 12,
  UPDATE_FRAMEWORK: 17,
} as const;
/** A scheduler call type. */
export type Call_Type = keyof typeof Call_Type;

/** SUBSCRIBE. */
export interface Call_Subscribe {
  framework_info: FrameworkInfo;
  suppressed_roles?: string[];
  offer_constraints?: OfferConstraints;
}

/** ACCEPT. */
export interface Call_Accept {
  offer_ids?: OfferID[];
  operations?: Offer_Operation[];
  filters?: Filters;
}

/** DECLINE. */
export interface Call_Decline {
  offer_ids?: OfferID[];
  filters?: Filters;
}

/** ACCEPT_INVERSE_OFFERS. */
export interface Call_AcceptInverseOffers {
  inverse_offer_ids?: OfferID[];
  filters?: Filters;
}

/** DECLINE_INVERSE_OFFERS. */
export interface Call_DeclineInverseOffers {
  inverse_offer_ids?: OfferID[];
  filters?: Filters;
}

/** REVIVE (empty `roles` = all roles). */
export interface Call_Revive {
  roles?: string[];
}

/** KILL. */
export interface Call_Kill {
  task_id: TaskID;
  agent_id?: AgentID;
  kill_policy?: KillPolicy;
}

/** SHUTDOWN a custom executor. */
export interface Call_Shutdown {
  executor_id: ExecutorID;
  agent_id: AgentID;
}

/** ACKNOWLEDGE a status update. */
export interface Call_Acknowledge {
  agent_id: AgentID;
  task_id: TaskID;
  uuid: Uint8Array;
}

/** ACKNOWLEDGE_OPERATION_STATUS. */
export interface Call_AcknowledgeOperationStatus {
  agent_id?: AgentID;
  resource_provider_id?: ResourceProviderID;
  uuid: Uint8Array;
  operation_id: OperationID;
}

/** A task to reconcile. */
export interface Call_Reconcile_Task {
  task_id: TaskID;
  agent_id?: AgentID;
}

/** RECONCILE (empty `tasks` = implicit reconciliation). */
export interface Call_Reconcile {
  tasks?: Call_Reconcile_Task[];
}

/** An operation to reconcile. */
export interface Call_ReconcileOperations_Operation {
  operation_id: OperationID;
  agent_id?: AgentID;
  resource_provider_id?: ResourceProviderID;
}

/** RECONCILE_OPERATIONS. */
export interface Call_ReconcileOperations {
  operations?: Call_ReconcileOperations_Operation[];
}

/** MESSAGE to an executor. */
export interface Call_Message {
  agent_id: AgentID;
  executor_id: ExecutorID;
  data: Uint8Array;
}

/** REQUEST resources. */
export interface Call_Request {
  requests?: Request[];
}

/** SUPPRESS (empty `roles` = all roles). */
export interface Call_Suppress {
  roles?: string[];
}

/** UPDATE_FRAMEWORK. */
export interface Call_UpdateFramework {
  framework_info: FrameworkInfo;
  suppressed_roles?: string[];
  offer_constraints?: OfferConstraints;
}

/** A scheduler call (`POST /api/v1/scheduler`). */
export interface Call {
  /** Required for every call but SUBSCRIBE. */
  framework_id?: FrameworkID;
  type?: Call_Type;
  subscribe?: Call_Subscribe;
  accept?: Call_Accept;
  decline?: Call_Decline;
  accept_inverse_offers?: Call_AcceptInverseOffers;
  decline_inverse_offers?: Call_DeclineInverseOffers;
  revive?: Call_Revive;
  kill?: Call_Kill;
  shutdown?: Call_Shutdown;
  acknowledge?: Call_Acknowledge;
  acknowledge_operation_status?: Call_AcknowledgeOperationStatus;
  reconcile?: Call_Reconcile;
  reconcile_operations?: Call_ReconcileOperations;
  message?: Call_Message;
  request?: Call_Request;
  suppress?: Call_Suppress;
  update_framework?: Call_UpdateFramework;
}

// ---------------------------------------------------------------------------------------------
// mesos.v1.scheduler: Event and Response

/** Scheduler event types. */
export const Event_Type = {
  UNKNOWN: 0,
  SUBSCRIBED: 1,
  OFFERS: 2,
  INVERSE_OFFERS: 9,
  RESCIND: 3,
  RESCIND_INVERSE_OFFER: 10,
  UPDATE: 4,
  UPDATE_OPERATION_STATUS: 11,
  MESSAGE: 5,
  FAILURE: 6,
  ERROR: 7,
  HEARTBEAT: 8,
} as const;
/** A scheduler event type. */
export type Event_Type = keyof typeof Event_Type;

/** SUBSCRIBED: first event of a subscription. */
export interface Event_Subscribed {
  framework_id: FrameworkID;
  /** Mesos always sends 15. */
  heartbeat_interval_seconds?: number;
  master_info?: MasterInfo;
}

/** OFFERS. */
export interface Event_Offers {
  offers?: Offer[];
}

/** INVERSE_OFFERS. */
export interface Event_InverseOffers {
  inverse_offers?: InverseOffer[];
}

/** RESCIND an offer. */
export interface Event_Rescind {
  offer_id: OfferID;
}

/** RESCIND_INVERSE_OFFER. */
export interface Event_RescindInverseOffer {
  inverse_offer_id: OfferID;
}

/** UPDATE: a task status update. */
export interface Event_Update {
  status: TaskStatus;
}

/** UPDATE_OPERATION_STATUS. */
export interface Event_UpdateOperationStatus {
  status: OperationStatus;
}

/** MESSAGE from an executor. */
export interface Event_Message {
  agent_id: AgentID;
  executor_id: ExecutorID;
  data: Uint8Array;
}

/** FAILURE: an agent was removed or an executor terminated. */
export interface Event_Failure {
  agent_id?: AgentID;
  executor_id?: ExecutorID;
  /** Raw wait status on POSIX. */
  status?: number;
}

/** ERROR: the scheduler should abort; the stream closes. */
export interface Event_Error {
  message: string;
}

/** A scheduler event (one RecordIO record on the subscription stream). */
export interface Event {
  type?: Event_Type;
  subscribed?: Event_Subscribed;
  offers?: Event_Offers;
  inverse_offers?: Event_InverseOffers;
  rescind?: Event_Rescind;
  rescind_inverse_offer?: Event_RescindInverseOffer;
  update?: Event_Update;
  update_operation_status?: Event_UpdateOperationStatus;
  message?: Event_Message;
  failure?: Event_Failure;
  error?: Event_Error;
}

/** Scheduler response types. */
export const Response_Type = { UNKNOWN: 0, RECONCILE_OPERATIONS: 1 } as const;
/** A scheduler response type. */
export type Response_Type = keyof typeof Response_Type;

/** Answer to RECONCILE_OPERATIONS. */
export interface Response_ReconcileOperations {
  operation_statuses?: OperationStatus[];
}

/** A synchronous scheduler response. */
export interface Response {
  type?: Response_Type;
  reconcile_operations?: Response_ReconcileOperations;
}

// ---------------------------------------------------------------------------------------------
// mesos.v1.master: Call

/** Operator (master) call types. */
export const MasterCall_Type = {
  UNKNOWN: 0,
  GET_HEALTH: 1,
  GET_FLAGS: 2,
  GET_VERSION: 3,
  GET_METRICS: 4,
  GET_LOGGING_LEVEL: 5,
  SET_LOGGING_LEVEL: 6,
  LIST_FILES: 7,
  READ_FILE: 8,
  GET_STATE: 9,
  GET_AGENTS: 10,
  GET_FRAMEWORKS: 11,
  GET_EXECUTORS: 12,
  GET_OPERATIONS: 33,
  GET_TASKS: 13,
  GET_ROLES: 14,
  GET_WEIGHTS: 15,
  UPDATE_WEIGHTS: 16,
  GET_MASTER: 17,
  SUBSCRIBE: 18,
  RESERVE_RESOURCES: 19,
  UNRESERVE_RESOURCES: 20,
  CREATE_VOLUMES: 21,
  DESTROY_VOLUMES: 22,
  GROW_VOLUME: 34,
  SHRINK_VOLUME: 35,
  GET_MAINTENANCE_STATUS: 23,
  GET_MAINTENANCE_SCHEDULE: 24,
  UPDATE_MAINTENANCE_SCHEDULE: 25,
  START_MAINTENANCE: 26,
  STOP_MAINTENANCE: 27,
  DRAIN_AGENT: 37,
  DEACTIVATE_AGENT: 38,
  REACTIVATE_AGENT: 39,
  GET_QUOTA: 28,
  UPDATE_QUOTA: 36,
  SET_QUOTA: 29,
  REMOVE_QUOTA: 30,
  TEARDOWN: 31,
  MARK_AGENT_GONE: 32,
} as const;
/** An operator (master) call type. */
export type MasterCall_Type = keyof typeof MasterCall_Type;

/** GET_METRICS. */
export interface MasterCall_GetMetrics {
  timeout?: DurationInfo;
}

/** SET_LOGGING_LEVEL. */
export interface MasterCall_SetLoggingLevel {
  level: number;
  duration: DurationInfo;
}

/** LIST_FILES. */
export interface MasterCall_ListFiles {
  path: string;
}

/** READ_FILE. */
export interface MasterCall_ReadFile {
  path: string;
  offset: number;
  length?: number;
}

/** UPDATE_WEIGHTS. */
export interface MasterCall_UpdateWeights {
  weight_infos?: WeightInfo[];
}

/** RESERVE_RESOURCES. */
export interface MasterCall_ReserveResources {
  agent_id: AgentID;
  source?: Resource[];
  resources?: Resource[];
}

/** UNRESERVE_RESOURCES. */
export interface MasterCall_UnreserveResources {
  agent_id: AgentID;
  resources?: Resource[];
}

/** CREATE_VOLUMES. */
export interface MasterCall_CreateVolumes {
  agent_id: AgentID;
  volumes?: Resource[];
}

/** DESTROY_VOLUMES. */
export interface MasterCall_DestroyVolumes {
  agent_id: AgentID;
  volumes?: Resource[];
}

/** GROW_VOLUME. */
export interface MasterCall_GrowVolume {
  agent_id?: AgentID;
  volume: Resource;
  addition: Resource;
}

/** SHRINK_VOLUME. */
export interface MasterCall_ShrinkVolume {
  agent_id?: AgentID;
  volume: Resource;
  subtract: Value_Scalar;
}

/** UPDATE_MAINTENANCE_SCHEDULE. */
export interface MasterCall_UpdateMaintenanceSchedule {
  schedule: MaintenanceSchedule;
}

/** START_MAINTENANCE. */
export interface MasterCall_StartMaintenance {
  machines?: MachineID[];
}

/** STOP_MAINTENANCE. */
export interface MasterCall_StopMaintenance {
  machines?: MachineID[];
}

/** DRAIN_AGENT. */
export interface MasterCall_DrainAgent {
  agent_id: AgentID;
  max_grace_period?: ProtobufDuration;
  /** Default false. */
  mark_gone?: boolean;
}

/** DEACTIVATE_AGENT. */
export interface MasterCall_DeactivateAgent {
  agent_id: AgentID;
}

/** REACTIVATE_AGENT. */
export interface MasterCall_ReactivateAgent {
  agent_id: AgentID;
}

/** UPDATE_QUOTA. */
export interface MasterCall_UpdateQuota {
  force?: boolean;
  quota_configs?: QuotaConfig[];
}

/** SET_QUOTA (legacy). */
export interface MasterCall_SetQuota {
  quota_request: QuotaRequest;
}

/** REMOVE_QUOTA (legacy). */
export interface MasterCall_RemoveQuota {
  role: string;
}

/** TEARDOWN a framework. */
export interface MasterCall_Teardown {
  framework_id: FrameworkID;
}

/** MARK_AGENT_GONE. */
export interface MasterCall_MarkAgentGone {
  agent_id: AgentID;
}

/** An operator call to the master (`POST /api/v1`). */
export interface MasterCall {
  type?: MasterCall_Type;
  get_metrics?: MasterCall_GetMetrics;
  set_logging_level?: MasterCall_SetLoggingLevel;
  list_files?: MasterCall_ListFiles;
  read_file?: MasterCall_ReadFile;
  update_weights?: MasterCall_UpdateWeights;
  reserve_resources?: MasterCall_ReserveResources;
  unreserve_resources?: MasterCall_UnreserveResources;
  create_volumes?: MasterCall_CreateVolumes;
  destroy_volumes?: MasterCall_DestroyVolumes;
  grow_volume?: MasterCall_GrowVolume;
  shrink_volume?: MasterCall_ShrinkVolume;
  update_maintenance_schedule?: MasterCall_UpdateMaintenanceSchedule;
  start_maintenance?: MasterCall_StartMaintenance;
  stop_maintenance?: MasterCall_StopMaintenance;
  drain_agent?: MasterCall_DrainAgent;
  deactivate_agent?: MasterCall_DeactivateAgent;
  reactivate_agent?: MasterCall_ReactivateAgent;
  update_quota?: MasterCall_UpdateQuota;
  set_quota?: MasterCall_SetQuota;
  remove_quota?: MasterCall_RemoveQuota;
  teardown?: MasterCall_Teardown;
  mark_agent_gone?: MasterCall_MarkAgentGone;
}

// ---------------------------------------------------------------------------------------------
// mesos.v1.master: Response

/** Operator (master) response types. */
export const MasterResponse_Type = {
  UNKNOWN: 0,
  GET_HEALTH: 1,
  GET_FLAGS: 2,
  GET_VERSION: 3,
  GET_METRICS: 4,
  GET_LOGGING_LEVEL: 5,
  LIST_FILES: 6,
  READ_FILE: 7,
  GET_STATE: 8,
  GET_AGENTS: 9,
  GET_FRAMEWORKS: 10,
  GET_EXECUTORS: 11,
  GET_OPERATIONS: 19,
  GET_TASKS: 12,
  GET_ROLES: 13,
  GET_WEIGHTS: 14,
  GET_MASTER: 15,
  GET_MAINTENANCE_STATUS: 16,
  GET_MAINTENANCE_SCHEDULE: 17,
  GET_QUOTA: 18,
} as const;
/** An operator (master) response type. */
export type MasterResponse_Type = keyof typeof MasterResponse_Type;

/** GET_HEALTH answer. */
export interface MasterResponse_GetHealth {
  healthy: boolean;
}

/** GET_FLAGS answer. */
export interface MasterResponse_GetFlags {
  flags?: Flag[];
}

/** GET_VERSION answer. */
export interface MasterResponse_GetVersion {
  version_info: VersionInfo;
}

/** GET_METRICS answer. */
export interface MasterResponse_GetMetrics {
  metrics?: Metric[];
}

/** GET_LOGGING_LEVEL answer. */
export interface MasterResponse_GetLoggingLevel {
  level: number;
}

/** LIST_FILES answer. */
export interface MasterResponse_ListFiles {
  file_infos?: FileInfo[];
}

/** READ_FILE answer. */
export interface MasterResponse_ReadFile {
  size: number;
  data: Uint8Array;
}

/** A resource provider on an agent. */
export interface MasterResponse_GetAgents_Agent_ResourceProvider {
  resource_provider_info: ResourceProviderInfo;
  total_resources?: Resource[];
}

/** An agent as the master sees it. */
export interface MasterResponse_GetAgents_Agent {
  agent_info: AgentInfo;
  active: boolean;
  deactivated?: boolean;
  version: string;
  pid?: string;
  registered_time?: TimeInfo;
  reregistered_time?: TimeInfo;
  total_resources?: Resource[];
  allocated_resources?: Resource[];
  offered_resources?: Resource[];
  capabilities?: AgentInfo_Capability[];
  resource_providers?: MasterResponse_GetAgents_Agent_ResourceProvider[];
  drain_info?: DrainInfo;
  estimated_drain_start_time?: TimeInfo;
}

/** GET_AGENTS answer. */
export interface MasterResponse_GetAgents {
  agents?: MasterResponse_GetAgents_Agent[];
  recovered_agents?: AgentInfo[];
}

/** A framework as the master sees it. */
export interface MasterResponse_GetFrameworks_Framework {
  framework_info: FrameworkInfo;
  active: boolean;
  connected: boolean;
  recovered: boolean;
  registered_time?: TimeInfo;
  reregistered_time?: TimeInfo;
  unregistered_time?: TimeInfo;
  offers?: Offer[];
  inverse_offers?: InverseOffer[];
  allocated_resources?: Resource[];
  offered_resources?: Resource[];
  offer_constraints?: OfferConstraints;
}

/** GET_FRAMEWORKS answer. */
export interface MasterResponse_GetFrameworks {
  frameworks?: MasterResponse_GetFrameworks_Framework[];
  completed_frameworks?: MasterResponse_GetFrameworks_Framework[];
  /** Deprecated, always empty. */
  recovered_frameworks?: FrameworkInfo[];
}

/** An executor and its agent. */
export interface MasterResponse_GetExecutors_Executor {
  executor_info: ExecutorInfo;
  agent_id: AgentID;
}

/** GET_EXECUTORS answer. */
export interface MasterResponse_GetExecutors {
  executors?: MasterResponse_GetExecutors_Executor[];
  /** Deprecated, always empty. */
  orphan_executors?: MasterResponse_GetExecutors_Executor[];
}

/** GET_OPERATIONS answer. */
export interface MasterResponse_GetOperations {
  operations?: Operation[];
}

/** GET_TASKS answer. */
export interface MasterResponse_GetTasks {
  pending_tasks?: Task[];
  tasks?: Task[];
  unreachable_tasks?: Task[];
  completed_tasks?: Task[];
  /** Deprecated, always empty. */
  orphan_tasks?: Task[];
}

/** GET_ROLES answer. */
export interface MasterResponse_GetRoles {
  roles?: Role[];
}

/** GET_WEIGHTS answer. */
export interface MasterResponse_GetWeights {
  weight_infos?: WeightInfo[];
}

/** GET_MASTER answer. */
export interface MasterResponse_GetMaster {
  master_info?: MasterInfo;
  /** Seconds since the epoch. */
  start_time?: number;
  /** Seconds since the epoch. */
  elected_time?: number;
}

/** GET_MAINTENANCE_STATUS answer. */
export interface MasterResponse_GetMaintenanceStatus {
  status: MaintenanceClusterStatus;
}

/** GET_MAINTENANCE_SCHEDULE answer. */
export interface MasterResponse_GetMaintenanceSchedule {
  schedule: MaintenanceSchedule;
}

/** GET_QUOTA answer. */
export interface MasterResponse_GetQuota {
  status: QuotaStatus;
}

/** GET_STATE answer: the four listings together. */
export interface MasterResponse_GetState {
  get_tasks?: MasterResponse_GetTasks;
  get_executors?: MasterResponse_GetExecutors;
  get_frameworks?: MasterResponse_GetFrameworks;
  get_agents?: MasterResponse_GetAgents;
}

/** A synchronous operator (master) response. */
export interface MasterResponse {
  type?: MasterResponse_Type;
  get_health?: MasterResponse_GetHealth;
  get_flags?: MasterResponse_GetFlags;
  get_version?: MasterResponse_GetVersion;
  get_metrics?: MasterResponse_GetMetrics;
  get_logging_level?: MasterResponse_GetLoggingLevel;
  list_files?: MasterResponse_ListFiles;
  read_file?: MasterResponse_ReadFile;
  get_state?: MasterResponse_GetState;
  get_agents?: MasterResponse_GetAgents;
  get_frameworks?: MasterResponse_GetFrameworks;
  get_executors?: MasterResponse_GetExecutors;
  get_operations?: MasterResponse_GetOperations;
  get_tasks?: MasterResponse_GetTasks;
  get_roles?: MasterResponse_GetRoles;
  get_weights?: MasterResponse_GetWeights;
  get_master?: MasterResponse_GetMaster;
  get_maintenance_status?: MasterResponse_GetMaintenanceStatus;
  get_maintenance_schedule?: MasterResponse_GetMaintenanceSchedule;
  get_quota?: MasterResponse_GetQuota;
}

// ---------------------------------------------------------------------------------------------
// mesos.v1.master: Event

/** Operator (master) event types. */
export const MasterEvent_Type = {
  UNKNOWN: 0,
  SUBSCRIBED: 1,
  TASK_ADDED: 2,
  TASK_UPDATED: 3,
  AGENT_ADDED: 4,
  AGENT_REMOVED: 5,
  FRAMEWORK_ADDED: 6,
  FRAMEWORK_UPDATED: 7,
  FRAMEWORK_REMOVED: 8,
  HEARTBEAT: 9,
} as const;
/** An operator (master) event type. */
export type MasterEvent_Type = keyof typeof MasterEvent_Type;

/** SUBSCRIBED: a snapshot of the cluster. */
export interface MasterEvent_Subscribed {
  get_state?: MasterResponse_GetState;
  heartbeat_interval_seconds?: number;
}

/** TASK_ADDED. */
export interface MasterEvent_TaskAdded {
  task: Task;
}

/** TASK_UPDATED. */
export interface MasterEvent_TaskUpdated {
  framework_id: FrameworkID;
  /** The status last acknowledged by the scheduler. */
  status: TaskStatus;
  /** The latest state the agent reported. */
  state: TaskState;
}

/** FRAMEWORK_ADDED. */
export interface MasterEvent_FrameworkAdded {
  framework: MasterResponse_GetFrameworks_Framework;
}

/** FRAMEWORK_UPDATED. */
export interface MasterEvent_FrameworkUpdated {
  framework: MasterResponse_GetFrameworks_Framework;
}

/** FRAMEWORK_REMOVED. */
export interface MasterEvent_FrameworkRemoved {
  framework_info: FrameworkInfo;
}

/** AGENT_ADDED. */
export interface MasterEvent_AgentAdded {
  agent: MasterResponse_GetAgents_Agent;
}

/** AGENT_REMOVED. */
export interface MasterEvent_AgentRemoved {
  agent_id: AgentID;
}

/** An event on the operator SUBSCRIBE stream. */
export interface MasterEvent {
  type?: MasterEvent_Type;
  subscribed?: MasterEvent_Subscribed;
  task_added?: MasterEvent_TaskAdded;
  task_updated?: MasterEvent_TaskUpdated;
  agent_added?: MasterEvent_AgentAdded;
  agent_removed?: MasterEvent_AgentRemoved;
  framework_added?: MasterEvent_FrameworkAdded;
  framework_updated?: MasterEvent_FrameworkUpdated;
  framework_removed?: MasterEvent_FrameworkRemoved;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** Whether a task state is terminal in Mesos's bookkeeping (TASK_LOST and TASK_GONE_BY_OPERATOR included). */
export function isTerminalTaskState(state: TaskState): boolean {
  switch (state) {
    case 'TASK_FINISHED':
    case 'TASK_FAILED':
    case 'TASK_KILLED':
    case 'TASK_ERROR':
    case 'TASK_LOST':
    case 'TASK_DROPPED':
    case 'TASK_GONE':
    case 'TASK_GONE_BY_OPERATOR':
      return true;
    default:
      return false;
  }
}

/** A TimeInfo for a time in milliseconds since the epoch (e.g. `Date.now()`). */
export function timeInfoFromMillis(ms: number): TimeInfo {
  return { nanoseconds: BigInt(Math.round(ms * 1000)) * 1000n };
}

/** A DurationInfo for a number of seconds. */
export function durationFromSeconds(seconds: number): DurationInfo {
  return { nanoseconds: BigInt(Math.round(seconds * 1e6)) * 1000n };
}
