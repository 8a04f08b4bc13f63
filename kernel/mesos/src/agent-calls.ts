/**
 * The agent's operator API (`POST /api/v1` on an agent, `mesos.v1.agent.Call`): the calls Plateau
 * serves, their schemas, validation and parsing, and the ProcessIO records of its streaming
 * answers. Other call types decode (their names are known) and are answered 501 by the agent.
 */
import { enumType, message, opt, quote, req, type Issue } from './json';
import { CommandInfoSchema, ContainerIDSchema, ContainerInfoSchema } from './schema';
import type { CommandInfo, ContainerID, ContainerInfo } from './types';
import { parseCall, type ParsedCall } from './validate';

/** mesos.v1.agent.Call.Type (every name, so that an unserved call is 501 rather than 400). */
export const AgentCall_Type = {
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
  GET_CONTAINERS: 10,
  GET_FRAMEWORKS: 11,
  GET_EXECUTORS: 12,
  GET_OPERATIONS: 31,
  GET_TASKS: 13,
  GET_AGENT: 20,
  GET_RESOURCE_PROVIDERS: 26,
  LAUNCH_NESTED_CONTAINER: 14,
  WAIT_NESTED_CONTAINER: 15,
  KILL_NESTED_CONTAINER: 16,
  REMOVE_NESTED_CONTAINER: 21,
  LAUNCH_NESTED_CONTAINER_SESSION: 17,
  ATTACH_CONTAINER_INPUT: 18,
  ATTACH_CONTAINER_OUTPUT: 19,
  LAUNCH_CONTAINER: 22,
  WAIT_CONTAINER: 23,
  KILL_CONTAINER: 24,
  REMOVE_CONTAINER: 25,
  ADD_RESOURCE_PROVIDER_CONFIG: 27,
  UPDATE_RESOURCE_PROVIDER_CONFIG: 28,
  REMOVE_RESOURCE_PROVIDER_CONFIG: 29,
  MARK_RESOURCE_PROVIDER_GONE: 32,
  PRUNE_IMAGES: 30,
} as const;
/** An agent call type. */
export type AgentCall_Type = keyof typeof AgentCall_Type;

/** GET_CONTAINERS. */
export interface AgentCall_GetContainers {
  show_nested?: boolean;
  show_standalone?: boolean;
}
/** LIST_FILES. */
export interface AgentCall_ListFiles {
  path: string;
}
/** READ_FILE. */
export interface AgentCall_ReadFile {
  path: string;
  offset: number;
  length?: number;
}
/** LAUNCH_NESTED_CONTAINER_SESSION. */
export interface AgentCall_LaunchNestedContainerSession {
  container_id: ContainerID;
  command?: CommandInfo;
  container?: ContainerInfo;
}
/** ATTACH_CONTAINER_OUTPUT, WAIT_CONTAINER, REMOVE_CONTAINER. */
export interface AgentCall_ContainerRef {
  container_id: ContainerID;
}
/** KILL_CONTAINER. */
export interface AgentCall_KillContainer {
  container_id: ContainerID;
  signal?: number;
}

/** mesos.v1.agent.Call (the served subset of its fields). */
export interface AgentCall {
  type?: AgentCall_Type;
  list_files?: AgentCall_ListFiles;
  read_file?: AgentCall_ReadFile;
  get_containers?: AgentCall_GetContainers;
  launch_nested_container_session?: AgentCall_LaunchNestedContainerSession;
  attach_container_output?: AgentCall_ContainerRef;
  wait_container?: AgentCall_ContainerRef;
  kill_container?: AgentCall_KillContainer;
  remove_container?: AgentCall_ContainerRef;
}

export const AgentCall_TypeSchema = enumType('mesos.v1.agent.Call.Type', AgentCall_Type);
export const AgentCall_GetContainersSchema = message<AgentCall_GetContainers>('mesos.v1.agent.Call.GetContainers', {
  show_nested: opt('bool'),
  show_standalone: opt('bool'),
});
export const AgentCall_ListFilesSchema = message<AgentCall_ListFiles>('mesos.v1.agent.Call.ListFiles', { path: req('string') });
export const AgentCall_ReadFileSchema = message<AgentCall_ReadFile>('mesos.v1.agent.Call.ReadFile', {
  path: req('string'),
  offset: req('uint64n'),
  length: opt('uint64n'),
});
export const AgentCall_LaunchNestedContainerSessionSchema = message<AgentCall_LaunchNestedContainerSession>(
  'mesos.v1.agent.Call.LaunchNestedContainerSession',
  { container_id: req(() => ContainerIDSchema), command: opt(() => CommandInfoSchema), container: opt(() => ContainerInfoSchema) },
);
export const AgentCall_ContainerRefSchema = message<AgentCall_ContainerRef>('mesos.v1.agent.Call.ContainerRef', {
  container_id: req(() => ContainerIDSchema),
});
export const AgentCall_KillContainerSchema = message<AgentCall_KillContainer>('mesos.v1.agent.Call.KillContainer', {
  container_id: req(() => ContainerIDSchema),
  signal: opt('int32'),
});
export const AgentCallSchema = message<AgentCall>('mesos.v1.agent.Call', {
  type: opt(AgentCall_TypeSchema),
  list_files: opt(() => AgentCall_ListFilesSchema),
  read_file: opt(() => AgentCall_ReadFileSchema),
  get_containers: opt(() => AgentCall_GetContainersSchema),
  launch_nested_container_session: opt(() => AgentCall_LaunchNestedContainerSessionSchema),
  attach_container_output: opt(() => AgentCall_ContainerRefSchema),
  wait_container: opt(() => AgentCall_ContainerRefSchema),
  kill_container: opt(() => AgentCall_KillContainerSchema),
  remove_container: opt(() => AgentCall_ContainerRefSchema),
});

/** The body field each call with a body needs. */
const BODY: Partial<Record<AgentCall_Type, keyof AgentCall>> = {
  LIST_FILES: 'list_files',
  READ_FILE: 'read_file',
  LAUNCH_NESTED_CONTAINER_SESSION: 'launch_nested_container_session',
  ATTACH_CONTAINER_OUTPUT: 'attach_container_output',
  WAIT_CONTAINER: 'wait_container',
  KILL_CONTAINER: 'kill_container',
  REMOVE_CONTAINER: 'remove_container',
};

/** Checks an agent call: a type, and the body its type needs. */
export function validateAgentCall(call: AgentCall, root = 'call'): Issue[] {
  const issues: Issue[] = [];
  if (call.type === undefined) {
    issues.push({ path: `${root}.type`, message: "Expecting 'type' to be present" });
    return issues;
  }
  const field = BODY[call.type];
  if (field !== undefined && call[field] === undefined) issues.push({ path: `${root}.${field}`, message: `Expecting '${field}' to be present` });
  const session = call.launch_nested_container_session;
  if (call.type === 'LAUNCH_NESTED_CONTAINER_SESSION' && session) {
    if (!session.container_id.value) issues.push({ path: `${root}.launch_nested_container_session.container_id.value`, message: 'must not be empty' });
    if (session.container_id.parent === undefined) {
      issues.push({ path: `${root}.launch_nested_container_session.container_id.parent`, message: 'a session container must be nested: its parent is required' });
    }
    if (session.command === undefined) issues.push({ path: `${root}.launch_nested_container_session.command`, message: "Expecting 'command' to be present" });
  }
  return issues;
}

/**
 * Parses, decodes and validates an agent call body: invalid JSON, type errors and failed
 * validation → 400 naming the field; type UNKNOWN → 501.
 */
export function parseAgentCall(body: string | Uint8Array): ParsedCall<AgentCall> {
  return parseCall(body, AgentCallSchema, validateAgentCall, 'agent::Call');
}

/** A ProcessIO DATA record's JSON: `{"type":"DATA","data":{"type":"STDOUT","data":"<base64>"}}`. */
export function processIoData(stream: 'STDIN' | 'STDOUT' | 'STDERR', data: Uint8Array): string {
  return `{"type":"DATA","data":{"type":"${stream}","data":${quote(Buffer.from(data).toString('base64'))}}}`;
}

/** A ProcessIO HEARTBEAT control record's JSON. */
export function processIoHeartbeat(intervalNs: bigint): string {
  return `{"type":"CONTROL","control":{"type":"HEARTBEAT","heartbeat":{"interval":{"nanoseconds":${intervalNs}}}}}`;
}
