/**
 * A Mesos v1 HTTP scheduler client for production use (the CLI's built-in framework): SUBSCRIBE
 * (optionally as an existing framework, a failover), then calls carrying the framework id and
 * the Mesos-Stream-Id of the subscription.
 */
import { answerError } from './credentials';
import { ClientError, request, type HttpResult } from './http';
import { endpointOf } from './tls';
import { RecordStream } from './stream';

/** A scheduler event as JSON. */
export type SchedulerEvent = { type: string } & Record<string, any>;

/** A subscribed framework. */
export class SchedulerSession {
  private constructor(
    readonly master: string,
    readonly stream: RecordStream<SchedulerEvent>,
    readonly streamId: string,
    readonly frameworkId: string,
    /** The SUBSCRIBED event. */
    readonly subscribed: SchedulerEvent,
  ) {}

  /**
   * Subscribes `frameworkInfo` (JSON, Mesos field names) at `master`; resolves after SUBSCRIBED,
   * rejects with the ERROR event's message, an HTTP error, or after `timeoutMs`.
   */
  static async subscribe(master: string, frameworkInfo: Record<string, unknown>, timeoutMs = 15_000): Promise<SchedulerSession> {
    const id = (frameworkInfo.id as { value?: string } | undefined)?.value;
    const call: Record<string, unknown> = { type: 'SUBSCRIBE', subscribe: { framework_info: frameworkInfo } };
    if (id) call.framework_id = { value: id };
    const stream = await RecordStream.open<SchedulerEvent>(master, '/api/v1/scheduler', call, {}, timeoutMs);
    for (;;) {
      let e: SchedulerEvent | undefined;
      try {
        e = await stream.next(timeoutMs);
      } catch (err) {
        stream.close();
        throw err;
      }
      if (e === undefined) throw new ClientError(`master ${master} closed the event stream before SUBSCRIBED`);
      if (e.type === 'ERROR') {
        stream.close();
        throw new ClientError(`SUBSCRIBE refused: ${e.error?.message ?? 'no reason given'}`);
      }
      if (e.type === 'SUBSCRIBED') return new SchedulerSession(master, stream, String(stream.headers['mesos-stream-id'] ?? ''), e.subscribed.framework_id.value as string, e);
    }
  }

  /** The next event (HEARTBEATs included), undefined when the stream ended. */
  next(timeoutMs?: number): Promise<SchedulerEvent | undefined> {
    return this.stream.next(timeoutMs);
  }

  /** Sends a call (framework_id added); answers other than 202 are errors. */
  async call(call: Record<string, unknown>): Promise<HttpResult> {
    const r = await request(this.master, 'POST', '/api/v1/scheduler', {
      body: { framework_id: { value: this.frameworkId }, ...call },
      headers: { 'Mesos-Stream-Id': this.streamId },
    });
    if (r.status !== 202 && r.status !== 200) throw answerError(String(call.type), `${endpointOf(this.master).origin}/api/v1/scheduler`, r.status, r.body);
    return r;
  }

  /** Acknowledges an update when it carries a uuid (reconciliation answers do not). */
  async acknowledge(status: any): Promise<void> {
    if (!status?.uuid) return;
    await this.call({ type: 'ACKNOWLEDGE', acknowledge: { agent_id: status.agent_id, task_id: status.task_id, uuid: status.uuid } });
  }

  /** Declines offers (refused for `refuseSeconds`). */
  async decline(offerIds: unknown[], refuseSeconds = 5): Promise<void> {
    if (offerIds.length === 0) return;
    await this.call({ type: 'DECLINE', decline: { offer_ids: offerIds, filters: { refuse_seconds: refuseSeconds } } });
  }

  /** Tears the framework down (its tasks are killed) and closes the stream. */
  async teardown(): Promise<void> {
    try {
      await this.call({ type: 'TEARDOWN' });
    } finally {
      this.stream.close();
    }
  }

  /** Closes the event stream (the framework disconnects; it fails over or times out). */
  close(): void {
    this.stream.close();
  }
}

/** Terminal task states. */
export const TERMINAL_STATES = new Set(['TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_LOST', 'TASK_ERROR', 'TASK_DROPPED', 'TASK_GONE', 'TASK_GONE_BY_OPERATOR']);
