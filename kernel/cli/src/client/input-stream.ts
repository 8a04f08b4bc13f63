/**
 * The agent API's ATTACH_CONTAINER_INPUT: one long POST whose body is RecordIO of JSON agent
 * Calls, written as they come: first the CONTAINER_ID record, then ProcessIO records (STDIN data,
 * an empty one closing stdin; TTY_INFO window sizes). The agent answers when the body ends.
 */
import { encodeRecord } from '@plateau/mesos';
import { answerError, authorizationHeader } from './credentials';
import { ClientError, transportOf } from './http';
import type { ContainerIdChain } from './agent';
import { describeConnectionError, endpointOf } from './tls';

/** An open input stream to a session. */
export class ContainerInput {
  private constructor(
    private readonly req: import('node:http').ClientRequest,
    /** Settles with the agent's answer once the stream has ended (rejects with an error answer). */
    readonly done: Promise<void>,
  ) {}

  /** Opens the stream to `containerId`'s stdin and terminal. */
  static open(address: string, containerId: ContainerIdChain): ContainerInput {
    const ep = endpointOf(address);
    const transport = transportOf(ep, false);
    const authorization = authorizationHeader();
    let req!: import('node:http').ClientRequest;
    const done = new Promise<void>((resolve, reject) => {
      req = transport.request(
        {
          ...transport.options,
          method: 'POST',
          path: '/api/v1',
          headers: {
            'Content-Type': 'application/recordio',
            'Message-Content-Type': 'application/json',
            Accept: 'application/json',
            'Transfer-Encoding': 'chunked',
            ...(authorization === undefined ? {} : { Authorization: authorization }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            if (res.statusCode === 200 || res.statusCode === 202) resolve();
            else reject(answerError('ATTACH_CONTAINER_INPUT', `${ep.origin}/api/v1`, res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
          });
        },
      );
      req.on('error', (err) => reject(new ClientError(`POST ${ep.origin}/api/v1: ${describeConnectionError(err, ep)}`)));
    });
    done.catch(() => undefined);
    const input = new ContainerInput(req, done);
    input.write({ type: 'CONTAINER_ID', container_id: containerId });
    return input;
  }

  /** Bytes for the session's stdin. */
  send(data: Buffer): void {
    if (data.length > 0) this.write({ type: 'PROCESS_IO', process_io: { type: 'DATA', data: { type: 'STDIN', data: data.toString('base64') } } });
  }

  /** The terminal's new size. */
  resize(rows: number, columns: number): void {
    this.write({ type: 'PROCESS_IO', process_io: { type: 'CONTROL', control: { type: 'TTY_INFO', tty_info: { window_size: { rows, columns } } } } });
  }

  /** Closes the session's stdin and ends the stream. */
  end(): void {
    if (this.req.writableEnded) return;
    this.write({ type: 'PROCESS_IO', process_io: { type: 'DATA', data: { type: 'STDIN', data: '' } } });
    this.req.end();
  }

  /** Drops the stream (the session is over). */
  close(): void {
    this.req.destroy();
  }

  private write(attach: Record<string, unknown>): void {
    if (this.req.writableEnded || this.req.destroyed) return;
    this.req.write(encodeRecord(JSON.stringify({ type: 'ATTACH_CONTAINER_INPUT', attach_container_input: attach })));
  }
}
