/**
 * The output of a task `plateau task run` launched, shown as it comes: ATTACH_CONTAINER_OUTPUT on
 * the task's container (the agent sends the sandbox's stdout and stderr from their first byte,
 * until the container ends), then whatever the attach did not carry (the container ended before
 * the attach came, or the stream broke) from the sandbox files through /files/read, from where
 * the attach stopped. Both start at the files' beginning, so nothing written between the launch
 * and the attach is lost, even by a task that prints and exits at once.
 */
import { messageOf } from '@plateau/kernel';
import { AgentClient, type ClientError, type ContainerIdChain, outputOf, type RecordStream } from './client/index';

/** Which of the task's streams. */
export type OutputStream = 'stdout' | 'stderr';

/** Where a task's output is. */
export interface TaskOutputSource {
  /** The agent's `host:port`. */
  agent: string;
  /** The task's container (a pod's task: with its parent, the executor's container). */
  container: ContainerIdChain;
  /** The task's sandbox as the agent's /files/read names it. */
  sandbox: string;
  /** Put before each line (a pod's task name), or nothing. */
  prefix?: string;
}

/** How long the attach may take to end after the task's terminal state before the files are read instead. */
const ATTACH_END_GRACE_MS = 5000;

/** A container's run directory under its executor's `runs/`: a nested one (a pod's task) is in its parents' `containers/`. */
export function runPath(c: ContainerIdChain): string {
  return c.parent ? `${runPath(c.parent)}/containers/${c.value}` : c.value;
}

/** Mesos's virtual sandbox path of a container run by executor `executorId` of framework `frameworkId`. */
export function sandboxPath(frameworkId: string, executorId: string, container: ContainerIdChain): string {
  return `/frameworks/${frameworkId}/executors/${executorId}/runs/${runPath(container)}`;
}

/** Follows one task's output and writes it to `out` (the CLI's stdout and stderr by default). */
export class TaskOutput {
  private readonly agent: AgentClient;
  /** Bytes of each sandbox file shown so far: the attach and the files count alike. */
  private readonly shown: Record<OutputStream, number> = { stdout: 0, stderr: 0 };
  /** A prefixed stream's line not yet ended. */
  private readonly partial: Record<OutputStream, string> = { stdout: '', stderr: '' };
  private stream: RecordStream | undefined;
  private attached: Promise<void> = Promise.resolve();

  constructor(
    private readonly source: TaskOutputSource,
    private readonly out: Record<OutputStream, NodeJS.WritableStream> = { stdout: process.stdout, stderr: process.stderr },
  ) {
    this.agent = new AgentClient(source.agent);
  }

  /** Attaches to the container's output; a container already gone is read from its files by finish(). */
  start(): this {
    this.attached = (async () => {
      try {
        this.stream = await this.agent.attachOutput(this.source.container);
        for await (const record of this.stream) {
          const piece = outputOf(record);
          if (piece) this.emit(piece.stream === 'STDOUT' ? 'stdout' : 'stderr', piece.data);
        }
      } catch {
        // 404 (the container ended before the attach) or a broken stream: finish() reads the files.
      }
    })();
    return this;
  }

  /** Once the task is terminal: lets the attach end (bounded), then shows what the files have beyond it. */
  async finish(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.attached, new Promise((r) => (timer = setTimeout(r, ATTACH_END_GRACE_MS)))]);
    clearTimeout(timer);
    this.stream?.close();
    await this.attached;
    for (const f of ['stdout', 'stderr'] as const) {
      try {
        const c = await this.agent.readAll(`${this.source.sandbox}/${f}`, this.shown[f]);
        if (c.data) this.emit(f, Buffer.from(c.data, 'utf8'));
      } catch (err) {
        // No such file (a task that never started writes none): nothing more to show. Anything
        // else (refused, unreachable) is said, once per stream.
        if ((err as ClientError).status !== 404) this.out.stderr.write(`the task's ${f} cannot be shown: ${messageOf(err)}\n`);
      }
      if (this.partial[f]) this.out[f].write(`${this.source.prefix}${this.partial[f]}\n`);
      this.partial[f] = '';
    }
  }

  /** Stops following (Ctrl-C). */
  stop(): void {
    this.stream?.close();
  }

  private emit(f: OutputStream, data: Buffer): void {
    this.shown[f] += data.length;
    if (this.source.prefix === undefined) {
      this.out[f].write(data);
      return;
    }
    const lines = (this.partial[f] + data.toString('utf8')).split('\n');
    this.partial[f] = lines.pop()!;
    if (lines.length > 0) this.out[f].write(lines.map((l) => `${this.source.prefix}${l}\n`).join(''));
  }
}

/** The output followers of one `task run`: one per task (a pod's tasks each with their name before each line). */
export class RunOutputs {
  private readonly followers = new Map<string, TaskOutput>();

  constructor(
    private readonly frameworkId: string,
    private readonly agent: string,
    /** Task id → the prefix of its lines (pods), or none. */
    private readonly prefixes: Map<string, string> | undefined,
  ) {}

  /** Starts following a task once a status names its container and it runs (or has ended). */
  onStatus(status: any): void {
    const id = status.task_id?.value as string | undefined;
    const container = status.container_status?.container_id as ContainerIdChain | undefined;
    if (id === undefined || container?.value === undefined || this.followers.has(id)) return;
    // Before TASK_RUNNING the container may not exist yet (TASK_STARTING while its image is pulled).
    if (status.state === 'TASK_STAGING' || status.state === 'TASK_STARTING') return;
    const executorId = (status.executor_id?.value as string | undefined) ?? id;
    const prefix = this.prefixes?.get(id);
    this.followers.set(id, new TaskOutput({ agent: this.agent, container, sandbox: sandboxPath(this.frameworkId, executorId, container), ...(prefix === undefined ? {} : { prefix }) }).start());
  }

  /** After a task's terminal status: the rest of its output. */
  async finish(id: string): Promise<void> {
    await this.followers.get(id)?.finish();
  }

  /** Stops following every task. */
  stop(): void {
    for (const f of this.followers.values()) f.stop();
  }
}
