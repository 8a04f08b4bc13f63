// The v1 JSON codec (kernel/mesos/src/json.ts + generated/schema.ts): exact parsing, schema decoding and
// Mesos-style encoding. Fixtures are written in canonical form (proto field order, explicit
// defaults present), so `encode(decode(text)) === text` checks both directions byte for byte.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  type Call,
  type Call_Type,
  CallSchema,
  CapabilityInfoSchema,
  CommandInfoSchema,
  decodeMessage,
  EncodeError,
  encodeMessage,
  type Event_Type,
  EventSchema,
  exactInteger,
  FiltersSchema,
  formatDouble,
  FrameworkInfoSchema,
  JsonNumber,
  JsonSyntaxError,
  type MasterCall_Type,
  MasterCallSchema,
  type MasterEvent_Type,
  MasterEventSchema,
  MasterInfoSchema,
  type MasterResponse_Type,
  MasterResponseSchema,
  MAX_JSON_DEPTH,
  type Offer_Operation_Type,
  Offer_OperationSchema,
  parseJson,
  parseMessage,
  QuotaConfigSchema,
  quote,
  stringifyJson,
  type TaskInfo,
  TaskInfoSchema,
  TimeInfoSchema,
  tryDecode,
  Value_RangeSchema,
  WireError,
} from '@plateau/mesos';

const FW = '{"value":"fw-1"}';
const NS = 1501191957829317120n; // TimeInfo.nanoseconds from the reference: past 2^53

function issuesOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof WireError) return [...e.issues];
    throw e;
  }
  assert.unreachable('expected a WireError');
  return [];
}

// ---------------------------------------------------------------------------------------------
// Fixtures

const CPUS1 = '{"name":"cpus","type":"SCALAR","scalar":{"value":1.0}}';
const DISK64 = '{"name":"disk","type":"SCALAR","scalar":{"value":64.0}}';
const RESERVED_CPU =
  '{"name":"cpus","type":"SCALAR","scalar":{"value":1.0},"reservations":[{"type":"DYNAMIC","role":"eng","principal":"ops","labels":{"labels":[{"key":"purpose","value":"db"}]}}]}';

const CONTAINER =
  '{"type":"MESOS","volumes":[{"mode":"RW","container_path":"/data","source":{"type":"DOCKER_VOLUME","docker_volume":{"driver":"rexray","name":"web-data","driver_options":{"parameter":[{"key":"size","value":"10"}]}}}}],' +
  '"hostname":"web","mesos":{"image":{"type":"DOCKER","docker":{"name":"library/nginx:1.25"},"cached":true}},' +
  '"network_infos":[{"ip_addresses":[{"protocol":"IPv4"}],"name":"mynet","port_mappings":[{"host_port":31080,"container_port":80,"protocol":"tcp"}]}],' +
  '"linux_info":{"effective_capabilities":{"capabilities":["NET_BIND_SERVICE"]},"seccomp":{"unconfined":true},"ipc_mode":"PRIVATE","shm_size":64,"share_cgroups":true},' +
  '"rlimit_info":{"rlimits":[{"type":"RLMT_NOFILE","hard":18446744073709551615,"soft":65536}]},' +
  '"tty_info":{"window_size":{"rows":24,"columns":80}}}';

const TASK_INFO =
  '{"name":"web","task_id":{"value":"web-1"},"agent_id":{"value":"S0"},' +
  '"resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":1.0},"allocation_info":{"role":"eng"}},{"name":"ports","type":"RANGES","ranges":{"range":[{"begin":31080,"end":31080}]},"role":"*"}],' +
  '"command":{"uris":[{"value":"https://example.com/app.tgz","extract":true,"cache":true}],"environment":{"variables":[{"name":"MODE","type":"VALUE","value":"prod"}]},"shell":true,"value":"./run.sh"},' +
  `"container":${CONTAINER},` +
  '"health_check":{"delay_seconds":15.0,"interval_seconds":10.0,"timeout_seconds":20.0,"consecutive_failures":3,"grace_period_seconds":10.0,"type":"HTTP","http":{"protocol":"IPv4","scheme":"http","port":80,"path":"/health"}},' +
  '"kill_policy":{"grace_period":{"nanoseconds":30000000000}},"data":"aGVsbG8=","labels":{"labels":[{"key":"k"}]},' +
  '"max_completion_time":{"nanoseconds":3600000000000},"limits":{"cpus":{"value":2.0},"mem":{"value":"Infinity"}}}';

const OPERATIONS: Record<Exclude<Offer_Operation_Type, 'UNKNOWN'>, string> = {
  LAUNCH: `{"type":"LAUNCH","launch":{"task_infos":[${TASK_INFO}]}}`,
  LAUNCH_GROUP:
    '{"type":"LAUNCH_GROUP","launch_group":{"executor":{"type":"DEFAULT","executor_id":{"value":"ex-1"},"framework_id":{"value":"fw-1"},' +
    '"container":{"type":"MESOS","network_infos":[{"name":"mynet"}]},"resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":0.1}}],' +
    '"shutdown_grace_period":{"nanoseconds":5000000000}},"task_group":{"tasks":[{"name":"a","task_id":{"value":"a"},"agent_id":{"value":"S0"},' +
    '"resources":[{"name":"mem","type":"SCALAR","scalar":{"value":32.5}}],"command":{"shell":false,"value":"/bin/a","arguments":["a","--x"]}}]}}}',
  RESERVE: `{"type":"RESERVE","id":{"value":"op-1"},"reserve":{"resources":[${RESERVED_CPU}]}}`,
  UNRESERVE: '{"type":"UNRESERVE","unreserve":{"resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":1.0},"role":"eng","reservation":{"principal":"ops"}}]}}',
  CREATE:
    '{"type":"CREATE","create":{"volumes":[{"name":"disk","type":"SCALAR","scalar":{"value":64.0},"reservations":[{"type":"DYNAMIC","role":"eng","principal":"ops"}],' +
    '"disk":{"persistence":{"id":"vol-1","principal":"ops"},"volume":{"mode":"RW","container_path":"data"}}}]}}',
  DESTROY:
    '{"type":"DESTROY","destroy":{"volumes":[{"name":"disk","type":"SCALAR","scalar":{"value":64.0},"reservations":[{"type":"DYNAMIC","role":"eng"}],' +
    '"disk":{"persistence":{"id":"vol-1"},"volume":{"mode":"RW","container_path":"data"},"source":{"type":"PATH","path":{"root":"/mnt/disk0"}}},"shared":{}}]}}',
  GROW_VOLUME: `{"type":"GROW_VOLUME","id":{"value":"op-2"},"grow_volume":{"volume":${DISK64},"addition":{"name":"disk","type":"SCALAR","scalar":{"value":32.0}}}}`,
  SHRINK_VOLUME: `{"type":"SHRINK_VOLUME","shrink_volume":{"volume":${DISK64},"subtract":{"value":16.0}}}`,
  CREATE_DISK:
    '{"type":"CREATE_DISK","create_disk":{"source":{"provider_id":{"value":"rp-1"},"name":"disk","type":"SCALAR","scalar":{"value":100.0},"disk":{"source":{"type":"RAW","profile":"fast"}}},"target_type":"MOUNT"}}',
  DESTROY_DISK:
    '{"type":"DESTROY_DISK","destroy_disk":{"source":{"name":"disk","type":"SCALAR","scalar":{"value":100.0},"disk":{"source":{"type":"MOUNT","mount":{"root":"/mnt/csi"},"vendor":"org.example","id":"vol-9"}}}}}',
};

const CALLS: Record<Exclude<Call_Type, 'UNKNOWN'>, string> = {
  SUBSCRIBE:
    '{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"root","name":"tsfw","failover_timeout":604800.0,"checkpoint":true,"roles":["eng"],' +
    '"capabilities":[{"type":"MULTI_ROLE"},{"type":"PARTITION_AWARE"}],"labels":{"labels":[{"key":"team","value":"infra"}]},' +
    '"offer_filters":{"eng":{"min_allocatable_resources":{"quantities":[{"quantities":{"cpus":{"value":0.5}}}]}}}},"suppressed_roles":["eng"],' +
    '"offer_constraints":{"role_constraints":{"eng":{"groups":[{"attribute_constraints":[{"selector":{"attribute_name":"rack"},"predicate":{"text_equals":{"value":"r1"}}}]}]}}}}}',
  TEARDOWN: `{"framework_id":${FW},"type":"TEARDOWN"}`,
  ACCEPT: `{"framework_id":${FW},"type":"ACCEPT","accept":{"offer_ids":[{"value":"O1"},{"value":"O2"}],"operations":[${OPERATIONS.RESERVE},${OPERATIONS.LAUNCH}],"filters":{"refuse_seconds":5.0}}}`,
  DECLINE: `{"framework_id":${FW},"type":"DECLINE","decline":{"offer_ids":[{"value":"O3"}],"filters":{"refuse_seconds":31536000.0}}}`,
  ACCEPT_INVERSE_OFFERS: `{"framework_id":${FW},"type":"ACCEPT_INVERSE_OFFERS","accept_inverse_offers":{"inverse_offer_ids":[{"value":"IO1"}],"filters":{"refuse_seconds":5.0}}}`,
  DECLINE_INVERSE_OFFERS: `{"framework_id":${FW},"type":"DECLINE_INVERSE_OFFERS","decline_inverse_offers":{"inverse_offer_ids":[{"value":"IO1"}],"filters":{"refuse_seconds":0.5}}}`,
  REVIVE: `{"framework_id":${FW},"type":"REVIVE","revive":{"roles":["eng","ops"]}}`,
  KILL: `{"framework_id":${FW},"type":"KILL","kill":{"task_id":{"value":"web-1"},"agent_id":{"value":"S0"},"kill_policy":{"grace_period":{"nanoseconds":1000000000}}}}`,
  SHUTDOWN: `{"framework_id":${FW},"type":"SHUTDOWN","shutdown":{"executor_id":{"value":"ex-1"},"agent_id":{"value":"S0"}}}`,
  ACKNOWLEDGE: `{"framework_id":${FW},"type":"ACKNOWLEDGE","acknowledge":{"agent_id":{"value":"S0"},"task_id":{"value":"web-1"},"uuid":"3q2+7wAAQACAAAAAAAAAAA=="}}`,
  ACKNOWLEDGE_OPERATION_STATUS:
    `{"framework_id":${FW},"type":"ACKNOWLEDGE_OPERATION_STATUS","acknowledge_operation_status":{"agent_id":{"value":"S0"},` +
    '"resource_provider_id":{"value":"rp-1"},"uuid":"AAECAwQFBgcICQoLDA0ODw==","operation_id":{"value":"op-1"}}}',
  RECONCILE: `{"framework_id":${FW},"type":"RECONCILE","reconcile":{"tasks":[{"task_id":{"value":"web-1"},"agent_id":{"value":"S0"}},{"task_id":{"value":"web-2"}}]}}`,
  RECONCILE_OPERATIONS: `{"framework_id":${FW},"type":"RECONCILE_OPERATIONS","reconcile_operations":{"operations":[{"operation_id":{"value":"op-1"},"agent_id":{"value":"S0"}}]}}`,
  MESSAGE: `{"framework_id":${FW},"type":"MESSAGE","message":{"agent_id":{"value":"S0"},"executor_id":{"value":"ex-1"},"data":"aGVsbG8gZXhlY3V0b3I="}}`,
  REQUEST: `{"framework_id":${FW},"type":"REQUEST","request":{"requests":[{"agent_id":{"value":"S0"},"resources":[{"name":"gpus","type":"SCALAR","scalar":{"value":1.0}}]}]}}`,
  SUPPRESS: `{"framework_id":${FW},"type":"SUPPRESS","suppress":{"roles":["eng"]}}`,
  UPDATE_FRAMEWORK:
    `{"framework_id":${FW},"type":"UPDATE_FRAMEWORK","update_framework":{"framework_info":{"user":"root","name":"tsfw","id":${FW},"failover_timeout":0.0,"checkpoint":false,` +
    '"roles":["eng","ops"],"capabilities":[{"type":"MULTI_ROLE"}]},"suppressed_roles":["ops"]}}',
};

const EVENTS: Record<Exclude<Event_Type, 'UNKNOWN'>, string> = {
  SUBSCRIBED:
    `{"type":"SUBSCRIBED","subscribed":{"framework_id":${FW},"heartbeat_interval_seconds":15.0,"master_info":{"id":"310ffdac","ip":16842879,"port":5050,` +
    '"pid":"master@127.0.1.1:5050","hostname":"m1","version":"1.11.0","address":{"hostname":"m1","ip":"127.0.1.1","port":5050},' +
    '"domain":{"fault_domain":{"region":{"name":"eu"},"zone":{"name":"eu-1a"}}},"capabilities":[{"type":"AGENT_UPDATE"},{"type":"QUOTA_V2"}]}}}',
  OFFERS:
    `{"type":"OFFERS","offers":{"offers":[{"id":{"value":"O1"},"framework_id":${FW},"agent_id":{"value":"S0"},"hostname":"node1",` +
    '"url":{"scheme":"http","address":{"hostname":"node1","ip":"10.0.0.5","port":5051},"path":"/slave(1)"},' +
    '"resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":4.0},"role":"*","allocation_info":{"role":"eng"}},' +
    '{"name":"ports","type":"RANGES","ranges":{"range":[{"begin":31000,"end":32000}]},"role":"*","allocation_info":{"role":"eng"}},' +
    '{"name":"disks","type":"SET","set":{"item":["sda","sdb"]},"role":"*","allocation_info":{"role":"eng"}}],' +
    '"attributes":[{"name":"rack","type":"TEXT","text":{"value":"r1"}},{"name":"level","type":"SCALAR","scalar":{"value":2.5}}],' +
    `"executor_ids":[{"value":"ex-1"}],"unavailability":{"start":{"nanoseconds":${NS}},"duration":{"nanoseconds":3600000000000}},"allocation_info":{"role":"eng"}}]}}`,
  INVERSE_OFFERS: `{"type":"INVERSE_OFFERS","inverse_offers":{"inverse_offers":[{"id":{"value":"IO1"},"framework_id":${FW},"agent_id":{"value":"S0"},"unavailability":{"start":{"nanoseconds":1700000000000000000}}}]}}`,
  RESCIND: '{"type":"RESCIND","rescind":{"offer_id":{"value":"O1"}}}',
  RESCIND_INVERSE_OFFER: '{"type":"RESCIND_INVERSE_OFFER","rescind_inverse_offer":{"inverse_offer_id":{"value":"IO1"}}}',
  UPDATE:
    '{"type":"UPDATE","update":{"status":{"task_id":{"value":"web-1"},"state":"TASK_RUNNING","message":"started","source":"SOURCE_EXECUTOR",' +
    '"reason":"REASON_TASK_HEALTH_CHECK_STATUS_UPDATED","data":"AQID","agent_id":{"value":"S0"},"executor_id":{"value":"web-1"},' +
    '"timestamp":1700000000.123,"uuid":"3q2+7wAAQACAAAAAAAAAAA==","healthy":true,"check_status":{"type":"COMMAND","command":{"exit_code":0}},' +
    '"labels":{"labels":[{"key":"k","value":"v"}]},"container_status":{"container_id":{"value":"f0f9","parent":{"value":"root"}},' +
    '"network_infos":[{"ip_addresses":[{"protocol":"IPv4","ip_address":"10.1.0.7"}],"name":"mynet"}],"executor_pid":4242},' +
    `"unreachable_time":{"nanoseconds":${NS}},"limitation":{"resources":[{"name":"mem","type":"SCALAR","scalar":{"value":512.0}}]}}}}`,
  UPDATE_OPERATION_STATUS:
    '{"type":"UPDATE_OPERATION_STATUS","update_operation_status":{"status":{"operation_id":{"value":"op-1"},"state":"OPERATION_FINISHED","message":"done",' +
    '"converted_resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":1.0},"reservations":[{"type":"DYNAMIC","role":"eng"}]}],' +
    '"uuid":{"value":"AAECAwQFBgcICQoLDA0ODw=="},"agent_id":{"value":"S0"}}}}',
  MESSAGE: '{"type":"MESSAGE","message":{"agent_id":{"value":"S0"},"executor_id":{"value":"ex-1"},"data":"cGluZw=="}}',
  FAILURE: '{"type":"FAILURE","failure":{"agent_id":{"value":"S0"},"executor_id":{"value":"ex-1"},"status":256}}',
  ERROR: '{"type":"ERROR","error":{"message":"Framework has been removed"}}',
  HEARTBEAT: '{"type":"HEARTBEAT"}',
};

const TASK =
  `{"name":"web","task_id":{"value":"web-1"},"framework_id":${FW},"executor_id":{"value":"web-1"},"agent_id":{"value":"S0"},"state":"TASK_RUNNING",` +
  '"resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":1.0},"role":"*"}],"statuses":[{"task_id":{"value":"web-1"},"state":"TASK_RUNNING","timestamp":1700000000.5}],' +
  '"status_update_state":"TASK_RUNNING","status_update_uuid":"3q2+7wAAQACAAAAAAAAAAA==","container":{"type":"MESOS"},"user":"root","limits":{"mem":{"value":512.0}}}';
const FRAMEWORK =
  `{"framework_info":{"user":"root","name":"tsfw","id":${FW},"failover_timeout":604800.0,"checkpoint":true,"roles":["eng"],"principal":"ops",` +
  '"capabilities":[{"type":"MULTI_ROLE"}]},"active":true,"connected":true,"recovered":false,"registered_time":{"nanoseconds":1700000000000000000},' +
  '"allocated_resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":1.0},"allocation_info":{"role":"eng"}}]}';
const AGENT =
  `{"agent_info":{"hostname":"node1","port":5051,"resources":[${CPUS1}],"attributes":[{"name":"rack","type":"TEXT","text":{"value":"r1"}}],"id":{"value":"S0"}},` +
  '"active":true,"deactivated":false,"version":"1.11.0","pid":"slave(1)@10.0.0.5:5051","registered_time":{"nanoseconds":1700000000000000000},' +
  `"total_resources":[${CPUS1}],"capabilities":[{"type":"MULTI_ROLE"},{"type":"AGENT_DRAINING"}],` +
  '"drain_info":{"state":"DRAINING","config":{"max_grace_period":{"nanoseconds":10000000000},"mark_gone":false}}}';
const MACHINE = '{"hostname":"node1","ip":"10.0.0.5"}';

const MASTER_CALLS: Record<Exclude<MasterCall_Type, 'UNKNOWN'>, string> = {
  GET_HEALTH: '{"type":"GET_HEALTH"}',
  GET_FLAGS: '{"type":"GET_FLAGS"}',
  GET_VERSION: '{"type":"GET_VERSION"}',
  GET_METRICS: '{"type":"GET_METRICS","get_metrics":{"timeout":{"nanoseconds":5000000000}}}',
  GET_LOGGING_LEVEL: '{"type":"GET_LOGGING_LEVEL"}',
  SET_LOGGING_LEVEL: '{"type":"SET_LOGGING_LEVEL","set_logging_level":{"level":1,"duration":{"nanoseconds":60000000000}}}',
  LIST_FILES: '{"type":"LIST_FILES","list_files":{"path":"/master/log"}}',
  READ_FILE: '{"type":"READ_FILE","read_file":{"path":"/master/log","offset":0,"length":4096}}',
  GET_STATE: '{"type":"GET_STATE"}',
  GET_AGENTS: '{"type":"GET_AGENTS"}',
  GET_FRAMEWORKS: '{"type":"GET_FRAMEWORKS"}',
  GET_EXECUTORS: '{"type":"GET_EXECUTORS"}',
  GET_OPERATIONS: '{"type":"GET_OPERATIONS"}',
  GET_TASKS: '{"type":"GET_TASKS"}',
  GET_ROLES: '{"type":"GET_ROLES"}',
  GET_WEIGHTS: '{"type":"GET_WEIGHTS"}',
  UPDATE_WEIGHTS: '{"type":"UPDATE_WEIGHTS","update_weights":{"weight_infos":[{"weight":2.0,"role":"eng"}]}}',
  GET_MASTER: '{"type":"GET_MASTER"}',
  SUBSCRIBE: '{"type":"SUBSCRIBE"}',
  RESERVE_RESOURCES: `{"type":"RESERVE_RESOURCES","reserve_resources":{"agent_id":{"value":"S0"},"source":[${CPUS1}],"resources":[${RESERVED_CPU}]}}`,
  UNRESERVE_RESOURCES: `{"type":"UNRESERVE_RESOURCES","unreserve_resources":{"agent_id":{"value":"S0"},"resources":[${RESERVED_CPU}]}}`,
  CREATE_VOLUMES: `{"type":"CREATE_VOLUMES","create_volumes":{"agent_id":{"value":"S0"},"volumes":[${DISK64}]}}`,
  DESTROY_VOLUMES: `{"type":"DESTROY_VOLUMES","destroy_volumes":{"agent_id":{"value":"S0"},"volumes":[${DISK64}]}}`,
  GROW_VOLUME: `{"type":"GROW_VOLUME","grow_volume":{"agent_id":{"value":"S0"},"volume":${DISK64},"addition":${DISK64}}}`,
  SHRINK_VOLUME: `{"type":"SHRINK_VOLUME","shrink_volume":{"volume":${DISK64},"subtract":{"value":1.5}}}`,
  GET_MAINTENANCE_STATUS: '{"type":"GET_MAINTENANCE_STATUS"}',
  GET_MAINTENANCE_SCHEDULE: '{"type":"GET_MAINTENANCE_SCHEDULE"}',
  UPDATE_MAINTENANCE_SCHEDULE:
    `{"type":"UPDATE_MAINTENANCE_SCHEDULE","update_maintenance_schedule":{"schedule":{"windows":[{"machine_ids":[${MACHINE}],` +
    '"unavailability":{"start":{"nanoseconds":1700000000000000000},"duration":{"nanoseconds":3600000000000}}}]}}}',
  START_MAINTENANCE: `{"type":"START_MAINTENANCE","start_maintenance":{"machines":[${MACHINE}]}}`,
  STOP_MAINTENANCE: `{"type":"STOP_MAINTENANCE","stop_maintenance":{"machines":[${MACHINE}]}}`,
  DRAIN_AGENT: '{"type":"DRAIN_AGENT","drain_agent":{"agent_id":{"value":"S0"},"max_grace_period":{"seconds":30,"nanos":500},"mark_gone":true}}',
  DEACTIVATE_AGENT: '{"type":"DEACTIVATE_AGENT","deactivate_agent":{"agent_id":{"value":"S0"}}}',
  REACTIVATE_AGENT: '{"type":"REACTIVATE_AGENT","reactivate_agent":{"agent_id":{"value":"S0"}}}',
  GET_QUOTA: '{"type":"GET_QUOTA"}',
  UPDATE_QUOTA:
    '{"type":"UPDATE_QUOTA","update_quota":{"force":true,"quota_configs":[{"role":"eng","guarantees":{"cpus":{"value":4.0}},"limits":{"cpus":{"value":8.0},"mem":{"value":4096.0}}}]}}',
  SET_QUOTA: `{"type":"SET_QUOTA","set_quota":{"quota_request":{"force":false,"role":"eng","guarantee":[${CPUS1}]}}}`,
  REMOVE_QUOTA: '{"type":"REMOVE_QUOTA","remove_quota":{"role":"eng"}}',
  TEARDOWN: `{"type":"TEARDOWN","teardown":{"framework_id":${FW}}}`,
  MARK_AGENT_GONE: '{"type":"MARK_AGENT_GONE","mark_agent_gone":{"agent_id":{"value":"S0"}}}',
};

const MASTER_RESPONSES: Record<Exclude<MasterResponse_Type, 'UNKNOWN'>, string> = {
  GET_HEALTH: '{"type":"GET_HEALTH","get_health":{"healthy":true}}',
  GET_FLAGS: '{"type":"GET_FLAGS","get_flags":{"flags":[{"name":"port","value":"5050"},{"name":"quiet"}]}}',
  GET_VERSION:
    '{"type":"GET_VERSION","get_version":{"version_info":{"version":"1.11.0","build_date":"2024-01-01","build_time":1704067200.0,"build_user":"ci","git_sha":"abc"}}}',
  GET_METRICS: '{"type":"GET_METRICS","get_metrics":{"metrics":[{"name":"master/uptime_secs","value":12.5},{"name":"master/elected","value":1.0}]}}',
  GET_LOGGING_LEVEL: '{"type":"GET_LOGGING_LEVEL","get_logging_level":{"level":0}}',
  LIST_FILES:
    '{"type":"LIST_FILES","list_files":{"file_infos":[{"path":"/master/log/master.INFO","nlink":1,"size":4096,"mtime":{"nanoseconds":1700000000000000000},"mode":33188,"uid":"root","gid":"root"}]}}',
  READ_FILE: '{"type":"READ_FILE","read_file":{"size":11,"data":"aGVsbG8gd29ybGQ="}}',
  GET_STATE:
    `{"type":"GET_STATE","get_state":{"get_tasks":{"tasks":[${TASK}]},"get_executors":{"executors":[{"executor_info":{"executor_id":{"value":"ex-1"},` +
    `"command":{"shell":true,"value":"./exec"}},"agent_id":{"value":"S0"}}]},"get_frameworks":{"frameworks":[${FRAMEWORK}]},"get_agents":{"agents":[${AGENT}]}}}`,
  GET_AGENTS: `{"type":"GET_AGENTS","get_agents":{"agents":[${AGENT}],"recovered_agents":[{"hostname":"node2","port":5051}]}}`,
  GET_FRAMEWORKS: `{"type":"GET_FRAMEWORKS","get_frameworks":{"frameworks":[${FRAMEWORK}],"completed_frameworks":[${FRAMEWORK}]}}`,
  GET_EXECUTORS:
    `{"type":"GET_EXECUTORS","get_executors":{"executors":[{"executor_info":{"type":"CUSTOM","executor_id":{"value":"ex-1"},"framework_id":${FW},` +
    '"command":{"shell":true,"value":"./exec"},"name":"my executor"},"agent_id":{"value":"S0"}}]}}',
  GET_OPERATIONS:
    `{"type":"GET_OPERATIONS","get_operations":{"operations":[{"framework_id":${FW},"agent_id":{"value":"S0"},"info":${OPERATIONS.RESERVE},` +
    '"latest_status":{"operation_id":{"value":"op-1"},"state":"OPERATION_PENDING"},"uuid":{"value":"AAECAwQFBgcICQoLDA0ODw=="}}]}}',
  GET_TASKS: `{"type":"GET_TASKS","get_tasks":{"pending_tasks":[${TASK}],"tasks":[${TASK}],"unreachable_tasks":[${TASK}],"completed_tasks":[${TASK}]}}`,
  GET_ROLES: `{"type":"GET_ROLES","get_roles":{"roles":[{"name":"eng","weight":1.0,"frameworks":[${FW}],"resources":[${CPUS1}]}]}}`,
  GET_WEIGHTS: '{"type":"GET_WEIGHTS","get_weights":{"weight_infos":[{"weight":2.0,"role":"eng"}]}}',
  GET_MASTER:
    '{"type":"GET_MASTER","get_master":{"master_info":{"id":"310ffdac-0b73-408d-acf0-2adcd21cb4b7","ip":16842879,"port":5050,"pid":"master@127.0.1.1:5050",' +
    '"hostname":"m1","version":"1.11.0","address":{"hostname":"m1","ip":"127.0.1.1","port":5050},' +
    '"capabilities":[{"type":"AGENT_UPDATE"},{"type":"AGENT_DRAINING"},{"type":"QUOTA_V2"}]},"start_time":1700000000.5,"elected_time":1700000001.2}}',
  GET_MAINTENANCE_STATUS:
    `{"type":"GET_MAINTENANCE_STATUS","get_maintenance_status":{"status":{"draining_machines":[{"id":${MACHINE},"statuses":[{"status":"ACCEPT",` +
    `"framework_id":${FW},"timestamp":{"nanoseconds":1700000000000000000}}]}],"down_machines":[{"hostname":"node2"}]}}}`,
  GET_MAINTENANCE_SCHEDULE:
    '{"type":"GET_MAINTENANCE_SCHEDULE","get_maintenance_schedule":{"schedule":{"windows":[{"machine_ids":[{"hostname":"node1"}],"unavailability":{"start":{"nanoseconds":1700000000000000000}}}]}}}',
  GET_QUOTA:
    `{"type":"GET_QUOTA","get_quota":{"status":{"infos":[{"role":"eng","guarantee":[${CPUS1}]}],"configs":[{"role":"eng","guarantees":{"cpus":{"value":4.0}}}]}}}`,
};

const MASTER_EVENTS: Record<Exclude<MasterEvent_Type, 'UNKNOWN'>, string> = {
  SUBSCRIBED: `{"type":"SUBSCRIBED","subscribed":{"get_state":{"get_agents":{"agents":[${AGENT}]}},"heartbeat_interval_seconds":15.0}}`,
  TASK_ADDED: `{"type":"TASK_ADDED","task_added":{"task":${TASK}}}`,
  TASK_UPDATED: `{"type":"TASK_UPDATED","task_updated":{"framework_id":${FW},"status":{"task_id":{"value":"web-1"},"state":"TASK_RUNNING"},"state":"TASK_FINISHED"}}`,
  AGENT_ADDED: `{"type":"AGENT_ADDED","agent_added":{"agent":${AGENT}}}`,
  AGENT_REMOVED: '{"type":"AGENT_REMOVED","agent_removed":{"agent_id":{"value":"S0"}}}',
  FRAMEWORK_ADDED: `{"type":"FRAMEWORK_ADDED","framework_added":{"framework":${FRAMEWORK}}}`,
  FRAMEWORK_UPDATED: `{"type":"FRAMEWORK_UPDATED","framework_updated":{"framework":${FRAMEWORK}}}`,
  FRAMEWORK_REMOVED: '{"type":"FRAMEWORK_REMOVED","framework_removed":{"framework_info":{"user":"root","name":"tsfw","failover_timeout":0.0,"checkpoint":false}}}',
  HEARTBEAT: '{"type":"HEARTBEAT"}',
};

// ---------------------------------------------------------------------------------------------
// Round trips of every call, event, operation and operator message type

const bodyField = (type: string) => type.toLowerCase();

for (const [type, text] of Object.entries(CALLS)) {
  test(`scheduler call ${type}: decode + encode gives back the same bytes`, () => {
    const call = parseMessage(CallSchema, text);
    assert.is(call.type, type);
    if (type !== 'TEARDOWN') assert.type((call as Record<string, unknown>)[bodyField(type)], 'object');
    assert.is(encodeMessage(CallSchema, call), text);
  });
}

for (const [type, text] of Object.entries(EVENTS)) {
  test(`scheduler event ${type}: decode + encode gives back the same bytes`, () => {
    const event = parseMessage(EventSchema, text);
    assert.is(event.type, type);
    if (type !== 'HEARTBEAT') assert.type((event as Record<string, unknown>)[bodyField(type)], 'object');
    assert.is(encodeMessage(EventSchema, event), text);
  });
}

for (const [type, text] of Object.entries(OPERATIONS)) {
  test(`offer operation ${type}: decode + encode gives back the same bytes`, () => {
    const op = parseMessage(Offer_OperationSchema, text);
    assert.is(op.type, type);
    assert.type((op as Record<string, unknown>)[bodyField(type)], 'object');
    assert.is(encodeMessage(Offer_OperationSchema, op), text);
  });
}

for (const [type, text] of Object.entries(MASTER_CALLS)) {
  test(`operator call ${type} round-trips`, () => {
    const call = parseMessage(MasterCallSchema, text);
    assert.is(call.type, type);
    assert.is(encodeMessage(MasterCallSchema, call), text);
  });
}

for (const [type, text] of Object.entries(MASTER_RESPONSES)) {
  test(`operator response ${type} round-trips`, () => {
    const response = parseMessage(MasterResponseSchema, text);
    assert.is(response.type, type);
    assert.type((response as Record<string, unknown>)[bodyField(type)], 'object');
    assert.is(encodeMessage(MasterResponseSchema, response), text);
  });
}

for (const [type, text] of Object.entries(MASTER_EVENTS)) {
  test(`operator event ${type} round-trips`, () => {
    const event = parseMessage(MasterEventSchema, text);
    assert.is(event.type, type);
    assert.is(encodeMessage(MasterEventSchema, event), text);
  });
}

test('decoded values have their wire types: bigint int64, Uint8Array bytes, numbers, nested ids', () => {
  const update = parseMessage(EventSchema, EVENTS.UPDATE).update!.status;
  assert.is(update.unreachable_time!.nanoseconds, NS);
  assert.ok(update.uuid instanceof Uint8Array);
  assert.equal([...update.uuid!], [0xde, 0xad, 0xbe, 0xef, 0, 0, 0x40, 0, 0x80, 0, 0, 0, 0, 0, 0, 0]);
  assert.is(update.timestamp, 1700000000.123);
  assert.equal(update.container_status!.container_id, { value: 'f0f9', parent: { value: 'root' } });
  const launch = parseMessage(Offer_OperationSchema, OPERATIONS.LAUNCH).launch!.task_infos![0]!;
  assert.is(launch.container!.rlimit_info!.rlimits![0]!.hard, 2n ** 64n - 1n);
  assert.is(launch.resources![1]!.ranges!.range![0]!.begin, 31080);
  assert.is(launch.limits!.mem!.value, Infinity);
  assert.is(launch.kill_policy!.grace_period!.nanoseconds, 30_000_000_000n);
  assert.is(Buffer.from(launch.data!).toString(), 'hello');
});

// ---------------------------------------------------------------------------------------------
// 64-bit exactness

test('TimeInfo.nanoseconds past 2^53 survives decode + encode digit for digit', () => {
  const text = `{"nanoseconds":${NS}}`;
  assert.not.equal(String(JSON.parse(text).nanoseconds), NS.toString(), 'JSON.parse alone loses digits');
  const t = parseMessage(TimeInfoSchema, text);
  assert.is(typeof t.nanoseconds, 'bigint');
  assert.is(t.nanoseconds, NS);
  assert.is(encodeMessage(TimeInfoSchema, t), text);
});

test('int64 accepts a numeric string, exponent forms, and the int64 extremes exactly', () => {
  assert.is(parseMessage(TimeInfoSchema, `{"nanoseconds":"${NS}"}`).nanoseconds, NS);
  assert.is(parseMessage(TimeInfoSchema, '{"nanoseconds":1.5e18}').nanoseconds, 1_500_000_000_000_000_000n);
  assert.is(parseMessage(TimeInfoSchema, '{"nanoseconds":9223372036854775807}').nanoseconds, 2n ** 63n - 1n);
  assert.is(parseMessage(TimeInfoSchema, '{"nanoseconds":-9223372036854775808}').nanoseconds, -(2n ** 63n));
  assert.is(encodeMessage(TimeInfoSchema, { nanoseconds: -(2n ** 63n) }), '{"nanoseconds":-9223372036854775808}');
});

test('int64 out of range, fractional, or not a number: errors naming the field', () => {
  assert.equal(issuesOf(() => parseMessage(TimeInfoSchema, '{"nanoseconds":9223372036854775808}')), [
    { path: 'time_info.nanoseconds', message: 'out of range for int64' },
  ]);
  assert.equal(issuesOf(() => parseMessage(TimeInfoSchema, '{"nanoseconds":1.5}')), [{ path: 'time_info.nanoseconds', message: 'expected integer' }]);
  assert.equal(issuesOf(() => parseMessage(TimeInfoSchema, '{"nanoseconds":"soon"}')), [{ path: 'time_info.nanoseconds', message: 'expected number' }]);
  assert.equal(issuesOf(() => parseMessage(TimeInfoSchema, '{"nanoseconds":true}')), [{ path: 'time_info.nanoseconds', message: 'expected number' }]);
});

test('32-bit integers: numeric strings accepted, range enforced', () => {
  const m = parseMessage(MasterInfoSchema, '{"id":"m","ip":"16842879","port":5050}');
  assert.is(m.ip, 16842879);
  assert.equal(issuesOf(() => parseMessage(MasterInfoSchema, '{"id":"m","ip":4294967296,"port":-1}')), [
    { path: 'master_info.ip', message: 'out of range for uint32' },
    { path: 'master_info.port', message: 'out of range for uint32' },
  ]);
});

test('uint64 kept as a number (ranges) rejects values past 2^53 instead of rounding', () => {
  assert.equal(parseMessage(Value_RangeSchema, '{"begin":31000,"end":9007199254740991}'), { begin: 31000, end: 9007199254740991 });
  const issues = issuesOf(() => parseMessage(Value_RangeSchema, '{"begin":1,"end":9007199254740993}'));
  assert.is(issues.length, 1);
  assert.is(issues[0]!.path, 'range.end');
  assert.match(issues[0]!.message, /2\^53/);
});

test('exactInteger reads decimal texts exactly', () => {
  assert.is(exactInteger('1501191957829317120'), NS);
  assert.is(exactInteger('-0'), 0n);
  assert.is(exactInteger('12.500e1'), 125n);
  assert.is(exactInteger('100e-2'), 1n);
  assert.is(exactInteger('1.25'), undefined);
  assert.is(exactInteger('5e-1'), undefined);
  assert.is(exactInteger('abc'), undefined);
});

// ---------------------------------------------------------------------------------------------
// Input rules: null, unknown keys, enums, types

test('null means unset, also for required fields (which then are missing)', () => {
  const call = parseMessage(CallSchema, '{"type":"KILL","framework_id":null,"kill":{"task_id":{"value":"t"},"agent_id":null,"kill_policy":null}}');
  assert.equal(call, { type: 'KILL', kill: { task_id: { value: 't' } } });
  assert.not.ok('framework_id' in call);
  assert.equal(issuesOf(() => parseMessage(CallSchema, '{"type":"KILL","kill":{"task_id":null}}')), [
    { path: 'call.kill.task_id', message: 'missing required field' },
  ]);
});

test('unknown keys are ignored, at any depth, whatever their value', () => {
  const call = parseMessage(
    CallSchema,
    '{"type":"REVIVE","framework_id":{"value":"f","extra":1},"revive":{"roles":["a"],"future":{"deep":[1,{"x":null}]}},"frameworkId":"camel-case is not a field"}',
  );
  assert.equal(call, { type: 'REVIVE', framework_id: { value: 'f' }, revive: { roles: ['a'] } });
  assert.is(encodeMessage(CallSchema, call), '{"framework_id":{"value":"f"},"type":"REVIVE","revive":{"roles":["a"]}}');
});

test('unknown name on a required enum is an error with its path', () => {
  const text = '{"type":"UPDATE","update":{"status":{"task_id":{"value":"t"},"state":"TASK_BOGUS"}}}';
  assert.equal(issuesOf(() => parseMessage(EventSchema, text)), [
    { path: 'event.update.status.state', message: 'unknown value "TASK_BOGUS" for enum mesos.v1.TaskState' },
  ]);
});

test('unknown name on an optional or repeated enum is dropped and reported, or an error with strictEnums', () => {
  const text = '{"user":"u","name":"n","capabilities":[{"type":"MULTI_ROLE"},{"type":"TELEPORTATION"}]}';
  const r = tryDecode(FrameworkInfoSchema, parseJson(text));
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.value.capabilities, [{ type: 'MULTI_ROLE' }, {}]);
  assert.equal(r.dropped, [{ path: 'framework_info.capabilities[1].type', message: 'unknown value "TELEPORTATION" for enum mesos.v1.FrameworkInfo.Capability.Type' }]);

  const caps = tryDecode(CapabilityInfoSchema, parseJson('{"capabilities":["CHOWN","FLY","KILL"]}'));
  assert.ok(caps.ok && caps.value.capabilities!.join() === 'CHOWN,KILL');
  assert.is(caps.dropped[0]!.path, 'capability_info.capabilities[1]');

  const strict = tryDecode(FrameworkInfoSchema, parseJson(text), { strictEnums: true });
  assert.not.ok(strict.ok);
  if (!strict.ok) assert.is(strict.issues[0]!.path, 'framework_info.capabilities[1].type');
});

test('enum given as a number is a type error', () => {
  assert.equal(issuesOf(() => parseMessage(CallSchema, '{"type":3}')), [{ path: 'call.type', message: 'expected string' }]);
});

test('wrong JSON types name the full field path', () => {
  const text =
    '{"type":"ACCEPT","framework_id":{"value":"f"},"accept":{"offer_ids":[{"value":"o"}],"operations":[{"type":"LAUNCH","launch":{"task_infos":[' +
    '{"name":"a","task_id":{"value":"a"},"agent_id":{"value":"s"}},' +
    '{"name":"b","task_id":{"value":"b"},"agent_id":{"value":"s"},"resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":"lots"}}]}]}}]}}';
  const issues = issuesOf(() => parseMessage(CallSchema, text));
  assert.equal(issues, [{ path: 'call.accept.operations[0].launch.task_infos[1].resources[0].scalar.value', message: 'expected number' }]);
  try {
    parseMessage(CallSchema, text);
  } catch (e) {
    assert.instance(e, WireError);
    assert.is((e as WireError).code, 'PLT_ERR_API_INVALID');
    assert.is((e as Error).message, 'call.accept.operations[0].launch.task_infos[1].resources[0].scalar.value: expected number');
  }
});

test('every issue is collected, in document order', () => {
  const text = '{"name":7,"task_id":{"value":"t"},"resources":{},"data":"not base64!","command":{"shell":"maybe"},"limits":{"cpus":[]}}';
  assert.equal(issuesOf(() => parseMessage(TaskInfoSchema, text)), [
    { path: 'task_info.name', message: 'expected string' },
    { path: 'task_info.resources', message: 'expected array' },
    { path: 'task_info.data', message: 'invalid base64' },
    { path: 'task_info.command.shell', message: 'expected boolean' },
    { path: 'task_info.limits.cpus', message: 'expected object' },
    { path: 'task_info.agent_id', message: 'missing required field' },
  ]);
});

test('a message where a scalar is expected and vice versa are type errors', () => {
  assert.equal(issuesOf(() => parseMessage(CallSchema, '{"type":"KILL","kill":"web-1"}')), [{ path: 'call.kill', message: 'expected object' }]);
  assert.equal(issuesOf(() => parseMessage(CallSchema, '[1]')), [{ path: 'call', message: 'expected object' }]);
  assert.equal(issuesOf(() => parseMessage(CallSchema, '{"type":"REVIVE","revive":{"roles":"eng"}}')), [{ path: 'call.revive.roles', message: 'expected array' }]);
});

test('booleans also as "true"/"false"; doubles also as numeric strings and "Infinity"', () => {
  const cmd = parseMessage(CommandInfoSchema, '{"shell":"false","value":"x"}');
  assert.is(cmd.shell, false);
  assert.equal(parseMessage(FiltersSchema, '{"refuse_seconds":"2.5"}'), { refuse_seconds: 2.5 });
  assert.equal(parseMessage(FiltersSchema, '{"refuse_seconds":"-Infinity"}'), { refuse_seconds: -Infinity });
  assert.equal(issuesOf(() => parseMessage(FiltersSchema, '{"refuse_seconds":"five"}')), [{ path: 'filters.refuse_seconds', message: 'expected number' }]);
});

test('TaskInfo.limits accepts the bare-number form but writes the object form', () => {
  const t = parseMessage(
    TaskInfoSchema,
    '{"name":"a","task_id":{"value":"a"},"agent_id":{"value":"s"},"command":{"value":"x"},"limits":{"cpus":"Infinity","mem":512}}',
  );
  assert.equal(t.limits, { cpus: { value: Infinity }, mem: { value: 512 } });
  assert.match(encodeMessage(TaskInfoSchema, t), /"limits":\{"cpus":\{"value":"Infinity"\},"mem":\{"value":512\.0\}\}/);
  // Other Value.Scalar maps follow the parser: a bare number is rejected.
  assert.equal(issuesOf(() => parseMessage(QuotaConfigSchema, '{"role":"eng","limits":{"cpus":2}}')), [
    { path: 'quota_config.limits.cpus', message: 'expected object' },
  ]);
});

test('bytes: standard base64 in, Uint8Array out, same base64 back; padding optional', () => {
  const call = parseMessage(CallSchema, CALLS.ACKNOWLEDGE);
  assert.is(Buffer.from(call.acknowledge!.uuid).toString('hex'), 'deadbeef000040008000000000000000');
  const unpadded = parseMessage(CallSchema, '{"type":"MESSAGE","message":{"agent_id":{"value":"a"},"executor_id":{"value":"e"},"data":"cGluZw"}}');
  assert.is(Buffer.from(unpadded.message!.data).toString(), 'ping');
  assert.match(encodeMessage(CallSchema, unpadded), /"data":"cGluZw=="/);
  assert.equal(issuesOf(() => parseMessage(CallSchema, '{"type":"MESSAGE","message":{"agent_id":{"value":"a"},"executor_id":{"value":"e"},"data":"cGl-Zw=="}}')), [
    { path: 'call.message.data', message: 'invalid base64' },
  ]);
});

test('map keys that look like __proto__ stay plain data', () => {
  const q = parseMessage(QuotaConfigSchema, '{"role":"eng","guarantees":{"__proto__":{"value":1},"cpus":{"value":2}}}');
  assert.equal(Object.keys(q.guarantees!), ['__proto__', 'cpus']);
  assert.is(Object.getPrototypeOf(q.guarantees), Object.prototype);
  assert.is(({} as Record<string, unknown>).value, undefined);
  assert.is(encodeMessage(QuotaConfigSchema, q), '{"role":"eng","guarantees":{"__proto__":{"value":1.0},"cpus":{"value":2.0}}}');
});

test('decodeMessage also takes JSON.parse output and hand-built values (numbers, bigints)', () => {
  const call = decodeMessage(CallSchema, JSON.parse(CALLS.KILL));
  assert.is(call.kill!.kill_policy!.grace_period!.nanoseconds, 1_000_000_000n);
  assert.equal(decodeMessage(TimeInfoSchema, { nanoseconds: 5n }), { nanoseconds: 5n });
  assert.equal(decodeMessage(TimeInfoSchema, { nanoseconds: 7 }), { nanoseconds: 7n });
});

// ---------------------------------------------------------------------------------------------
// Output rules

test('explicit proto defaults are written when unset; deprecated ones and empty repeated fields are not', () => {
  assert.is(
    encodeMessage(FrameworkInfoSchema, { user: 'u', name: 'n', roles: [] }),
    '{"user":"u","name":"n","failover_timeout":0.0,"checkpoint":false}',
  );
  assert.is(encodeMessage(CommandInfoSchema, {}), '{"shell":true}');
  assert.is(encodeMessage(FiltersSchema, {}), '{"refuse_seconds":5.0}');
  assert.is(encodeMessage(MasterInfoSchema, { id: 'm', ip: 1 } as never), '{"id":"m","ip":1,"port":5050}');
  assert.is(encodeMessage(FrameworkInfoSchema, { user: 'u', name: 'n', role: 'eng' }), '{"user":"u","name":"n","failover_timeout":0.0,"checkpoint":false,"role":"eng"}');
});

test('doubles keep a decimal point, non-finite values are strings Mesos reads back', () => {
  assert.is(formatDouble(5), '5.0');
  assert.is(formatDouble(-0), '0.0');
  assert.is(formatDouble(0.1), '0.1');
  assert.is(formatDouble(1700000000.123), '1700000000.123');
  assert.is(formatDouble(1e21), '1e+21');
  assert.is(formatDouble(Infinity), '"Infinity"');
  assert.is(formatDouble(NaN), '"NaN"');
  assert.is(encodeMessage(FiltersSchema, { refuse_seconds: 15 }), '{"refuse_seconds":15.0}');
});

test('non-ASCII is escaped as \\uXXXX and no raw newline or control character is written', () => {
  const message = 'héllo\nwörld\r\t\u0001 \u2028 😀 "q" \\';
  const out = encodeMessage(EventSchema, { type: 'ERROR', error: { message } });
  assert.ok(/^[\x20-\x7e]*$/.test(out), out);
  assert.not.ok(out.includes('\n'));
  assert.ok(out.includes('h\\u00e9llo\\nw\\u00f6rld\\r\\t\\u0001 \\u2028 \\ud83d\\ude00'));
  assert.is(parseMessage(EventSchema, out).error!.message, message);
  assert.is(quote('日本'), '"\\u65e5\\u672c"');
});

test('encoding a value that does not fit its schema throws EncodeError with the field path', () => {
  const bad = { type: 'KILL', kill: { task_id: { value: 5 } } } as unknown as Call;
  try {
    encodeMessage(CallSchema, bad);
    assert.unreachable();
  } catch (e) {
    assert.instance(e, EncodeError);
    assert.is((e as EncodeError).path, 'call.kill.task_id.value');
  }
  const badEnum = { type: 'WHATEVER' } as unknown as Call;
  assert.throws(() => encodeMessage(CallSchema, badEnum), /call\.type/);
  const badList = { name: 'a', task_id: { value: 'a' }, agent_id: { value: 's' }, resources: [{ name: 'cpus', type: 'SCALAR', scalar: { value: '1' } }] };
  assert.throws(() => encodeMessage(TaskInfoSchema, badList as unknown as TaskInfo), /task_info\.resources\[0\]\.scalar\.value: expected number/);
});

test('stringifyJson: bigint and JsonNumber exact, ASCII only, undefined members skipped', () => {
  assert.is(
    stringifyJson({ a: NS, b: new JsonNumber('1.50'), c: 'é\n', d: undefined, e: [undefined, 1], f: new Uint8Array([1, 2]) }),
    `{"a":${NS},"b":1.50,"c":"\\u00e9\\n","e":[null,1],"f":"AQI="}`,
  );
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.throws(() => stringifyJson(cyclic), /cyclic/);
});

// ---------------------------------------------------------------------------------------------
// parseJson

test('parseJson keeps numbers as text and builds null-prototype objects', () => {
  const v = parseJson('{"n":1501191957829317120,"f":-1.5e-3,"s":"\\u00e9\\ud83d\\ude00\\/","a":[true,false,null],"o":{}}') as Record<string, unknown>;
  assert.instance(v.n, JsonNumber);
  assert.is((v.n as JsonNumber).text, '1501191957829317120');
  assert.is((v.f as JsonNumber).text, '-1.5e-3');
  assert.is(v.s, 'é😀/');
  assert.equal(v.a, [true, false, null]);
  assert.is(Object.getPrototypeOf(v), null);
});

test('parseJson reads UTF-8 bytes, skips a BOM, rejects invalid UTF-8', () => {
  assert.equal(Object.entries(parseJson(Buffer.from('\ufeff{"k":"ü"}', 'utf8')) as object), [['k', 'ü']]);
  assert.throws(() => parseJson(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d])), (e: unknown) => e instanceof JsonSyntaxError && /UTF-8/.test(e.message));
});

test('parseJson is strict: each malformed input is a JsonSyntaxError with a position', () => {
  const bad = [
    '',
    '{"a":1,}',
    '[1,]',
    '{"a":1} x',
    '{a:1}',
    "{'a':1}",
    '{"a":01}',
    '{"a":1.}',
    '{"a":.5}',
    '{"a":+1}',
    '{"a":1e}',
    '{"a":"x',
    '{"a":"\\x"}',
    '{"a":"\\u12g4"}',
    '{"a":"line\nbreak"}',
    '// c\n{}',
    '{"a":tru}',
    '{"a" 1}',
    '[1 2]',
    'NaN',
  ];
  for (const text of bad) {
    assert.throws(
      () => parseJson(text),
      (e: unknown) => e instanceof JsonSyntaxError && e.code === 'PLT_ERR_API_JSON' && typeof e.position === 'number',
      JSON.stringify(text),
    );
  }
});

test('parseJson limits nesting depth instead of overflowing the stack', () => {
  const deep = '['.repeat(MAX_JSON_DEPTH + 5) + ']'.repeat(MAX_JSON_DEPTH + 5);
  assert.throws(() => parseJson(deep), /nested deeper/);
  const ok = '['.repeat(100) + ']'.repeat(100);
  assert.ok(Array.isArray(parseJson(ok)));
});

test.run();
