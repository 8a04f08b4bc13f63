/**
 * Containerizer: the launch pipeline of architecture §2, in terms of module kinds only. For one
 * container:
 *
 *   resolve secrets                     → SECRET variables, secret volume files (secrets.ts)
 *   volumes, networks                   → host and sandbox path binds; what no isolator supports refused (container-volumes.ts, isolator-support.ts)
 *   provisioner.provision(image)        → rootfs + image config          (when the task has an image)
 *   isolators[*].prepare(config)        → LaunchInfo parts, all at once, kept in isolator order
 *   mergeLaunchInfo(parts)              → one LaunchInfo; a conflict names both modules
 *   hooks[i].agentPreLaunch             → environment decorations, in hook order
 *   launcher.launch(LaunchInfo, argv)   → pid of a created, not yet running container
 *   isolators[*].isolate(pid)           → all at once
 *   launcher.start                      → the command runs
 *   isolators[*].watch                  → a limitation (OOM, disk) reported to the caller
 *   launcher.wait                       → exit
 *   isolators[i].cleanup, reverse order → then launcher.destroy and provisioner.destroy
 *
 * Any failing step throws a ContainerLaunchError naming the step and the module, after undoing
 * what the earlier steps set up. The containerizer keeps no durable state: the agent checkpoints
 * what `launch` reports (pid, launcher state, ContainerConfig) and hands it back to `recover`.
 */
import { performance } from 'node:perf_hooks';
import { type CommandInfo, CommandInfoSchema, type ContainerInfo, ContainerInfoSchema, encodeMessage, type ExecutorInfo, ExecutorInfoSchema, type Resource, type TaskInfo, TaskInfoSchema, type Value_Scalar, withoutSecretValues } from '@plateau/mesos';
import { callHook, type ContainerConfig, decoratedEnvironment, type ContainerState, type EnvVar, ErrorCodes, hasCode, type Hook, type ImageConfig__Output, type Isolator, type Label, type Launcher, type LaunchInfo, type Logger, messageOf, type PersistentVolume, PlateauError, type Provisioner, type ResourceStatistics__Output } from '@plateau/kernel';
import { volumeMountsOf } from './container-volumes';
import { askSupport, checkNetworks, type IsolatorSupport } from './isolator-support';
import { refuseTtyInfo } from './tty-info';
import { commandArgs, environmentOf, imageEnvironment, mergeEnvironment } from './command';
import { applyDocker, dockerArgs, type DockerLaunch, dockerLaunch, type DockerSettings, isDocker } from './docker-info';
import { Escalation } from './escalation';
import { mergeLaunchInfo } from './merge-launch-info';
import { chainOf, type ContainerIdChain, depthOf, MAX_NESTING_DEPTH, mappedRoot, nestedRefusal, nestLaunchInfo } from './nested';
import { chownSync } from 'node:fs';
import { containerLimits, containerResource, scalarSum } from './resources';
import { applyTaskUser } from './apply-user';
import { hostOwnerOf } from './task-user';
import { chownSecrets, type ContainerSecrets, hasSecrets, removeSecrets, resolveSecrets, type SecretsSetup } from './secrets';
import type { SecretResolver } from '@plateau/kernel';
import type { Fetcher } from '../fetcher/index';
import { followPull, PullTracker, type PullView } from './pull-progress';

/** A module the containerizer calls, with the name it goes by in messages. */
export interface NamedModule<T> {
  /** How messages name it: the config's instance name and the module, e.g. "cgroups (isolator.cgroups)". */
  label: string;
  module: T;
}

/** The modules of the pipeline, by kind. */
export interface ContainerizerModules {
  launcher: NamedModule<Launcher>;
  provisioner?: NamedModule<Provisioner>;
  /** In the configured order (`agent.isolation`). */
  isolators: NamedModule<Isolator>[];
  /** In the configured order (`agent.hooks`). */
  hooks: NamedModule<Hook>[];
  /** Deadline of one AgentPreLaunch call, ms (default HOOK_TIMEOUT_MS); a hook past it fails the launch. */
  hookTimeoutMs?: number;
  /** Resolves SECRET variables and volumes (agent.secretResolver); without it only VALUE secrets resolve. */
  secretResolver?: NamedModule<SecretResolver>;
  /** Directory of the per-container secret volume files (the agent's `<workDir>/secrets`). */
  secretsDir?: string;
  /** Run tasks as their user (agent.switchUser, Mesos --switch_user; default true); false: as the agent's. */
  switchUser?: boolean;
  /** Host directories hidden from containers without an image (the cluster's and the agent's work dirs). */
  hiddenHostPaths?: string[];
  /** Fetches CommandInfo.uris into the sandbox before the container starts (the agent's fetcher). */
  fetcher?: Fetcher;
  /** How DOCKER containers are run (agent.docker). */
  docker?: DockerSettings;
}

/** What to run in a new container. */
export interface ContainerSpec {
  containerId: string;
  /**
   * The container to nest this one in (any depth, its own ancestors included): it must be running
   * here. The nested container joins its namespaces and cgroup (nested.ts); `directory` is its
   * own sandbox (nestedSandbox). Destroying an ancestor destroys it first.
   */
  parent?: ContainerIdChain;
  /** Host path of the sandbox (exists). */
  directory: string;
  /** User the task asks to run as (CommandInfo.user or FrameworkInfo.user); handed to isolators. */
  user?: string;
  resources: Resource[];
  limits?: Record<string, Value_Scalar>;
  /** Bind mounts of the persistent volumes among `resources` (the agent checkpointed them). */
  volumeMounts?: NonNullable<LaunchInfo['mounts']>;
  /** The persistent volumes among `resources` (host path, size), handed to isolators in ContainerConfig.volumes. */
  volumes?: PersistentVolume[];
  command?: CommandInfo;
  /** ContainerInfo of the task (image, linux info, volumes). */
  container?: ContainerInfo;
  taskInfo?: TaskInfo;
  executorInfo?: ExecutorInfo;
  labels?: Label[];
  /** Variables the agent sets (MESOS_TASK_ID, ...); the command's own environment wins over them. */
  environment?: EnvVar[];
  stdoutPath?: string;
  stderrPath?: string;
  /** The image pull's progress, on each change while it runs and once more when it ends. */
  onPull?: (view: PullView) => void;
}

/** A launched, running container, as the agent checkpoints it. */
export interface LaunchedContainer {
  containerId: string;
  pid: number;
  launcherState: string;
  config: ContainerConfig;
}

/** Steps of the launch pipeline, as named in errors. */
export type LaunchStep = 'secret' | 'provision' | 'prepare' | 'merge' | 'command' | 'user' | 'hook' | 'fetch' | 'launch' | 'isolate' | 'start';

/** A launch failed at `step` (in `module`, when a module failed); everything set up is undone. */
export class ContainerLaunchError extends PlateauError {
  constructor(
    readonly step: LaunchStep,
    readonly module: string | undefined,
    message: string,
    cause?: unknown,
  ) {
    super('PLT_ERR_CONTAINER_LAUNCH', message, { cause });
  }
}

/** A limit a container hit, from an isolator's Watch. */
export interface ContainerLimitation {
  /** Mesos TaskStatus reason: REASON_CONTAINER_LIMITATION_MEMORY, ..._DISK or REASON_CONTAINER_LIMITATION. */
  reason: 'REASON_CONTAINER_LIMITATION' | 'REASON_CONTAINER_LIMITATION_MEMORY' | 'REASON_CONTAINER_LIMITATION_DISK';
  message: string;
  /** The isolator that reported it. */
  source: string;
  /** Resources whose limit was hit (Mesos v1 JSON form, name and scalar). */
  resources: { name: string; scalar?: number }[];
}

/** How a container ended. */
export interface ContainerTermination {
  /** Raw wait status; -1 when unknown. */
  status: number;
  exitCode?: number;
  signal?: number;
  message: string;
}

/** What recovery found for a checkpointed container. */
export interface RecoveredContainer {
  containerId: string;
  running: boolean;
  pid: number;
  /** How it ended while the agent was away; undefined while it runs or when nobody can tell. */
  termination?: ContainerTermination;
}

/** A container the containerizer tracks (launched, or recovered). */
interface Tracked {
  id: string;
  /** Its ContainerID as modules get it (the parent chain of a nested container). */
  cid: ContainerIdChain;
  /** The container it is nested in. */
  parentId?: string;
  /** Its cgroup path (LaunchInfo.cgroups.path), under which its nested containers' go. */
  cgroupPath?: string;
  config: ContainerConfig;
  pid: number;
  limitation?: ContainerLimitation;
  onLimitation?: (l: ContainerLimitation) => void;
  watches: Promise<void>[];
  cleaned?: Promise<void>;
}

/** The image of a task's ContainerInfo, if it has one. */
export function imageOf(container: ContainerInfo | undefined): { name: string; forcePull: boolean } | undefined {
  const d = container?.docker;
  if (isDocker(container)) return d?.image ? { name: d.image, forcePull: d.force_pull_image === true } : undefined;
  const image = container?.mesos?.image;
  if (image === undefined) return undefined;
  if (image.type !== 'DOCKER' || !image.docker?.name) {
    throw new ContainerLaunchError('provision', undefined, `provision: unsupported image: only DOCKER images with a name can be provisioned (got ${image.type})`);
  }
  return { name: image.docker.name, forcePull: image.cached === false };
}

const LIMITATION_REASONS = new Set(['REASON_CONTAINER_LIMITATION', 'REASON_CONTAINER_LIMITATION_MEMORY', 'REASON_CONTAINER_LIMITATION_DISK']);

/** Containerizer: the launch pipeline over the configured modules. */
export class Containerizer {
  private readonly tracked = new Map<string, Tracked>();
  /** Containers being killed, by id: their pending SIGKILL. */
  private readonly escalations = new Map<string, Escalation>();
  /** The isolators' Supports answers, asked once. */
  private support?: Promise<IsolatorSupport>;

  constructor(
    readonly modules: ContainerizerModules,
    private readonly log: Logger,
  ) {}

  /** Whether the container is tracked (launched or recovered, not yet destroyed). */
  has(containerId: string): boolean {
    return this.tracked.has(containerId);
  }

  /** What the isolators provide (networks, volume source types): asked on first use, then kept. */
  supported(): Promise<IsolatorSupport> {
    this.support ??= askSupport(this.modules.isolators);
    return this.support;
  }

  /** Ids of the tracked containers. */
  ids(): string[] {
    return [...this.tracked.keys()];
  }

  /** Ids of the tracked containers nested directly in `containerId`. */
  childrenOf(containerId: string): string[] {
    return [...this.tracked.values()].filter((t) => t.parentId === containerId).map((t) => t.id);
  }

  /** The ContainerID modules know the container by (with its parent chain when nested). */
  private cidOf(containerId: string): ContainerIdChain {
    return this.tracked.get(containerId)?.cid ?? { value: containerId };
  }

  /**
   * Runs the pipeline up to a running command. `launched` is called right after the launcher
   * created the container (before isolate/start), so the caller can checkpoint its pid.
   */
  async launch(spec: ContainerSpec, launched?: (c: LaunchedContainer) => void): Promise<LaunchedContainer> {
    const id = spec.containerId;
    const cid: ContainerIdChain = spec.parent ? { value: id, parent: spec.parent } : { value: id };
    const parent = spec.parent ? this.tracked.get(spec.parent.value) : undefined;
    if (spec.parent) {
      if (parent === undefined || parent.cleaned !== undefined) throw new ContainerLaunchError('prepare', undefined, `prepare: the parent container '${spec.parent.value}' is not running on this agent`);
      if (depthOf(cid) > MAX_NESTING_DEPTH) throw new ContainerLaunchError('prepare', undefined, `prepare: container '${id}' would be nested ${depthOf(cid)} levels deep; the limit is ${MAX_NESTING_DEPTH}`);
      const refusal = nestedRefusal(spec.container);
      if (refusal) throw new ContainerLaunchError('prepare', undefined, `prepare: ${refusal}`);
    }
    if (this.tracked.has(id)) throw new ContainerLaunchError('prepare', undefined, `prepare: container id '${id}' is already in use on this agent`);
    const { launcher, provisioner, isolators, hooks } = this.modules;
    const config = this.containerConfig(spec);
    const t0 = performance.now();
    const took: Record<string, number> = {};
    const mark = (step: string) => (took[step] = Math.round((performance.now() - t0) * 10) / 10);
    let provisioned = false;
    const prepared: NamedModule<Isolator>[] = [];
    let created = false;
    const undo = async () => {
      if (created) await launcher.module.destroy({ containerId: cid }).catch((err) => this.warnUndo('launcher.destroy', launcher.label, id, err));
      for (const iso of [...prepared].reverse()) {
        await iso.module.cleanup({ containerId: cid }).catch((err) => this.warnUndo('isolator.cleanup', iso.label, id, err));
      }
      if (provisioned && provisioner) await provisioner.module.destroy({ containerId: cid }).catch((err) => this.warnUndo('provisioner.destroy', provisioner.label, id, err));
      await removeSecrets(secretsSetup, id).catch((err) => this.warnUndo('secrets removal', 'agent', id, err));
    };
    const fail = async (step: LaunchStep, module: string | undefined, what: string, err: unknown): Promise<never> => {
      await undo();
      if (err instanceof ContainerLaunchError) throw err;
      throw new ContainerLaunchError(step, module, `${step}: ${what}: ${messageOf(err)}`, err);
    };

    // 0. The secrets, first: a task whose secret cannot be resolved costs no image pull.
    const secretsSetup = this.secretsSetup();
    let secrets: ContainerSecrets = { env: [], mounts: [], files: [] };
    if (hasSecrets(spec.command, spec.container)) {
      try {
        secrets = await resolveSecrets(secretsSetup, id, spec.command, spec.container);
      } catch (err) {
        return fail('secret', secretsSetup.resolver?.label, 'could not resolve a secret', err);
      }
    }

    // Volumes and networks: what this agent cannot honour fails before anything is pulled.
    let volumeMounts: NonNullable<LaunchInfo['mounts']>;
    try {
      const support = await this.supported();
      checkNetworks(spec.container, support);
      refuseTtyInfo(spec.container);
      volumeMounts = volumeMountsOf(spec.container, spec.directory, support, parent?.config.directory);
    } catch (err) {
      return fail('prepare', undefined, 'ContainerInfo cannot be run as asked', err);
    }

    // A DOCKER container's DockerInfo, translated before anything is pulled: what cannot be
    // honoured fails here. Its `memory` is the container's memory limit for the isolators.
    let docker: DockerLaunch | undefined;
    if (isDocker(spec.container)) {
      try {
        docker = dockerLaunch(spec.container!, this.modules.docker ?? {}, scalarSum(spec.resources, 'mem') || undefined);
      } catch (err) {
        return fail('command', undefined, 'DockerInfo cannot be run as asked', err);
      }
      if (docker.memoryMb !== undefined) config.limits = { ...(config.limits ?? {}), mem: docker.memoryMb };
    }

    // 1. The image's root filesystem.
    let image: ImageConfig__Output | null = null;
    let wanted;
    try {
      wanted = imageOf(spec.container);
    } catch (err) {
      return fail('provision', undefined, 'no image', err);
    }
    if (wanted !== undefined) {
      if (provisioner === undefined) {
        return fail('provision', undefined, 'no provisioner', new Error(`the task asks for image '${wanted.name}' but no provisioner module is configured (agent.provisioner)`));
      }
      const tracker = new PullTracker(wanted.name);
      const onPull = spec.onPull;
      const stopFollowing = onPull
        ? followPull(provisioner.module, id, (e) => {
            tracker.apply(e);
            onPull(tracker.view());
          }, this.log)
        : () => undefined;
      try {
        const ended = (ok: boolean) => {
          stopFollowing();
          tracker.finish(ok);
          onPull?.(tracker.view());
        };
        const p = await provisioner.module.provision({ containerId: cid, image: { name: wanted.name, forcePull: wanted.forcePull } }).then(
          (r) => (ended(true), r),
          (err: unknown) => {
            ended(false);
            throw err;
          },
        );
        provisioned = true;
        config.rootfs = p.rootfs;
        config.imageConfig = p.config ?? null;
        image = p.config ?? null;
      } catch (err) {
        provisioned = true; // a half-made rootfs is removed by Destroy (unknown ids are fine)
        return fail('provision', provisioner.label, `provisioner ${provisioner.label} could not provision image '${wanted.name}'`, err);
      }
    }

    mark('provisioned');

    // 2. Each isolator's part, all at once: none reads what another prepares, each only the
    // config. Undo waits until every Prepare has settled, then cleans up all of them; a failure
    // names the first failed isolator in configured order, and the parts keep that order too.
    prepared.push(...isolators);
    const answers = await Promise.allSettled(isolators.map(async (iso) => iso.module.prepare({ containerId: cid, config })));
    const refused = answers.findIndex((r) => r.status === 'rejected');
    if (refused >= 0) {
      const iso = isolators[refused]!;
      return fail('prepare', iso.label, `isolator ${iso.label} failed to prepare the container`, (answers[refused] as PromiseRejectedResult).reason);
    }
    const parts = answers.map((r, i) => ({ source: isolators[i]!.label, info: (r as PromiseFulfilledResult<Awaited<ReturnType<Isolator['prepare']>>>).value.launchInfo }));

    mark('prepared');

    // 3. One LaunchInfo.
    let info: LaunchInfo;
    try {
      info = mergeLaunchInfo(parts).info;
    } catch (err) {
      return fail('merge', undefined, 'the isolators gave conflicting launch info', err);
    }

    // A nested container: into its parent's namespaces and cgroup.
    if (parent !== undefined) {
      try {
        info = nestLaunchInfo(info, { id: parent.id, pid: parent.pid, cgroupPath: parent.cgroupPath }, id, undefined, { privateIpc: spec.container?.linux_info?.ipc_mode === 'PRIVATE' });
        // Root of the shared user namespace writes the sandbox, whatever the isolators decided.
        const root = mappedRoot(info);
        if (root) chownSync(spec.directory, root.uid, root.gid);
      } catch (err) {
        return fail('prepare', undefined, `cannot nest the container in '${parent.id}'`, err);
      }
    }

    // 4. The command and its environment: image < agent < command < isolators.
    let args: string[];
    let env: EnvVar[];
    try {
      args = docker ? dockerArgs(spec.command, image, docker) : commandArgs(spec.command, image);
      env = mergeEnvironment(imageEnvironment(image), spec.environment ?? [], environmentOf(spec.command?.environment, { secrets: 'skip' }), docker?.environment ?? [], info.environment ?? []);
      if (docker) info = applyDocker(info, docker);
    } catch (err) {
      return fail('command', undefined, 'invalid command', err);
    }

    // 5. Hooks decorate the environment.
    for (const hook of hooks) {
      try {
        const d = await callHook(hook, 'agentPreLaunch', {
          containerId: cid,
          taskInfoJson: config.taskInfoJson ?? '',
          executorInfoJson: config.executorInfoJson ?? '',
          directory: spec.directory,
          environment: env,
          labels: [...(spec.labels ?? []), ...(docker?.labels ?? [])],
        }, this.modules.hookTimeoutMs);
        if (d) env = decoratedEnvironment(d) ?? env;
      } catch (err) {
        if (hasCode(err, ErrorCodes.unsupported)) continue;
        return fail('hook', hook.label, `hook ${hook.label} failed before launch`, err);
      }
    }

    // Secret values join only now: hooks never see them.
    const launchInfo: LaunchInfo = { ...info, environment: secrets.env.length ? mergeEnvironment(env, secrets.env) : env };
    if (config.rootfs) launchInfo.rootfs = config.rootfs;
    else if (this.modules.hiddenHostPaths?.length) launchInfo.hiddenHostPaths = this.modules.hiddenHostPaths;
    if (!launchInfo.workingDir && image?.workingDir && image.workingDir !== '/') launchInfo.workingDir = image.workingDir;
    if (!launchInfo.user && image?.user && !spec.command?.user) launchInfo.user = imageUser(image.user);
    try {
      applyTaskUser(launchInfo, { user: spec.user, rootfs: config.rootfs ?? '', sandbox: spec.directory, container: spec.container, switchUser: this.modules.switchUser ?? true }, this.log);
    } catch (err) {
      return fail('user', undefined, `cannot run the task as user '${spec.user}'`, err);
    }
    if ((spec.volumeMounts ?? []).length > 0) {
      const taken = spec.volumeMounts!.find((v) => (launchInfo.mounts ?? []).some((m) => m.target === v.target));
      if (taken) return fail('prepare', undefined, 'persistent volume', new Error(`an isolator already mounts something at ${taken.target}`));
      launchInfo.mounts = [...(launchInfo.mounts ?? []), ...spec.volumeMounts!];
    }
    if (volumeMounts.length > 0) {
      const taken = volumeMounts.find((v) => (launchInfo.mounts ?? []).some((m) => m.target === v.target));
      if (taken) return fail('prepare', undefined, 'volume', new Error(`something else is already mounted at ${taken.target}`));
      launchInfo.mounts = [...(launchInfo.mounts ?? []), ...volumeMounts];
    }
    if (secrets.mounts.length > 0) {
      const taken = secrets.mounts.find((s) => (launchInfo.mounts ?? []).some((m) => m.target === s.target));
      if (taken) return fail('secret', undefined, 'secret volume', new Error(`an isolator already mounts something at ${taken.target}`));
      launchInfo.mounts = [...(launchInfo.mounts ?? []), ...secrets.mounts];
      try {
        chownSecrets(secrets, launchInfo);
      } catch (err) {
        return fail('secret', undefined, 'could not hand the secret files to the container user', err);
      }
    }

    mark('decorated');

    // The URIs, into the sandbox, handed to the user the container runs as (resolved above, in
    // host ids: mapped through its user namespace when it has one).
    if ((spec.command?.uris ?? []).length > 0) {
      if (this.modules.fetcher === undefined) return fail('fetch', undefined, 'no fetcher', new Error('the command has URIs but the agent has no fetcher'));
      try {
        const owner = hostOwnerOf(launchInfo, config.rootfs ?? '');
        await this.modules.fetcher.fetch({ uris: spec.command!.uris!, sandbox: spec.directory, user: spec.user ?? '', owner, logPath: spec.stderrPath });
      } catch (err) {
        return fail('fetch', undefined, 'the fetcher failed', err);
      }
      mark('fetched');
    }

    // 6. Create the container; its init waits until Start.
    let pid: number;
    let launcherState: string;
    try {
      const r = await launcher.module.launch({
        containerId: cid,
        launchInfo,
        args,
        directory: spec.directory,
        stdoutPath: spec.stdoutPath ?? '',
        stderrPath: spec.stderrPath ?? '',
      });
      created = true;
      pid = r.pid;
      launcherState = r.launcherState ?? '';
    } catch (err) {
      created = true; // Destroy of a container the launcher never made is a harmless NotFound
      return fail('launch', launcher.label, `launcher ${launcher.label} could not create the container`, err);
    }
    const result: LaunchedContainer = { containerId: id, pid, launcherState, config };
    mark('launched');
    launched?.(result);

    // 7. Isolate (all at once), then start.
    const isolated = await Promise.allSettled(isolators.map((iso) => iso.module.isolate({ containerId: cid, pid })));
    const bad = isolated.findIndex((r) => r.status === 'rejected');
    if (bad >= 0) {
      const iso = isolators[bad]!;
      return fail('isolate', iso.label, `isolator ${iso.label} could not isolate pid ${pid}`, (isolated[bad] as PromiseRejectedResult).reason);
    }
    mark('isolated');
    try {
      await launcher.module.start({ containerId: cid });
    } catch (err) {
      return fail('start', launcher.label, `launcher ${launcher.label} could not start the container`, err);
    }
    mark('started');
    this.tracked.set(id, { id, cid, parentId: parent?.id, cgroupPath: launchInfo.cgroups?.path || undefined, config, pid, watches: [] });
    // Its parent ended while it was being launched: it goes too, as it would have with the parent.
    if (parent !== undefined && (parent.cleaned !== undefined || this.tracked.get(parent.id) !== parent)) {
      await this.destroy(id);
      throw new ContainerLaunchError('start', undefined, `start: the parent container '${parent.id}' ended while container '${id}' was being launched`);
    }
    this.log.debug({ containerId: id, parent: parent?.id, pid, ms: took }, 'container launched');
    return result;
  }

  /**
   * Watches the container's isolators; the first limitation any of them reports is handed to
   * `onLimitation` once (the caller kills the container). Watches end at cleanup.
   */
  watch(containerId: string, onLimitation: (l: ContainerLimitation) => void): void {
    const t = this.tracked.get(containerId);
    if (t === undefined) return;
    t.onLimitation = onLimitation;
    for (const iso of this.modules.isolators) {
      t.watches.push(
        (async () => {
          try {
            for await (const l of iso.module.watch({ containerId: t.cid })) {
              if (t.limitation !== undefined) continue;
              const reason = String(l.reason ?? '');
              t.limitation = {
                reason: (LIMITATION_REASONS.has(reason) ? reason : 'REASON_CONTAINER_LIMITATION') as ContainerLimitation['reason'],
                message: l.message || `container limitation reported by isolator ${iso.label}`,
                source: iso.label,
                resources: (l.resources ?? []).map((r) => ({ name: r.name ?? '', scalar: r.scalar === undefined ? undefined : Number(r.scalar) })),
              };
              t.onLimitation?.(t.limitation);
            }
          } catch (err) {
            if (!hasCode(err, ErrorCodes.notFound)) this.log.warn({ containerId, isolator: iso.label, err: messageOf(err) }, 'isolator watch ended with an error');
          }
        })(),
      );
    }
  }

  /** The limitation reported for the container, if any. */
  limitation(containerId: string): ContainerLimitation | undefined {
    return this.tracked.get(containerId)?.limitation;
  }

  /** Resolves once the container's command has exited. */
  async wait(containerId: string): Promise<ContainerTermination> {
    const t = await this.modules.launcher.module.wait({ containerId: this.cidOf(containerId) });
    return { status: t.status, exitCode: t.exitCode ?? undefined, signal: t.signal ?? undefined, message: t.message ?? '' };
  }

  /**
   * Stops the container: SIGTERM to its init, then SIGKILL to every process in it if it has not
   * exited after `graceMs`. Resolves once it has exited (or at once if it already had). A kill of
   * a container already being killed can only bring the SIGKILL forward, as Mesos's command
   * executor does: its grace counts from the first SIGTERM, a longer one changes nothing.
   */
  kill(containerId: string, graceMs: number): Promise<void> {
    const running = this.escalations.get(containerId);
    if (running !== undefined) {
      running.shorten(graceMs);
      return running.done;
    }
    const escalation = new Escalation(graceMs);
    this.escalations.set(containerId, escalation);
    escalation.done = this.terminate(containerId, escalation).finally(() => {
      escalation.cancel();
      this.escalations.delete(containerId);
    });
    return escalation.done;
  }

  private async terminate(containerId: string, escalation: Escalation): Promise<void> {
    const launcher = this.modules.launcher.module;
    const cid = this.cidOf(containerId);
    const exited = this.wait(containerId).then(
      () => true,
      () => true,
    );
    try {
      await launcher.kill({ containerId: cid, signal: 'SIGTERM', all: false });
    } catch (err) {
      if (hasCode(err, ErrorCodes.notFound)) return;
      this.log.warn({ containerId, err: messageOf(err) }, 'SIGTERM failed; sending SIGKILL');
    }
    const inTime = await Promise.race([exited, escalation.start()]);
    if (inTime) return;
    this.log.info({ containerId, graceMs: escalation.graceMs }, 'container still running after the grace period: SIGKILL');
    await launcher.kill({ containerId: cid, signal: 'SIGKILL', all: true }).catch((err) => {
      if (!hasCode(err, ErrorCodes.notFound)) this.log.warn({ containerId, err: messageOf(err) }, 'SIGKILL failed');
    });
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000).unref())]);
  }

  /**
   * After the container exited: isolators clean up in reverse order (a limitation that raced the
   * exit is still reported), the launcher destroys the container, the provisioner its rootfs.
   * Resolves with the limitation, if one was reported. Errors are logged, never thrown.
   */
  cleanup(containerId: string): Promise<ContainerLimitation | undefined> {
    let t = this.tracked.get(containerId);
    if (t === undefined) {
      t = { id: containerId, cid: { value: containerId }, config: { containerId: { value: containerId } }, pid: 0, watches: [] };
      this.tracked.set(containerId, t);
    }
    const tracked = t;
    tracked.cleaned ??= (async () => {
      const cid = tracked.cid;
      const t0 = performance.now();
      // Its nested containers go first: they live in its namespaces and under its cgroup.
      await Promise.allSettled(this.childrenOf(containerId).map((child) => this.destroy(child)));
      for (const iso of [...this.modules.isolators].reverse()) {
        await bounded(iso.module.cleanup({ containerId: cid }), `isolator ${iso.label} cleanup`).catch((err) => this.warnUndo('isolator.cleanup', iso.label, containerId, err));
      }
      await Promise.race([Promise.allSettled(tracked.watches), new Promise((r) => setTimeout(r, 2000).unref())]);
      await bounded(this.modules.launcher.module.destroy({ containerId: cid }), `launcher ${this.modules.launcher.label} destroy`).catch((err) => {
        if (!hasCode(err, ErrorCodes.notFound)) this.warnUndo('launcher.destroy', this.modules.launcher.label, containerId, err);
      });
      const p = this.modules.provisioner;
      if (p) await bounded(p.module.destroy({ containerId: cid }), `provisioner ${p.label} destroy`).catch((err) => this.warnUndo('provisioner.destroy', p.label, containerId, err));
      await removeSecrets(this.secretsSetup(), containerId).catch((err) => this.warnUndo('secrets removal', 'agent', containerId, err));
      this.log.debug({ containerId, ms: Math.round(performance.now() - t0) }, 'container cleaned up');
    })();
    return tracked.cleaned.then(() => {
      this.tracked.delete(containerId);
      return tracked.limitation;
    });
  }

  /** Kills the container at once (SIGKILL to every process) and cleans it up. */
  async destroy(containerId: string): Promise<void> {
    // Descendants first, deepest first (each destroy does its own children before itself).
    await Promise.allSettled(this.childrenOf(containerId).map((child) => this.destroy(child)));
    await this.modules.launcher.module.kill({ containerId: this.cidOf(containerId), signal: 'SIGKILL', all: true }).catch(() => undefined);
    await Promise.race([this.wait(containerId).catch(() => undefined), new Promise((r) => setTimeout(r, 10_000).unref())]);
    await this.cleanup(containerId);
  }

  /** Usage of the container, merged over the isolators (the first to report a field wins). */
  async usage(containerId: string): Promise<ResourceStatistics__Output> {
    const cid = this.cidOf(containerId);
    const results = await Promise.allSettled(this.modules.isolators.map((iso) => iso.module.usage({ containerId: cid })));
    const out: Record<string, unknown> = {};
    for (const r of results) {
      if (r.status !== 'fulfilled') continue;
      for (const [k, v] of Object.entries(r.value ?? {})) {
        // An empty list is what a module that does not know the field answers over gRPC.
        if (k === 'timestamp' || k.startsWith('_') || v === undefined || v === null || (Array.isArray(v) && v.length === 0)) continue;
        if (out[k] === undefined) out[k] = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
      }
    }
    out.timestamp = Date.now() / 1000;
    return out as unknown as ResourceStatistics__Output;
  }

  /**
   * After an agent restart: the launcher reports which checkpointed containers still run and how
   * the others ended; isolators rebuild their state (orphans included, for their cleanup); the
   * orphans, containers the launcher runs but the agent never checkpointed, are destroyed; the
   * provisioner keeps the rootfses of known containers only.
   */
  async recover(states: ContainerState[]): Promise<RecoveredContainer[]> {
    const { launcher, provisioner, isolators } = this.modules;
    const r = await launcher.module.recover({ containers: states });
    const orphans = (r.orphans ?? []).map((o) => o.value ?? '').filter((v) => v !== '');
    for (const iso of isolators) {
      await iso.module.recover({ states, orphans: orphans.map((value) => ({ value })) }).catch((err) => {
        throw new PlateauError(ErrorCodes.internal, `isolator ${iso.label} could not recover: ${messageOf(err)}`, { cause: err });
      });
    }
    for (const id of orphans) {
      this.log.warn({ containerId: id }, 'destroying an orphan container (running, but unknown to the agent)');
      await this.destroy(id);
    }
    if (provisioner) await provisioner.module.recover({ known: states.map((s) => ({ value: s.containerId?.value ?? '' })) });
    const byId = new Map(states.map((s) => [s.containerId?.value ?? '', s]));
    const out: RecoveredContainer[] = [];
    for (const c of r.containers ?? []) {
      const id = c.containerId?.value ?? '';
      const state = byId.get(id);
      if (state === undefined) continue;
      const pid = c.pid || Number(state.pid ?? 0);
      const cidChain = chainOf(state.containerId);
      this.tracked.set(id, { id, cid: cidChain, parentId: cidChain.parent?.value, config: state.config ?? { containerId: { value: id } }, pid, watches: [] });
      const t = c.termination;
      out.push({
        containerId: id,
        running: c.running,
        pid,
        termination: t ? { status: t.status, exitCode: t.exitCode ?? undefined, signal: t.signal ?? undefined, message: t.message ?? '' } : undefined,
      });
    }
    return out;
  }

  private containerConfig(spec: ContainerSpec): ContainerConfig {
    return {
      containerId: spec.parent ? { value: spec.containerId, parent: spec.parent } : { value: spec.containerId },
      directory: spec.directory,
      user: spec.user ?? '',
      rootfs: '',
      imageConfig: null,
      resources: spec.resources.map(containerResource),
      limits: containerLimits(spec.limits),
      // Isolators, hooks and the checkpoint get secrets by reference only.
      taskInfoJson: spec.taskInfo ? encodeMessage(TaskInfoSchema, withoutSecretValues(spec.taskInfo)) : '',
      executorInfoJson: spec.executorInfo ? encodeMessage(ExecutorInfoSchema, withoutSecretValues(spec.executorInfo)) : '',
      containerInfoJson: spec.container ? encodeMessage(ContainerInfoSchema, withoutSecretValues(spec.container)) : '',
      commandInfoJson: spec.command ? encodeMessage(CommandInfoSchema, withoutSecretValues(spec.command)) : '',
      volumes: spec.volumes ?? [],
    };
  }

  private secretsSetup(): SecretsSetup {
    return { resolver: this.modules.secretResolver, dir: this.modules.secretsDir ?? '' };
  }

  private warnUndo(what: string, module: string, containerId: string, err: unknown): void {
    this.log.warn({ containerId, module, err: messageOf(err) }, `${what} failed while cleaning up`);
  }
}

/** How long one module call of a cleanup may take before the cleanup goes on without it, ms. */
export const CLEANUP_STEP_TIMEOUT_MS = 60_000;

/** `p`, or a rejection naming `what` once CLEANUP_STEP_TIMEOUT_MS has passed. */
function bounded<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PlateauError(ErrorCodes.deadline, `${what} did not finish within ${CLEANUP_STEP_TIMEOUT_MS} ms`)), CLEANUP_STEP_TIMEOUT_MS);
    timer.unref();
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** The image's user ("uid", "uid:gid", "name", "name:group") as a LaunchInfo user. */
function imageUser(user: string): NonNullable<LaunchInfo['user']> {
  const [u, g] = user.split(':');
  if (u !== undefined && /^\d+$/.test(u)) {
    const out: NonNullable<LaunchInfo['user']> = { uid: Number(u) };
    if (g !== undefined && /^\d+$/.test(g)) out.gid = Number(g);
    else out.gid = Number(u);
    return out;
  }
  return { name: user };
}

/** ContainerConfig as checkpoint JSON: unlimited limits survive as "Infinity". */
export function configToJson(config: ContainerConfig): unknown {
  return JSON.parse(JSON.stringify(config, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)));
}

/** ContainerConfig back from checkpoint JSON. */
export function configFromJson(json: unknown): ContainerConfig {
  const c = json as ContainerConfig;
  if (c.limits) for (const [k, v] of Object.entries(c.limits)) c.limits[k] = Number(v);
  return c;
}
