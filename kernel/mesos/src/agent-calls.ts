/**
 * The agent's operator API (`POST /api/v1` on an agent, `mesos.v1.agent.Call`): validation and
 * parsing of the calls Plateau serves (their types and tables are generated from
 * kernel/mesos/proto/mesos/v1/agent/agent.proto), and the ProcessIO records of its streaming
 * answers. Other call types decode (their names are known) and are answered 501 by the agent.
 */
import { encodeMessage, type Issue } from './json';
import { AgentCallSchema, AgentProcessIOSchema } from './generated/schema';
import type { AgentCall, AgentCall_Type } from './generated/types';
import type { BodyFormat } from './negotiate';
import { AGENT_PROCESS_IO, protoType } from './protobuf';
import { encodeRecord } from './recordio';
import { parseCall, type ParsedCall } from './validate';

/** The body field each call with a body needs. */
const BODY: Partial<Record<AgentCall_Type, keyof AgentCall>> = {
  SET_LOGGING_LEVEL: 'set_logging_level',
  LIST_FILES: 'list_files',
  READ_FILE: 'read_file',
  LAUNCH_NESTED_CONTAINER: 'launch_nested_container',
  WAIT_NESTED_CONTAINER: 'wait_nested_container',
  KILL_NESTED_CONTAINER: 'kill_nested_container',
  REMOVE_NESTED_CONTAINER: 'remove_nested_container',
  LAUNCH_NESTED_CONTAINER_SESSION: 'launch_nested_container_session',
  ATTACH_CONTAINER_INPUT: 'attach_container_input',
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
  const nested = call.type === 'LAUNCH_NESTED_CONTAINER' ? call.launch_nested_container : undefined;
  if (nested) {
    const at = `${root}.launch_nested_container.container_id`;
    if (!nested.container_id.value) issues.push({ path: `${at}.value`, message: 'must not be empty' });
    if (nested.container_id.parent === undefined) issues.push({ path: `${at}.parent`, message: 'a nested container needs its parent: container_id.parent is required' });
  }
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
 * Parses, decodes and validates an agent call body, JSON or protobuf: a malformed body, type
 * errors and failed validation → 400 naming the field; type UNKNOWN → 501.
 */
export function parseAgentCall(body: string | Uint8Array, format: BodyFormat = 'json'): ParsedCall<AgentCall> {
  return parseCall(body, AgentCallSchema, validateAgentCall, 'agent::Call', format);
}

/** A ProcessIO DATA record's JSON: `{"type":"DATA","data":{"type":"STDOUT","data":"<base64>"}}`. */
export function processIoData(stream: 'STDIN' | 'STDOUT' | 'STDERR', data: Uint8Array): string {
  return encodeMessage(AgentProcessIOSchema, { type: 'DATA', data: { type: stream, data } });
}

/** A ProcessIO HEARTBEAT control record's JSON. */
export function processIoHeartbeat(intervalNs: bigint): string {
  return encodeMessage(AgentProcessIOSchema, { type: 'CONTROL', control: { type: 'HEARTBEAT', heartbeat: { interval: { nanoseconds: intervalNs } } } });
}

/**
 * One RecordIO record of a ProcessIO DATA message in `format`: the JSON of processIoData, or its
 * protobuf encoding (`mesos.v1.agent.ProcessIO`), built straight from the bytes.
 */
export function processIoRecord(format: BodyFormat, stream: 'STDIN' | 'STDOUT' | 'STDERR', data: Uint8Array): Buffer {
  if (format === 'json') return encodeRecord(processIoData(stream, data));
  const t = protoType(AGENT_PROCESS_IO);
  return encodeRecord(t.encode(t.fromObject({ type: 'DATA', data: { type: stream, data } })).finish());
}
