/**
 * The operator event streams of one master (opened by SUBSCRIBE, operator/subscribe.ts). Each is
 * the answer 200 with a chunked body of RecordIO-framed `mesos.v1.master.Event`s, JSON or
 * protobuf as Accept chose (`Content-Type` says which; no Mesos-Stream-Id): SUBSCRIBED with the
 * whole state first, then TASK_ADDED, TASK_UPDATED, AGENT_ADDED, AGENT_REMOVED,
 * FRAMEWORK_ADDED, FRAMEWORK_UPDATED and FRAMEWORK_REMOVED as the books change, and HEARTBEAT
 * every heartbeat interval. Each record is written with one `write`, so it is one HTTP chunk.
 * Offers and offered or allocated resources are never part of an event. At most
 * MAX_SUBSCRIBERS streams at once (Mesos --max_operator_event_stream_subscribers); beyond, 503.
 *
 * With an authorizer, a stream shows its caller only what it may view, as GET_STATE does: its
 * SUBSCRIBED state is filtered, and each event about a framework, task or agent goes through the
 * stream's StreamViewer (which asks the authorizer about anything new) in order, so a filtered
 * stream's events keep their order. Streams without a viewer are written at once, as before.
 */
import type { ServerResponse } from 'node:http';
import { AgentInfoSchema, type BodyFormat, encodeMessage, formatMediaType, jsonRecord, MASTER_EVENT, MasterResponse_GetFrameworks_FrameworkSchema } from '@plateau/mesos';
import type { StreamViewer } from '../authz-views';
import type { MasterCore } from '../core';
import type { AgentRecord, FrameworkRecord, TaskRecord } from '../state/index';
import { JsonSink } from '../views/sink';
import { captureTasks, frameworkV1, snapshotState, type TaskList, writeState, writeTaskList } from '../views/v1';
import { idJson, quote, resourcesJson, timeInfoJson } from '../views/json';

/** Mesos's default --max_operator_event_stream_subscribers. */
export const MAX_SUBSCRIBERS = 1000;

/** Bytes a slow subscriber may leave unread before its stream is closed. */
const MAX_UNREAD_BYTES = 64 * 1024 * 1024;

/** One RecordIO record of an event given as its JSON text, in `format`. */
function record(format: BodyFormat, json: string | Buffer): Buffer {
  return jsonRecord(format, MASTER_EVENT, json);
}

const HEARTBEATS: Record<BodyFormat, Buffer> = { json: record('json', '{"type":"HEARTBEAT"}'), protobuf: record('protobuf', '{"type":"HEARTBEAT"}') };

/** One open stream. */
interface Subscriber {
  format: BodyFormat;
  /** Set once made, for a stream whose caller's view is filtered. */
  viewer: StreamViewer | undefined;
  /** A filtered stream's events, decided and written one after another (undefined: unfiltered). */
  queue: Promise<void> | undefined;
}

/** Whether a filtered stream's caller may see what an event is about. */
type MayView = (viewer: StreamViewer) => boolean | Promise<boolean>;

/** The subscribers of one master and what they are told. */
export class OperatorEvents {
  /** Open streams. */
  private readonly streams = new Map<ServerResponse, Subscriber>();
  /** Streams whose SUBSCRIBED is still being written, with the events held for after it. */
  private readonly waiting = new Map<ServerResponse, Buffer[]>();

  constructor(private readonly m: Pick<MasterCore, 'state' | 'opts' | 'leading'>) {}

  /** Open streams. */
  get size(): number {
    return this.streams.size;
  }

  /**
   * Starts a stream on `res`: headers, SUBSCRIBED (the state as of now), then events and
   * heartbeats until it closes. Events of changes after the snapshot wait until SUBSCRIBED is out.
   * `viewer` makes the filter of a caller who may not see everything: the stream takes events
   * from before it is asked for, so that nothing made meanwhile is missed.
   */
  async open(res: ServerResponse, format: BodyFormat = 'json', viewer?: () => Promise<StreamViewer>): Promise<void> {
    res.writeHead(200, { 'Content-Type': formatMediaType(format), 'Cache-Control': 'no-cache' });
    res.flushHeaders();
    const pending: Buffer[] = [];
    this.waiting.set(res, pending);
    const sub: Subscriber = { format, viewer: undefined, queue: undefined };
    this.streams.set(res, sub);
    if (viewer !== undefined) {
      const made = viewer();
      sub.queue = made.then((v) => {
        sub.viewer = v;
      });
      sub.viewer = await made;
    }
    const snap = snapshotState(this.m.state, sub.viewer?.decisions);
    const sink = new JsonSink();
    sink.push(`{"type":"SUBSCRIBED","subscribed":{"get_state":`);
    await writeState(snap, sink);
    sink.push(`,"heartbeat_interval_seconds":${this.m.opts.heartbeatIntervalMs / 1000}}}`);
    const { chunks, length } = sink.finish();
    this.waiting.delete(res);
    if (res.destroyed || res.writableEnded) {
      this.streams.delete(res);
      return;
    }
    res.write(record(format, Buffer.concat(chunks, length)));
    for (const rec of pending) this.write(res, rec);
    const beat = setInterval(() => (this.m.leading ? this.write(res, HEARTBEATS[format]) : this.closeAll()), Math.max(1, this.m.opts.heartbeatIntervalMs));
    beat.unref();
    res.on('close', () => {
      clearInterval(beat);
      this.streams.delete(res);
    });
  }

  /** Ends every stream (leadership lost, master stopping). */
  closeAll(): void {
    for (const res of this.streams.keys()) res.end();
    this.streams.clear();
    this.waiting.clear();
  }

  private write(res: ServerResponse, rec: Buffer): void {
    if (res.writableEnded || res.destroyed) return;
    const held = this.waiting.get(res);
    if (held !== undefined) {
      held.push(rec);
      return;
    }
    res.write(rec);
    if (res.writableLength > MAX_UNREAD_BYTES) res.destroy();
  }

  /** Tells every stream `json`; a filtered stream only when `may` says its caller may view it. */
  private broadcast(json: string, may: MayView): void {
    if (this.streams.size === 0) return;
    // A stream of a master that no longer leads ends: a new leader's books are not this one's.
    if (!this.m.leading) return this.closeAll();
    // Each encoding of the event is made once, for all the streams that take it.
    const recs: Partial<Record<BodyFormat, Buffer>> = {};
    const rec = (format: BodyFormat) => (recs[format] ??= record(format, json));
    for (const [res, sub] of this.streams) {
      if (sub.queue === undefined) {
        this.write(res, rec(sub.format));
        continue;
      }
      // A stream whose events cannot be decided ends rather than skip or reorder any.
      sub.queue = sub.queue
        .then(async () => {
          if (await may(sub.viewer!)) this.write(res, rec(sub.format));
        })
        .catch(() => {
          res.destroy();
        });
    }
  }

  taskAdded(task: TaskRecord): void {
    if (this.streams.size === 0) return;
    const list: TaskList = [];
    captureTasks([task], list);
    const sink = new JsonSink();
    sink.push('{"type":"TASK_ADDED","task_added":{"task":');
    // A JsonSink never blocks, so the task is written before this call returns.
    void writeTaskList(list, sink);
    sink.push('}}');
    this.broadcast(sink.toString(), (v) => v.task(task));
  }

  taskUpdated(task: TaskRecord): void {
    if (this.streams.size === 0) return;
    const status = task.latestStatusJson;
    let s = `{"type":"TASK_UPDATED","task_updated":{"framework_id":${idJson(task.framework.id)}`;
    if (status !== undefined) s += `,"status":${status}`;
    this.broadcast(`${s},"state":"${task.state}"}}`, (v) => v.task(task));
  }

  agentAdded(agent: AgentRecord): void {
    if (this.streams.size === 0) return;
    // Events carry no allocated or offered resources.
    let s = `{"agent_info":${encodeMessage(AgentInfoSchema, agent.info)},"active":${agent.connected && !agent.deactivated},"deactivated":${agent.deactivated}`;
    s += `,"version":${quote(agent.version)},"pid":${quote(agent.pid)},"registered_time":${timeInfoJson(agent.registeredTime)}`;
    if (agent.reregisteredTime !== undefined) s += `,"reregistered_time":${timeInfoJson(agent.reregisteredTime)}`;
    const total = resourcesJson(agent.total);
    if (total !== '') s += `,"total_resources":${total}`;
    if (agent.capabilities.length > 0) s += `,"capabilities":[${agent.capabilities.map((c) => `{"type":"${c.type ?? 'UNKNOWN'}"}`).join(',')}]`;
    this.broadcast(`{"type":"AGENT_ADDED","agent_added":{"agent":${s}}}}`, (v) => v.agent(agent));
  }

  agentRemoved(agentId: string): void {
    this.broadcast(`{"type":"AGENT_REMOVED","agent_removed":{"agent_id":${idJson(agentId)}}}`, (v) => v.agentShown(agentId));
  }

  frameworkChanged(fw: FrameworkRecord, type: 'FRAMEWORK_ADDED' | 'FRAMEWORK_UPDATED'): void {
    if (this.streams.size === 0) return;
    const view = frameworkV1(fw);
    delete view.offers;
    delete view.inverse_offers;
    delete view.allocated_resources;
    delete view.offered_resources;
    const field = type.toLowerCase();
    this.broadcast(`{"type":"${type}","${field}":{"framework":${encodeMessage(MasterResponse_GetFrameworks_FrameworkSchema, view)}}}`, (v) => v.framework(fw));
  }

  frameworkRemoved(fw: FrameworkRecord): void {
    if (this.streams.size === 0) return;
    this.broadcast(`{"type":"FRAMEWORK_REMOVED","framework_removed":{"framework_info":${fw.infoJson}}}`, (v) => v.framework(fw));
  }
}
