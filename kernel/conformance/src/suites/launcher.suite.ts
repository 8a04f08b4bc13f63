/**
 * The launcher kind's contract, as a conformance suite: every launcher, reached in-process, over
 * gRPC or spawned, must pass it. A launcher that cannot run a rootfs answers Unsupported to one,
 * and the suite then launches the same commands on the host (busybox's and the host's sh, echo,
 * sleep and cat behave alike here).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as assert from 'uvu/assert';
import { busyboxRootfs, staticBusybox } from '../busybox';
import type { ConformanceSuite } from '../harness';
import { within } from '../within';

interface Cid {
  value: string;
}
interface Termination {
  status: number;
  exitCode?: number | null;
  signal?: number | null;
  message: string;
}

/** The launcher methods the suite calls, in their wire shapes. */
export interface LauncherApi {
  launch(req: { containerId: Cid; launchInfo: Record<string, unknown>; args: string[]; directory: string }): Promise<{ pid: number; launcherState: string }>;
  start(req: { containerId: Cid }): Promise<unknown>;
  wait(req: { containerId: Cid }): Promise<Termination>;
  kill(req: { containerId: Cid; signal: string; all?: boolean }): Promise<unknown>;
  destroy(req: { containerId: Cid }): Promise<unknown>;
  recover(req: { containers: { containerId: Cid }[] }): Promise<{ containers: { containerId: Cid; running: boolean; pid: number; termination: Termination | null }[]; orphans: Cid[] }>;
  exec(req: { containerId: Cid; args: string[]; stdin?: Buffer }): AsyncIterable<{ stdout?: Buffer; stderr?: Buffer; exit?: Termination | null }>;
}

let counter = 0;
let area: { dir: string; rootfs?: string } | undefined;

function scratchArea(): { dir: string; rootfs?: string } {
  if (!area) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-launcher-contract-'));
    const rootfs = staticBusybox() ? busyboxRootfs(path.join(dir, 'rootfs')) : undefined;
    area = { dir, rootfs };
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return area;
}

function newId(): string {
  return `conf-${process.pid}-${++counter}`;
}

function code(e: unknown): string | undefined {
  return (e as { code?: string }).code;
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return code(e);
  }
  return undefined;
}

/** Launches `args`, in the busybox rootfs when the launcher takes one, on the host otherwise. */
async function launch(l: LauncherApi, id: string, args: string[]): Promise<{ pid: number; sandbox: string }> {
  const a = scratchArea();
  const sandbox = path.join(a.dir, 'sandboxes', id);
  fs.mkdirSync(sandbox, { recursive: true });
  const req = { containerId: { value: id }, args, directory: sandbox };
  if (a.rootfs) {
    try {
      const r = await l.launch({ ...req, launchInfo: { rootfs: a.rootfs } });
      return { pid: r.pid, sandbox };
    } catch (e) {
      if (code(e) !== 'PLT_ERR_UNSUPPORTED') throw e;
    }
  }
  const r = await l.launch({ ...req, launchInfo: {} });
  return { pid: r.pid, sandbox };
}

async function destroyQuietly(l: LauncherApi, id: string): Promise<void> {
  await l.destroy({ containerId: { value: id } }).catch(() => undefined);
}

/** The launcher contract. */
export const launcherSuite: ConformanceSuite<LauncherApi> = (test) => {
  test('launcher: launch returns a pid; start runs the command; wait gives its exit code; stdout is in the sandbox', async ({ h }) => {
    const id = newId();
    try {
      const { pid, sandbox } = await launch(h.instance, id, ['/bin/sh', '-c', 'echo hello; exit 3']);
      assert.ok(pid > 0, `pid ${pid}`);
      assert.ok(fs.existsSync(`/proc/${pid}`), 'the pid exists before start');
      await h.instance.start({ containerId: { value: id } });
      const t = await within(h.instance.wait({ containerId: { value: id } }), 15_000, `${id} to exit`);
      assert.is(t.exitCode, 3);
      assert.is(t.status, 3 << 8);
      assert.is(fs.readFileSync(path.join(sandbox, 'stdout'), 'utf8'), 'hello\n');
    } finally {
      await destroyQuietly(h.instance, id);
    }
  });

  test('launcher: kill SIGKILL ends a running container by signal 9', async ({ h }) => {
    const id = newId();
    try {
      await launch(h.instance, id, ['sleep', '100']);
      await h.instance.start({ containerId: { value: id } });
      await h.instance.kill({ containerId: { value: id }, signal: 'SIGKILL' });
      const t = await within(h.instance.wait({ containerId: { value: id } }), 15_000, `${id} to die`);
      assert.is(t.signal, 9);
    } finally {
      await destroyQuietly(h.instance, id);
    }
  });

  test('launcher: an unknown container is NotFound; a bad id is Invalid', async ({ h }) => {
    const unknown = { containerId: { value: `missing-${process.pid}` } };
    assert.is(await codeOf(h.instance.wait(unknown)), 'PLT_ERR_NOT_FOUND');
    assert.is(await codeOf(h.instance.start(unknown)), 'PLT_ERR_NOT_FOUND');
    assert.is(await codeOf(h.instance.kill({ ...unknown, signal: 'SIGTERM' })), 'PLT_ERR_NOT_FOUND');
    assert.is(await codeOf(h.instance.destroy(unknown)), 'PLT_ERR_NOT_FOUND');
    assert.is(await codeOf(h.instance.wait({ containerId: { value: '../x' } })), 'PLT_ERR_INVALID');
  });

  test('launcher: recover reports a known running container and lists an unknown one as an orphan', async ({ h }) => {
    const known = newId();
    const other = newId();
    try {
      const { pid } = await launch(h.instance, known, ['sleep', '100']);
      await h.instance.start({ containerId: { value: known } });
      await launch(h.instance, other, ['sleep', '100']);
      await h.instance.start({ containerId: { value: other } });
      const r = await h.instance.recover({ containers: [{ containerId: { value: known } }] });
      assert.is(r.containers.length, 1);
      assert.is(r.containers[0]!.containerId.value, known);
      assert.is(r.containers[0]!.running, true);
      assert.is(r.containers[0]!.pid, pid);
      const orphans = r.orphans.map((o) => o.value);
      assert.ok(orphans.includes(other), `orphans ${JSON.stringify(orphans)} include ${other}`);
      assert.not.ok(orphans.includes(known));
    } finally {
      await destroyQuietly(h.instance, known);
      await destroyQuietly(h.instance, other);
    }
  });

  test('launcher: exec streams output, then the termination, as the last message', async ({ h }) => {
    const id = newId();
    try {
      await launch(h.instance, id, ['sleep', '100']);
      await h.instance.start({ containerId: { value: id } });
      const seen: string[] = [];
      let out = '';
      let exit: Termination | undefined;
      const run = async () => {
        for await (const o of h.instance.exec({ containerId: { value: id }, args: ['sh', '-c', 'cat; echo err >&2; exit 4'], stdin: Buffer.from('in\n') })) {
          if (o.stdout?.length) (seen.push('stdout'), (out += o.stdout.toString()));
          if (o.stderr?.length) seen.push('stderr');
          if (o.exit) (seen.push('exit'), (exit = o.exit));
        }
      };
      await within(run(), 15_000, 'exec to end');
      assert.is(out, 'in\n');
      assert.is(exit?.exitCode, 4);
      assert.is(seen.at(-1), 'exit');
      assert.ok(seen.includes('stderr'));
    } finally {
      await destroyQuietly(h.instance, id);
    }
  });

  test('launcher: destroy kills and forgets the container; a second destroy is NotFound', async ({ h }) => {
    const id = newId();
    const { pid } = await launch(h.instance, id, ['sleep', '100']);
    await h.instance.start({ containerId: { value: id } });
    await h.instance.destroy({ containerId: { value: id } });
    const gone = () => {
      try {
        return /\) [ZX] /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        return true;
      }
    };
    const deadline = Date.now() + 5000;
    while (!gone() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    assert.ok(gone(), `pid ${pid} is gone after destroy`);
    assert.is(await codeOf(h.instance.destroy({ containerId: { value: id } })), 'PLT_ERR_NOT_FOUND');
    assert.is(await codeOf(h.instance.wait({ containerId: { value: id } })), 'PLT_ERR_NOT_FOUND');
  });
};
