/**
 * SchedulerStream: the body of one SUBSCRIBE response. Each event is one RecordIO record written
 * with one `write`, so each record travels as exactly one HTTP chunk; records written during one
 * turn of the event loop go out together in one syscall (the socket is corked until the loop's
 * check phase). HEARTBEAT records follow every heartbeat interval. Records are JSON or protobuf
 * (`mesos.v1.scheduler.Event`), as the subscription negotiated.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { type BodyFormat, type Event, EventSchema, jsonRecord, messageRecord, SCHEDULER_EVENT } from '@plateau/mesos';

/** Bytes a slow scheduler may leave unread before its stream is closed (it must re-subscribe). */
export const MAX_UNREAD_BYTES = 256 * 1024 * 1024;

const HEARTBEAT_RECORDS: Record<BodyFormat, Buffer> = {
  json: messageRecord('json', EventSchema, { type: 'HEARTBEAT' }),
  protobuf: messageRecord('protobuf', EventSchema, { type: 'HEARTBEAT' }),
};

/** SchedulerStream: one framework's event stream. */
export class SchedulerStream {
  /** The `Mesos-Stream-Id` of this subscription. */
  readonly id: string = randomUUID();
  private closed = false;
  private corked = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private closeHandlers: (() => void)[] = [];

  constructor(
    private readonly res: ServerResponse,
    heartbeatMs: number,
    /** The encoding of the records. */
    readonly format: BodyFormat = 'json',
  ) {
    res.on('close', () => this.onClosed());
    if (heartbeatMs > 0) {
      this.heartbeat = setInterval(() => this.sendRecord(HEARTBEAT_RECORDS[this.format]), heartbeatMs);
      this.heartbeat.unref();
    }
  }

  /** Whether the stream is still open. */
  get open(): boolean {
    return !this.closed;
  }

  /** Calls `fn` once when the stream closes, from either side. */
  onClose(fn: () => void): void {
    if (this.closed) fn();
    else this.closeHandlers.push(fn);
  }

  /** Sends one event. */
  send(event: Event): void {
    if (!this.closed) this.sendRecord(messageRecord(this.format, EventSchema, event));
  }

  /** Sends one event given as its Mesos JSON text (already encoded by the caller). */
  sendJson(eventJson: string): void {
    if (!this.closed) this.sendRecord(jsonRecord(this.format, SCHEDULER_EVENT, eventJson));
  }

  /** Sends one already framed record, in this stream's encoding. */
  private sendRecord(record: Buffer): void {
    if (this.closed) return;
    const socket = this.res.socket;
    if (!this.corked && socket) {
      this.corked = true;
      socket.cork();
      setImmediate(() => {
        this.corked = false;
        socket.uncork();
      });
    }
    this.res.write(record);
    if (this.res.writableLength > MAX_UNREAD_BYTES) this.close();
  }

  /** Sends ERROR with `message`, then closes (the scheduler must not use this subscription again). */
  error(message: string): void {
    this.send({ type: 'ERROR', error: { message } });
    this.close();
  }

  /** Ends the response; the framework sees its stream end. */
  close(): void {
    if (this.closed) return;
    this.res.end();
    this.onClosed();
  }

  private onClosed(): void {
    if (this.closed && this.closeHandlers.length === 0) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    const handlers = this.closeHandlers;
    this.closeHandlers = [];
    for (const h of handlers) h();
  }
}
