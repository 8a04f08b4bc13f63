import type { Isolator } from '../generated/kinds';
import { containerIdOf, containerKey, type ContainerIdLike } from './container-id';
import { ErrorCodes, hasCode, InvalidError, NotFoundError } from '../contract/errors';
import { pushStream } from '../contract/push-stream';
import type { Logger } from '../contract/services';

// Pieces of the isolator kind's contract that every isolator module writes the same way: the
// request and answer shapes of its methods (taken from the generated interface, so they follow
// kernel/proto), an empty LaunchInfo part, a scalar Resource, the checked ids of a Recover request
// and pid of an Isolate request, a container's Watch streams, and a registry of containers for
// isolators whose Watch never reports a limitation.

/** The request of an Isolator method, e.g. `IsolatorRequest<'prepare'>`. */
export type IsolatorRequest<M extends keyof Isolator> = Parameters<NonNullable<Isolator[M]>>[0];

/** The answer of an Isolator method; for `watch`, the message its stream carries. */
export type IsolatorResponse<M extends keyof Isolator> =
  ReturnType<NonNullable<Isolator[M]>> extends AsyncIterable<infer T> ? T : Awaited<ReturnType<NonNullable<Isolator[M]>>>;

/** What Watch streams when a container hits a limit. */
export type Limitation = IsolatorResponse<'watch'>;

/** What Usage answers. */
export type ResourceStatistics = IsolatorResponse<'usage'>;

/** The LaunchInfo part Prepare answers, every field present. */
export type IsolatorLaunchInfo = NonNullable<IsolatorResponse<'prepare'>['launchInfo']>;

/** A LaunchInfo part with every field at its proto default (what the wire would decode for an empty part). */
export function emptyLaunchInfo(): IsolatorLaunchInfo {
  return {
    mounts: [],
    environment: [],
    namespaces: [],
    devices: [],
    cgroups: null,
    seccompProfileJson: '',
    capabilities: null,
    uidMappings: [],
    gidMappings: [],
    rlimits: [],
    workingDir: '',
    preExecCommands: [],
    maskedPaths: [],
    readonlyPaths: [],
    rootfs: '',
    hostname: '',
    user: null,
    sysctls: {},
    hiddenHostPaths: [],
  };
}

/** What Supports answers: the named networks and volume source types an isolator provides. */
export type Supported = IsolatorResponse<'supports'>;

/** The Supports answer of an isolator that provides no network and no volume source (the default). */
export function supportsNothing(): Supported {
  return { networks: [], volumeSources: [] };
}

/**
 * What an isolator provides, asked over its Supports RPC. An isolator without the method (in
 * process) or answering UNIMPLEMENTED (over gRPC, a module written before the RPC) provides
 * nothing; other errors propagate, so the caller decides what a failing module means.
 */
export async function isolatorSupports(isolator: Isolator): Promise<Supported> {
  if (typeof isolator.supports !== 'function') return supportsNothing();
  let answer: Supported;
  try {
    answer = await isolator.supports({});
  } catch (err) {
    if (hasCode(err, ErrorCodes.unsupported)) return supportsNothing();
    throw err;
  }
  const names = (list: unknown): string[] => (Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string' && x !== '') : []);
  return { networks: names(answer?.networks), volumeSources: names(answer?.volumeSources) };
}

/** A scalar Resource as the wire carries it (in a Limitation). */
export function scalarResource(name: string, value: number): Limitation['resources'][number] {
  return { name, type: 'SCALAR', scalar: value, ranges: [], set: [], role: '', resourceJson: '' };
}

/** A container state of a Recover request. */
export type RecoverState = NonNullable<IsolatorRequest<'recover'>['states']>[number];

/**
 * The states of a Recover request with their checked container ids (the id's value, as
 * containerIdOf checks it), in order; a state whose id is invalid is logged and skipped.
 */
export function* recoverStates(req: IsolatorRequest<'recover'>, log: Logger): Generator<[string, RecoverState]> {
  for (const s of req.states ?? []) {
    let id: string;
    try {
      id = containerIdOf(s.containerId, 'states[].containerId');
    } catch (err) {
      log.warn({ err }, 'recover: skipping a state with an invalid container id');
      continue;
    }
    yield [id, s];
  }
}

/** The checked container ids (values) of a Recover request's orphans, in order; invalid ones are skipped. */
export function* recoverOrphans(req: IsolatorRequest<'recover'>): Generator<string> {
  for (const o of req.orphans ?? []) {
    let id: string;
    try {
      id = containerIdOf(o, 'orphans[]');
    } catch {
      continue;
    }
    yield id;
  }
}

/** The pid of an Isolate request; InvalidError unless it is a positive integer. */
export function isolatePid(req: IsolatorRequest<'isolate'>): number {
  const pid = Number(req.pid ?? 0);
  if (!Number.isInteger(pid) || pid <= 0) throw new InvalidError(`isolate: pid must be a positive integer, got ${String(req.pid)}`);
  return pid;
}

/**
 * The open Watch streams of one container and the limitation it hit: a limitation is reported
 * once, to every stream open then, and at once to every stream opened later.
 */
export class ContainerWatches {
  private readonly streams = new Set<{ push(l: Limitation): void; end(): void }>();
  private reported: Limitation | undefined;

  /** The limitation, once reported. */
  get limitation(): Limitation | undefined {
    return this.reported;
  }

  /** How many streams are open. */
  get size(): number {
    return this.streams.size;
  }

  /** Adds a stream (pushStream's push and end); it gets the limitation at once if there is one. Returns its remover. */
  add(push: (l: Limitation) => void, end: () => void): () => void {
    const stream = { push, end };
    this.streams.add(stream);
    if (this.reported) push(this.reported);
    return () => {
      this.streams.delete(stream);
    };
  }

  /** Reports the limitation to every open stream, and to every later one. */
  report(l: Limitation): void {
    this.reported = l;
    for (const stream of this.streams) stream.push(l);
  }

  /** Ends every open stream. */
  endAll(): void {
    for (const stream of [...this.streams]) stream.end();
    this.streams.clear();
  }
}

/** What an isolator tracks for a container: at least its Watch streams. */
export interface WatchedContainer {
  watches: ContainerWatches;
}

/**
 * The containers an isolator knows, keyed by containerKey (`parent/child` for nested ones), for
 * an isolator whose Watch never reports a limitation: a Watch stream stays open until the
 * container is cleaned up (its watches.endAll()) or the module stops (endAllWatches).
 */
export class IsolatorContainers<T extends WatchedContainer> extends Map<string, T> {
  /** `isolator` names the module in NotFoundError messages ("isolator gpu"). */
  constructor(private readonly isolator: string) {
    super();
  }

  /** The container with this id; NotFoundError when it is not known. */
  known(id: ContainerIdLike | null | undefined): T {
    const key = containerKey(id);
    const c = this.get(key);
    if (!c) throw new NotFoundError(`container ${key} is not known to isolator ${this.isolator}`);
    return c;
  }

  /** A Watch stream that never yields and ends when the container is cleaned up (at once if it is not known). */
  watch(id: ContainerIdLike | null | undefined): AsyncIterable<Limitation> {
    const key = containerKey(id);
    return pushStream<Limitation>((push, end) => {
      const c = this.get(key);
      if (!c) {
        end();
        return;
      }
      return c.watches.add(push, end);
    });
  }

  /** Ends every Watch stream (module stop). */
  endAllWatches(): void {
    for (const c of this.values()) c.watches.endAll();
  }
}
