/**
 * An agent's HTTP API: `/state`, `/monitor/statistics`, `/files/read` (a sandbox file from an
 * offset, Mesos style), and the v1 agent API's nested container calls
 * (LAUNCH_NESTED_CONTAINER_SESSION, ATTACH_CONTAINER_OUTPUT, WAIT_NESTED_CONTAINER) whose
 * answers are RecordIO streams of ProcessIO records.
 */
import { randomUUID } from 'node:crypto';
import { ClientError, getJson, postJson } from './http';
import { RecordStream } from './stream';

/** A Mesos ContainerID: a nested container's names its parent, at any depth. */
export interface ContainerIdChain {
  value: string;
  parent?: ContainerIdChain;
}

/** A chunk of a file read through /files/read. */
export interface FileChunk {
  data: string;
  offset: number;
}

/** Output of a container session, one piece at a time. */
export interface OutputPiece {
  stream: 'STDOUT' | 'STDERR';
  data: Buffer;
}

/** A client of one agent. */
export class AgentClient {
  constructor(readonly address: string) {}

  state(): Promise<any> {
    return getJson(this.address, '/state');
  }

  statistics(): Promise<any[]> {
    return getJson(this.address, '/monitor/statistics');
  }

  /** Reads up to `length` bytes of `path` from `offset` (offset -1: just the file's size). */
  async readFile(path: string, offset: number, length = 64 * 1024): Promise<FileChunk> {
    const q = new URLSearchParams({ path, offset: String(offset), length: String(length) });
    const r = await getJson(this.address, `/files/read?${q.toString()}`);
    return { data: String(r.data ?? ''), offset: Number(r.offset ?? offset) };
  }

  /** Reads a whole file from `offset` to its current end. */
  async readAll(path: string, offset = 0): Promise<FileChunk> {
    let data = '';
    let at = offset;
    for (;;) {
      const c = await this.readFile(path, at);
      if (c.data.length === 0) return { data, offset: at };
      data += c.data;
      at = c.offset + Buffer.byteLength(c.data, 'utf8');
    }
  }

  /**
   * Launches `command` as a nested container of `parentContainerId` with its output streamed
   * back (LAUNCH_NESTED_CONTAINER_SESSION); resolves with the output stream and the nested id.
   */
  async launchSession(parent: string | ContainerIdChain, command: { shell: boolean; value?: string; arguments?: string[] }, tty: boolean | { rows: number; columns: number } = false): Promise<{ containerId: string; output: RecordStream }> {
    const containerId = randomUUID();
    const body = {
      type: 'LAUNCH_NESTED_CONTAINER_SESSION',
      launch_nested_container_session: {
        // A nested parent (a pod's task) goes with its whole chain of parents.
        container_id: { value: containerId, parent: typeof parent === 'string' ? { value: parent } : parent },
        command,
        // A terminal (of the given size): its input goes through ATTACH_CONTAINER_INPUT.
        ...(tty ? { container: { type: 'MESOS', tty_info: typeof tty === 'object' ? { window_size: tty } : {} } } : {}),
      },
    };
    const output = await RecordStream.open(this.address, '/api/v1', body, { Accept: 'application/recordio', 'Message-Accept': 'application/json' });
    return { containerId, output };
  }

  /** Attaches to a container's output (ATTACH_CONTAINER_OUTPUT). */
  attachOutput(containerId: string | ContainerIdChain, parent?: string): Promise<RecordStream> {
    const id = typeof containerId !== 'string' ? containerId : parent ? { value: containerId, parent: { value: parent } } : { value: containerId };
    return RecordStream.open(this.address, '/api/v1', { type: 'ATTACH_CONTAINER_OUTPUT', attach_container_output: { container_id: id } }, { Accept: 'application/recordio', 'Message-Accept': 'application/json' });
  }

  /**
   * Waits for a (nested) container to end and returns its wait status: WAIT_CONTAINER, or
   * WAIT_NESTED_CONTAINER on agents that only know the older call.
   */
  async waitContainer(containerId: string, parent?: string): Promise<number | undefined> {
    const id = parent ? { value: containerId, parent: { value: parent } } : { value: containerId };
    const day = 24 * 3600_000;
    let r: any;
    try {
      r = await postJson(this.address, '/api/v1', { type: 'WAIT_CONTAINER', wait_container: { container_id: id } }, day);
    } catch (err) {
      const status = (err as ClientError).status;
      if (status !== 400 && status !== 501) throw err;
      r = await postJson(this.address, '/api/v1', { type: 'WAIT_NESTED_CONTAINER', wait_nested_container: { container_id: id } }, day);
    }
    const s = r.wait_container?.exit_status ?? r.wait_nested_container?.exit_status;
    return typeof s === 'number' ? s : undefined;
  }
}

/** The output piece a ProcessIO record carries, if any. */
export function outputOf(record: any): OutputPiece | undefined {
  if (record?.type !== 'DATA' || !record.data) return undefined;
  const t = record.data.type;
  if (t !== 'STDOUT' && t !== 'STDERR') return undefined;
  return { stream: t, data: Buffer.from(String(record.data.data ?? ''), 'base64') };
}

/** Exit code of a wait status (waitpid encoding): the exit code, or 128 + the signal. */
export function exitCodeOf(status: number | undefined): number {
  if (status === undefined) return 1;
  const signal = status & 0x7f;
  return signal === 0 ? (status >> 8) & 0xff : 128 + signal;
}

/** Throws a ClientError saying the agent lacks `what` when an answer was 404/501. */
export function missingOnAgent(err: unknown, what: string, agent: string): never {
  const status = (err as ClientError).status;
  if (status === 404 || status === 501) throw new ClientError(`agent ${agent} does not offer ${what} (answered ${status})`, status);
  throw err;
}
