/**
 * The isolator kind's contract, as a conformance suite. Every check here must hold for every
 * isolator, whatever it isolates: it uses only the kind's methods, a real process and a real
 * sandbox directory.
 *
 * The contract:
 * - prepare → isolate(pid of a real, running process) → usage → status → cleanup succeeds for a
 *   container with ordinary resources (cpus, mem, disk) and a sandbox directory.
 * - prepare answers `{ launchInfo }`, null or an object (its part of the LaunchInfo).
 * - usage answers a ResourceStatistics whose `timestamp` is now, in seconds since the epoch.
 * - cleanup is idempotent, and cleanup of a container the isolator never saw succeeds.
 * - isolate, update, usage and status of a container the isolator does not hold (never prepared,
 *   or already cleaned up) fail with PLT_ERR_NOT_FOUND; watch of one fails with PLT_ERR_NOT_FOUND
 *   or ends at once, never yielding a limitation.
 * - a container id that breaks the convention `^[A-Za-z0-9_.-]+$` (or is empty) is PLT_ERR_INVALID
 *   at prepare, and so are `.` and `..`, which match the pattern but name a directory's self or
 *   parent wherever the id becomes a path; preparing a container twice is PLT_ERR_CONFLICT.
 * - watch yields nothing for a container that hits no limit, and ends when it is cleaned up.
 * - update with new resources succeeds for a prepared container.
 * - recover: another instance given the container's checkpointed state serves usage and cleanup
 *   for it; recover with nothing to recover succeeds.
 * - supports (optional) answers lists of names, or PLT_ERR_UNSUPPORTED (it provides nothing).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import type { ConformanceSuite } from '../harness';

interface Id {
  value: string;
}
interface ResourceLike {
  name: string;
  type: string;
  scalar: number;
}
interface ConfigLike {
  containerId: Id;
  directory: string;
  resources: ResourceLike[];
}

/** The isolator kind as this suite calls it (requests in the proto's camelCase names). */
export interface IsolatorApi {
  recover(req: { states: Array<{ containerId: Id; pid: number; config: ConfigLike }>; orphans: Id[] }): Promise<unknown>;
  prepare(req: { containerId: Id; config: ConfigLike }): Promise<{ launchInfo?: unknown }>;
  isolate(req: { containerId: Id; pid: number }): Promise<unknown>;
  watch(req: { containerId: Id }): AsyncIterable<{ reason?: unknown; message?: string }>;
  update(req: { containerId: Id; resourceRequests: ResourceLike[]; resourceLimits?: Record<string, number> }): Promise<unknown>;
  usage(req: { containerId: Id }): Promise<{ timestamp?: number }>;
  status(req: { containerId: Id }): Promise<unknown>;
  cleanup(req: { containerId: Id }): Promise<unknown>;
  /** Optional in the contract: a module without it answers PLT_ERR_UNSUPPORTED. */
  supports?(req: Record<string, never>): Promise<{ networks?: unknown; volumeSources?: unknown }>;
}

let seq = 0;
/** A fresh container id, unique across processes and runs. */
function newId(tag: string): Id {
  return { value: `conf-${tag}-${process.pid}-${Date.now().toString(36)}-${++seq}` };
}

const scalar = (name: string, value: number): ResourceLike => ({ name, type: 'SCALAR', scalar: value });
const RESOURCES = [scalar('cpus', 0.1), scalar('mem', 64), scalar('disk', 16)];

/** A sandbox directory and a real process standing in for the container's init. */
interface Fixture {
  id: Id;
  config: ConfigLike;
  proc: ChildProcess;
  pid: number;
  dispose(): Promise<void>;
}

function fixture(tag: string): Fixture {
  const id = newId(tag);
  const directory = mkdtempSync(join(tmpdir(), 'plateau-isolator-conf-'));
  const proc = spawn('sleep', ['300'], { detached: true, stdio: 'ignore' });
  if (!proc.pid) throw new Error('could not start `sleep 300` for the isolator contract');
  const pid = proc.pid;
  const exited = new Promise<void>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) resolve();
    else proc.once('exit', () => resolve());
  });
  return {
    id,
    pid,
    proc,
    config: { containerId: id, directory, resources: RESOURCES },
    async dispose() {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone (an isolator's cleanup may kill what is left in the container) */
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Runs `fn` and expects it to fail with `code`. */
async function rejectsWith(what: string, code: string, fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    assert.is((err as { code?: string }).code, code, `${what}: expected ${code}, got ${(err as Error).message}`);
    return;
  }
  assert.unreachable(`${what}: expected ${code}, but it succeeded`);
}

/** The first event of a watch, or the stream's end, within `ms`. */
async function firstOf<T>(it: AsyncIterator<T>, ms: number, what: string): Promise<IteratorResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      it.next(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The isolator contract; see the file comment. */
export const isolatorSuite: ConformanceSuite<IsolatorApi> = (test) => {
  test('isolator: prepare -> isolate (a real process) -> usage -> status -> cleanup', async ({ h }) => {
    const f = fixture('life');
    const iso = h.instance;
    try {
      const prepared = await iso.prepare({ containerId: f.id, config: f.config });
      assert.type(prepared, 'object', 'prepare answers an object');
      const li = prepared.launchInfo;
      assert.ok(li === null || li === undefined || typeof li === 'object', 'launchInfo is null or an object');
      await iso.isolate({ containerId: f.id, pid: f.pid });
      const before = Date.now() / 1000;
      const stats = await iso.usage({ containerId: f.id });
      assert.type(stats.timestamp, 'number', 'usage carries a timestamp');
      assert.ok(Math.abs(stats.timestamp! - before) < 60, `usage timestamp ${stats.timestamp} is now (${before}), in seconds`);
      assert.type(await iso.status({ containerId: f.id }), 'object', 'status answers an object');
      await iso.cleanup({ containerId: f.id });
    } finally {
      await iso.cleanup({ containerId: f.id }).catch(() => undefined);
      await f.dispose();
    }
  });

  test('isolator: cleanup is idempotent, and cleanup of a container never seen succeeds', async ({ h }) => {
    const f = fixture('idem');
    const iso = h.instance;
    try {
      await iso.prepare({ containerId: f.id, config: f.config });
      await iso.cleanup({ containerId: f.id });
      await iso.cleanup({ containerId: f.id });
      await iso.cleanup({ containerId: newId('never') });
    } finally {
      await iso.cleanup({ containerId: f.id }).catch(() => undefined);
      await f.dispose();
    }
  });

  test('isolator: calls about a container it does not hold fail with PLT_ERR_NOT_FOUND', async ({ h }) => {
    const f = fixture('unknown');
    const iso = h.instance;
    const unknown = newId('unknown');
    try {
      await rejectsWith('usage of an unknown container', 'PLT_ERR_NOT_FOUND', () => iso.usage({ containerId: unknown }));
      await rejectsWith('status of an unknown container', 'PLT_ERR_NOT_FOUND', () => iso.status({ containerId: unknown }));
      await rejectsWith('update of an unknown container', 'PLT_ERR_NOT_FOUND', () =>
        iso.update({ containerId: unknown, resourceRequests: RESOURCES }),
      );
      await rejectsWith('isolate of an unknown container', 'PLT_ERR_NOT_FOUND', () => iso.isolate({ containerId: unknown, pid: f.pid }));
      // Watch of an unknown container fails with PLT_ERR_NOT_FOUND or ends at once; it never
      // yields a limitation and never hangs.
      const it = iso.watch({ containerId: unknown })[Symbol.asyncIterator]();
      try {
        const r = await firstOf(it, 10_000, 'watch of an unknown container to fail or end');
        assert.ok(r.done, `watch of an unknown container yielded ${JSON.stringify(r.value)}`);
      } catch (err) {
        if ((err as { code?: string }).code !== 'PLT_ERR_NOT_FOUND') throw err;
      } finally {
        await it.return?.();
      }
      // Once cleaned up, a container is unknown again.
      await iso.prepare({ containerId: f.id, config: f.config });
      await iso.cleanup({ containerId: f.id });
      await rejectsWith('usage after cleanup', 'PLT_ERR_NOT_FOUND', () => iso.usage({ containerId: f.id }));
    } finally {
      await iso.cleanup({ containerId: f.id }).catch(() => undefined);
      await f.dispose();
    }
  });

  test('isolator: a malformed container id is PLT_ERR_INVALID; preparing twice is PLT_ERR_CONFLICT', async ({ h }) => {
    const f = fixture('ids');
    const iso = h.instance;
    try {
      for (const value of ['a/../b', '', 'white space', 'semi;colon']) {
        const bad = { value };
        await rejectsWith(`prepare of id '${value}'`, 'PLT_ERR_INVALID', () =>
          iso.prepare({ containerId: bad, config: { ...f.config, containerId: bad } }),
        );
      }
      await iso.prepare({ containerId: f.id, config: f.config });
      await rejectsWith('a second prepare of the same container', 'PLT_ERR_CONFLICT', () =>
        iso.prepare({ containerId: f.id, config: f.config }),
      );
      // The failed second prepare left the first one intact.
      await iso.usage({ containerId: f.id });
    } finally {
      await iso.cleanup({ containerId: f.id }).catch(() => undefined);
      await f.dispose();
    }
  });

  test("isolator: the ids '.' and '..' (they match the id pattern but name a directory's self or parent) are PLT_ERR_INVALID", async ({ h }) => {
    const f = fixture('dots');
    const iso = h.instance;
    try {
      for (const value of ['.', '..']) {
        const bad = { value };
        await rejectsWith(`prepare of id '${value}'`, 'PLT_ERR_INVALID', () =>
          iso.prepare({ containerId: bad, config: { ...f.config, containerId: bad } }),
        );
      }
    } finally {
      // No cleanup of '.' or '..': an isolator that took them would act on the parent directory.
      await f.dispose();
    }
  });

  test('isolator: watch yields no limitation for a container within its limits and ends at cleanup', async ({ h }) => {
    const f = fixture('watch');
    const iso = h.instance;
    await iso.prepare({ containerId: f.id, config: f.config });
    const it = iso.watch({ containerId: f.id })[Symbol.asyncIterator]();
    try {
      await iso.isolate({ containerId: f.id, pid: f.pid });
      const pending = firstOf(it, 15_000, 'the watch stream to end after cleanup');
      // Give a polling isolator a few rounds to (wrongly) report something.
      await new Promise((r) => setTimeout(r, 300));
      await iso.cleanup({ containerId: f.id });
      const r = await pending;
      assert.ok(r.done, `watch ended without a limitation (got ${JSON.stringify(r.value)})`);
    } finally {
      await it.return?.();
      await iso.cleanup({ containerId: f.id }).catch(() => undefined);
      await f.dispose();
    }
  });

  test('isolator: update applies new resources to a prepared, isolated container', async ({ h }) => {
    const f = fixture('update');
    const iso = h.instance;
    try {
      await iso.prepare({ containerId: f.id, config: f.config });
      await iso.isolate({ containerId: f.id, pid: f.pid });
      await iso.update({ containerId: f.id, resourceRequests: [scalar('cpus', 0.2), scalar('mem', 96), scalar('disk', 32)] });
      await iso.usage({ containerId: f.id });
    } finally {
      await iso.cleanup({ containerId: f.id }).catch(() => undefined);
      await f.dispose();
    }
  });

  test('isolator: recover hands a checkpointed container to another instance, which serves usage and cleanup', async (ctx) => {
    const f = fixture('recover');
    const iso = ctx.h.instance;
    try {
      await iso.prepare({ containerId: f.id, config: f.config });
      await iso.isolate({ containerId: f.id, pid: f.pid });
      const other = await ctx.open();
      await other.instance.recover({ states: [{ containerId: f.id, pid: f.pid, config: f.config }], orphans: [] });
      const stats = await other.instance.usage({ containerId: f.id });
      assert.type(stats.timestamp, 'number', 'usage after recover carries a timestamp');
      await other.instance.cleanup({ containerId: f.id });
      await rejectsWith('usage after cleanup by the recovering instance', 'PLT_ERR_NOT_FOUND', () =>
        other.instance.usage({ containerId: f.id }),
      );
    } finally {
      await iso.cleanup({ containerId: f.id }).catch(() => undefined);
      await f.dispose();
    }
  });

  test('isolator: recover with nothing to recover succeeds', async ({ h }) => {
    await h.instance.recover({ states: [], orphans: [] });
  });

  test('isolator: supports answers lists of names (networks, volume source types), or PLT_ERR_UNSUPPORTED', async ({ h }) => {
    if (typeof h.instance.supports !== 'function') return;
    let answer: { networks?: unknown; volumeSources?: unknown };
    try {
      answer = await h.instance.supports({});
    } catch (err) {
      assert.is((err as { code?: string }).code, 'PLT_ERR_UNSUPPORTED', `supports failed: ${(err as Error).message}`);
      return;
    }
    for (const field of ['networks', 'volumeSources'] as const) {
      const v = answer[field] ?? [];
      assert.ok(Array.isArray(v) && v.every((x) => typeof x === 'string' && x !== ''), `supports.${field} must be a list of names, got ${JSON.stringify(v)}`);
    }
  });
};
