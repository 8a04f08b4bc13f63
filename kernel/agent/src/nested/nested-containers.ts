/**
 * The agent's nested containers (Mesos LAUNCH/WAIT/KILL/REMOVE_NESTED_CONTAINER): containers
 * nested in a running task or executor container, or in another nested one, down to 32 levels.
 * Each runs through the containerizer's pipeline with `parent` set (namespaces, cgroup: see
 * containerizer/nested.ts), in its sandbox `<parent sandbox>/containers/<id>` with its own
 * stdout and stderr. Its record is checkpointed at `<workDir>/meta/nested/<id>.json` once it
 * runs, and again with its exit status: an exited container answers WAIT until it is removed.
 * When an ancestor ends, the containerizer destroys it first; after an agent restart it is
 * recovered with its parent, or destroyed (and recorded as exited) when its parent is gone.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandInfo, ContainerInfo, Resource, Value_Scalar } from '@plateau/mesos';
import { CONTAINER_ID_RE, type ContainerConfig, type ContainerState, type EnvVar, type Logger, messageOf } from '@plateau/kernel';
import type { CheckpointStore } from '../checkpoint';
import { configFromJson, configToJson, type ContainerTermination, type Containerizer, type RecoveredContainer } from '../containerizer/containerizer';
import { chainValues, type ContainerIdChain, depthOf, MAX_NESTING_DEPTH, nestedSandbox } from '../containerizer/nested';
import type { AgentContainer } from '../state';

/** A nested container the agent knows (running, or exited and not yet removed). */
export interface NestedContainer {
  /** Its ContainerID with the parent chain. */
  containerId: ContainerIdChain;
  /** The top-level container it is nested in (directly or not), and that one's executor. */
  topId: string;
  frameworkId: string;
  executorId: string;
  sandbox: string;
  phase: 'launching' | 'running' | 'exited';
  pid: number;
  launcherState: string;
  config?: ContainerConfig;
  createdAt: number;
  /** How it ended (phase exited). */
  termination?: ContainerTermination;
}

/** What to launch (LAUNCH_NESTED_CONTAINER's fields, and what the agent adds). */
export interface NestedLaunch {
  containerId: ContainerIdChain;
  command?: CommandInfo;
  container?: ContainerInfo;
  resources?: Resource[];
  limits?: Record<string, Value_Scalar>;
  /** Extra variables (the agent's MESOS_* ones are set here). */
  environment?: EnvVar[];
  /** User to run as (defaults to command.user). */
  user?: string;
}

/** A nested container call that cannot be served: `status` is the HTTP answer's. */
export class NestedContainerError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

/** What NestedContainers needs of the agent. */
export interface NestedHost {
  log: Logger;
  containerizer: Containerizer;
  /** The agent's checkpoint (`<workDir>/meta`). */
  store(): CheckpointStore;
  /** The agent's top-level containers. */
  containers: Map<string, AgentContainer>;
  agentId(): string;
  /** Whether the agent is going away (destroying or leaving its containers): exits are not recorded then. */
  leaving(): boolean;
}

interface NestedJson extends Omit<NestedContainer, 'config'> {
  config?: unknown;
}

/** The agent's nested containers, by id value (unique on the agent). */
export class NestedContainers {
  private readonly byId = new Map<string, NestedContainer>();
  /** Resolves with the termination of a running container once it is recorded. */
  private readonly ends = new Map<string, Promise<ContainerTermination>>();

  constructor(private readonly host: NestedHost) {}

  get(id: string): NestedContainer | undefined {
    return this.byId.get(id);
  }

  all(): NestedContainer[] {
    return [...this.byId.values()];
  }

  /** The ids of the containers nested directly in `id`. */
  childrenOf(id: string): string[] {
    return this.all().filter((n) => n.containerId.parent?.value === id).map((n) => n.containerId.value);
  }

  /** The ids of the container's ancestors, innermost first (the top-level one last). */
  ancestorsOf(id: string): string[] {
    const n = this.byId.get(id);
    return n ? chainValues(n.containerId).slice(0, -1).reverse() : [];
  }

  /** Whether `id` names a running container (top-level or nested) of this agent. */
  running(id: string): boolean {
    const top = this.host.containers.get(id);
    if (top !== undefined) return top.phase === 'running' && this.host.containerizer.has(id);
    const n = this.byId.get(id);
    return n?.phase === 'running' && this.host.containerizer.has(id);
  }

  /**
   * Launches a nested container; resolves once it runs. NestedContainerError: 400 for a bad id
   * or a chain past 32 levels or a launch that failed (naming the step), 404 for a parent that is
   * not running here (or a chain that does not match it), 409 for an id in use.
   */
  async launch(req: NestedLaunch): Promise<NestedContainer> {
    const cid = req.containerId;
    const id = cid.value;
    if (!CONTAINER_ID_RE.test(id) || id === '.' || id === '..') throw new NestedContainerError(400, `container_id.value '${id}' must match ${CONTAINER_ID_RE}`);
    if (cid.parent === undefined) throw new NestedContainerError(400, `container '${id}' has no parent: a nested container needs container_id.parent`);
    const depth = depthOf(cid);
    if (depth > MAX_NESTING_DEPTH) {
      throw new NestedContainerError(400, `container '${id}' would be nested ${depth} levels deep; containers nest at most ${MAX_NESTING_DEPTH} levels (the kernel's limit for pid and user namespaces)`);
    }
    if (this.byId.has(id) || this.host.containers.has(id) || this.host.containerizer.has(id)) throw new NestedContainerError(409, `container id '${id}' is already in use on this agent`);
    const parent = this.parentOf(cid);
    const top = this.host.containers.get(chainValues(cid)[0]!)!;
    const sandbox = nestedSandbox(parent.sandbox, id);
    const n: NestedContainer = { containerId: cid, topId: top.containerId, frameworkId: top.frameworkId, executorId: top.executorId, sandbox, phase: 'launching', pid: 0, launcherState: '', createdAt: Date.now() };
    this.byId.set(id, n);
    try {
      mkdirSync(sandbox, { recursive: true });
      const launched = await this.host.containerizer.launch({
        containerId: id,
        parent: cid.parent,
        directory: sandbox,
        user: req.user ?? req.command?.user,
        resources: req.resources ?? [],
        limits: req.limits,
        command: req.command,
        container: req.container,
        environment: [
          { name: 'MESOS_FRAMEWORK_ID', value: top.frameworkId },
          { name: 'MESOS_EXECUTOR_ID', value: top.executorId },
          { name: 'MESOS_AGENT_ID', value: this.host.agentId() },
          { name: 'MESOS_SLAVE_ID', value: this.host.agentId() },
          { name: 'MESOS_CONTAINER_ID', value: id },
          ...(req.environment ?? []),
        ],
        stdoutPath: join(sandbox, 'stdout'),
        stderrPath: join(sandbox, 'stderr'),
        // Known before its command runs: its requests are its own from the first one (peerCandidates).
      }, (created) => (n.pid = created.pid));
      n.phase = 'running';
      n.pid = launched.pid;
      n.launcherState = launched.launcherState;
      n.config = launched.config;
    } catch (err) {
      this.byId.delete(id);
      throw new NestedContainerError(400, `could not launch nested container '${id}': ${messageOf(err)}`);
    }
    await this.write(n);
    this.supervise(n);
    this.host.log.info({ containerId: id, parent: cid.parent.value, depth, pid: n.pid }, 'nested container launched');
    return n;
  }

  /** The parent of `cid`, running here with the same chain; 404 otherwise. */
  private parentOf(cid: ContainerIdChain): { sandbox: string } {
    const p = cid.parent!;
    const gone = (why: string) => new NestedContainerError(404, `Parent container '${p.value}' of nested container '${cid.value}' cannot be found: ${why}`);
    if (p.parent === undefined) {
      const top = this.host.containers.get(p.value);
      if (top === undefined) throw gone('no such top-level container runs on this agent');
      if (!this.running(p.value)) throw gone('it is not running');
      return top;
    }
    const n = this.byId.get(p.value);
    if (n === undefined) throw gone('no such nested container on this agent');
    if (chainValues(n.containerId).join('/') !== chainValues(p).join('/')) throw gone(`its parent chain is ${chainValues(n.containerId).join(' > ')}, not ${chainValues(p).join(' > ')}`);
    if (!this.running(p.value)) throw gone('it is not running');
    return n;
  }

  /** Waits for the container's end, cleans it up and records how it ended. */
  private supervise(n: NestedContainer): void {
    const id = n.containerId.value;
    const end = (async () => {
      let term: ContainerTermination;
      try {
        term = await this.host.containerizer.wait(id);
      } catch (err) {
        term = { status: -1, message: `could not wait for the container: ${messageOf(err)}` };
      }
      // The agent is going away and its containers stay (or all are being destroyed): hands off.
      if (this.host.leaving()) return term;
      await this.host.containerizer.cleanup(id).catch((err) => this.host.log.warn({ containerId: id, err: messageOf(err) }, 'nested container cleanup failed'));
      if (!this.host.leaving()) await this.exited(n, term);
      return term;
    })();
    this.ends.set(id, end);
  }

  private async exited(n: NestedContainer, term: ContainerTermination): Promise<void> {
    n.phase = 'exited';
    n.termination = term;
    n.pid = 0;
    this.ends.delete(n.containerId.value);
    if (this.byId.get(n.containerId.value) !== n) return;
    this.host.log.info({ containerId: n.containerId.value, status: term.status, message: term.message }, 'nested container exited');
    await this.write(n);
  }

  /** The container's termination, once it has exited (at once when it already has); 404 when unknown. */
  async wait(id: string): Promise<ContainerTermination> {
    const n = this.byId.get(id);
    if (n === undefined) throw new NestedContainerError(404, `Nested container '${id}' cannot be found on this agent`);
    if (n.termination) return n.termination;
    const end = this.ends.get(id);
    if (end === undefined) throw new NestedContainerError(404, `Nested container '${id}' is still being launched`);
    return end;
  }

  /**
   * Sends `signal` to the container's init; SIGKILL (the default) destroys the container and the
   * containers nested in it. 404 when it is unknown or has exited.
   */
  async kill(id: string, signal: string): Promise<void> {
    const n = this.byId.get(id);
    if (n === undefined || n.phase === 'exited') throw new NestedContainerError(404, `Nested container '${id}' is not running on this agent`);
    if (n.phase !== 'running') throw new NestedContainerError(409, `Nested container '${id}' is still being launched`);
    if (signal === 'SIGKILL') {
      await this.host.containerizer.destroy(id);
      await this.ends.get(id);
      return;
    }
    await this.host.containerizer.modules.launcher.module.kill({ containerId: n.containerId, signal, all: false });
  }

  /**
   * Removes an exited container: its sandbox, its record, and those of the (exited) containers
   * nested in it. 400 while it (or one nested in it) runs, 404 when unknown.
   */
  async remove(id: string): Promise<void> {
    const n = this.byId.get(id);
    if (n === undefined) throw new NestedContainerError(404, `Nested container '${id}' cannot be found on this agent`);
    const alive = [id, ...this.descendantsOf(id)].filter((d) => this.byId.get(d)?.phase !== 'exited');
    if (alive.length) throw new NestedContainerError(400, `Nested container '${alive[0]}' has not exited: kill it and wait for it before removing '${id}'`);
    for (const d of [...this.descendantsOf(id).reverse(), id]) await this.forget(d);
    rmSync(n.sandbox, { recursive: true, force: true });
  }

  private descendantsOf(id: string): string[] {
    return this.childrenOf(id).flatMap((c) => [c, ...this.descendantsOf(c)]);
  }

  private async forget(id: string): Promise<void> {
    this.byId.delete(id);
    this.ends.delete(id);
    await this.host.store().removeAsync(['nested', id]);
  }

  /** A top-level container is gone: its nested containers' records go too (their sandboxes are in its). */
  async topLevelGone(topId: string): Promise<void> {
    const mine = this.all().filter((n) => n.topId === topId);
    // Their ends are recorded first (the containerizer destroyed them with their parent).
    await Promise.allSettled(mine.map((n) => this.ends.get(n.containerId.value)));
    for (const n of mine) await this.forget(n.containerId.value);
  }

  private write(n: NestedContainer): Promise<void> {
    const json: NestedJson = { ...n, config: n.config ? configToJson(n.config) : undefined };
    return this.host.store().writeAsync(['nested', n.containerId.value], json).catch((err) => {
      this.host.log.error({ containerId: n.containerId.value, err: messageOf(err) }, 'nested container checkpoint failed');
    });
  }

  // ------------------------------------------------------------------------------------------
  // Recovery

  /** Reads the checkpointed records; the running ones' states go to the containerizer's recovery with the top-level ones. */
  load(): ContainerState[] {
    for (const j of this.host.store().list<NestedJson>(['nested']).values()) {
      const n: NestedContainer = { ...j, config: j.config ? configFromJson(j.config) : undefined } as NestedContainer;
      this.byId.set(n.containerId.value, n);
    }
    return this.all()
      .filter((n) => n.phase === 'running')
      .sort((a, b) => depthOf(a.containerId) - depthOf(b.containerId))
      .map((n) => ({ containerId: n.containerId, pid: n.pid, config: n.config ?? { containerId: n.containerId, directory: n.sandbox }, launcherState: n.launcherState }));
  }

  /**
   * After the top-level containers are recovered: a nested container whose parent runs is
   * supervised again; one whose parent is gone is destroyed and recorded as exited (and its
   * record dropped with its top-level container's).
   */
  async recovered(results: Map<string, RecoveredContainer>): Promise<{ running: number; ended: number }> {
    let running = 0;
    let ended = 0;
    for (const n of this.all().sort((a, b) => depthOf(a.containerId) - depthOf(b.containerId))) {
      const id = n.containerId.value;
      if (!this.host.containers.has(n.topId)) {
        if (n.phase === 'running' && this.host.containerizer.has(id)) await this.host.containerizer.destroy(id);
        await this.forget(id);
        ended++;
        continue;
      }
      if (n.phase !== 'running') continue;
      const r = results.get(id);
      const parentRuns = this.running(n.containerId.parent!.value);
      if (r?.running && parentRuns && this.host.containerizer.has(id)) {
        await this.host.containerizer.modules.launcher.module.start({ containerId: n.containerId }).catch(() => undefined);
        this.supervise(n);
        running++;
        continue;
      }
      if (this.host.containerizer.has(id)) await this.host.containerizer.destroy(id);
      const why = parentRuns ? 'the nested container ended while the agent was away' : 'its parent container ended while the agent was away';
      await this.exited(n, r?.termination ?? { status: -1, message: why });
      ended++;
    }
    return { running, ended };
  }
}
