/**
 * Test fixtures for launchers: a busybox rootfs, a scratch area per test with its own runc root
 * and cgroup parent, and a cleanup that removes every container, monitor, cgroup and file the
 * test left, even when it failed. launcher-posix's tests use the launcher-agnostic ones
 * ('@plateau/launcher-runc/lib/test/fixtures').
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import { busyboxRootfs, staticBusybox } from '@plateau/conformance';
import { printSkip } from '@plateau/testkit/skip';

export { busyboxRootfs, staticBusybox, within } from '@plateau/conformance';

/** Why runc tests cannot run here, or undefined when they can. */
export function runcUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root';
  try {
    execFileSync('runc', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'runc is not installed';
  }
  if (!staticBusybox()) return 'no static busybox (busybox-static)';
  return undefined;
}

/** A scratch area: state dir, runc root, sandbox, rootfs, and a unique cgroup parent. */
export interface Scratch {
  dir: string;
  state: string;
  runcRoot: string;
  rootfs: string;
  cgroupParent: string;
  /** A fresh sandbox directory. */
  sandbox(name: string): string;
  /** Removes every container, monitor, cgroup and file of this scratch area. */
  cleanup(): void;
}

let counter = 0;

/** Creates a scratch area under the system temp dir. */
export function scratch(prefix = 'launcher'): Scratch {
  const dir = fs.mkdtempSync(path.join(process.env.PLATEAU_TEST_TMPDIR || os.tmpdir(), `plateau-${prefix}-`));
  const s: Scratch = {
    dir,
    state: path.join(dir, 'state'),
    runcRoot: path.join(dir, 'runc'),
    rootfs: path.join(dir, 'rootfs'),
    cgroupParent: `plateau-test-${process.pid}-${++counter}`,
    sandbox(name) {
      const p = path.join(dir, 'sandboxes', name);
      fs.mkdirSync(p, { recursive: true });
      return p;
    },
    cleanup() {
      cleanupScratch(s);
    },
  };
  fs.mkdirSync(s.state, { recursive: true });
  if (staticBusybox()) busyboxRootfs(s.rootfs);
  return s;
}

function cleanupScratch(s: Scratch): void {
  // Containers first: runc delete -f kills every process of each.
  try {
    const out = execFileSync('runc', ['--root', s.runcRoot, 'list', '-q'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    for (const id of out.split('\n').filter(Boolean)) {
      try {
        execFileSync('runc', ['--root', s.runcRoot, 'delete', '-f', id], { stdio: 'ignore' });
      } catch {
        // already gone
      }
    }
  } catch {
    // no runc root
  }
  killRecorded(s.state);
  // Cgroups under the test's parent, in every v1 controller and the unified root.
  let ctrls: string[] = [];
  try {
    ctrls = fs.readdirSync('/sys/fs/cgroup').map((c) => path.join('/sys/fs/cgroup', c));
  } catch {
    // none
  }
  for (const root of [...ctrls, '/sys/fs/cgroup']) {
    const parent = path.join(root, s.cgroupParent);
    if (!fs.existsSync(parent)) continue;
    for (const child of fs.readdirSync(parent, { withFileTypes: true }).filter((e) => e.isDirectory())) {
      try {
        fs.rmdirSync(path.join(parent, child.name));
      } catch {
        // busy or gone
      }
    }
    try {
      fs.rmdirSync(parent);
    } catch {
      // busy or gone
    }
  }
  fs.rmSync(s.dir, { recursive: true, force: true });
}

/** SIGKILLs the monitors and posix process groups the launchers recorded under `stateDir`. */
export function killRecorded(stateDir: string): void {
  const base = path.join(stateDir, 'containers');
  let ids: string[] = [];
  try {
    ids = fs.readdirSync(base);
  } catch {
    // none
  }
  for (const id of ids) {
    try {
      const rec = JSON.parse(fs.readFileSync(path.join(base, id, 'launch.json'), 'utf8')) as { monitorPid?: number; pgid?: number };
      for (const p of [rec.pgid, rec.monitorPid]) {
        if (!p) continue;
        try {
          process.kill(-p, 'SIGKILL');
        } catch {
          // gone
        }
      }
    } catch {
      // no record
    }
  }
}

/**
 * Registers a uvu test that runs `fn` with a fresh scratch area from `make`, cleaned up whatever
 * happens; the test prints `SKIP <title>: <why>` instead when `skip()` gives a reason.
 */
export function scratchTest<S extends { cleanup(): void }>(title: string, skip: () => string | undefined, make: () => S, fn: (s: S) => Promise<void>): void {
  test(title, async () => {
    const why = skip();
    if (why) {
      printSkip(title, why);
      return;
    }
    const s = make();
    try {
      await fn(s);
    } finally {
      s.cleanup();
    }
  });
}

/** The error code `p` rejects with; undefined when it resolves. */
export async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

/**
 * Plays an agent that dies: a separate Node process runs `setup` (JavaScript that defines `l`, a
 * launcher), launches and starts a container with `request` and prints Launch's answer; it is then
 * killed with SIGKILL. Resolves with that answer once the process is gone.
 */
export async function launchFromDoomedAgent(setup: string, request: { containerId: { value: string }; [field: string]: unknown }): Promise<{ pid: number; launcherState: string }> {
  const script = `
    ${setup}
    (async () => {
      const r = await l.launch(${JSON.stringify(request)});
      await l.start({ containerId: ${JSON.stringify(request.containerId)} });
      process.stdout.write(JSON.stringify(r) + '\\n');
      setInterval(() => {}, 1000);
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const agent = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  agent.stdout.on('data', (b: Buffer) => (out += b.toString()));
  try {
    await waitFor(() => out.includes('\n'), 20_000, `the agent process to launch ${request.containerId.value}`);
  } finally {
    agent.kill('SIGKILL');
  }
  await new Promise((r) => agent.once('exit', r));
  return JSON.parse(out) as { pid: number; launcherState: string };
}

/** Polls `fn` until it returns a value other than undefined/false, or throws `what` after `ms`. */
export async function waitFor<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** runc containers in a root: id -> status. */
export function runcList(root: string): Map<string, string> {
  try {
    const out = execFileSync('runc', ['--root', root, 'list', '--format', 'json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return new Map(((JSON.parse(out) as { id: string; status: string }[] | null) ?? []).map((c) => [c.id, c.status]));
  } catch {
    return new Map();
  }
}

/** Whether any cgroup directory remains under `parent` in any controller. */
export function cgroupsLeft(parent: string): string[] {
  const left: string[] = [];
  let ctrls: string[] = [];
  try {
    ctrls = fs.readdirSync('/sys/fs/cgroup').map((c) => path.join('/sys/fs/cgroup', c));
  } catch {
    return left;
  }
  for (const root of ctrls) {
    const p = path.join(root, parent);
    try {
      for (const e of fs.readdirSync(p, { withFileTypes: true })) if (e.isDirectory()) left.push(path.join(p, e.name));
    } catch {
      // none
    }
  }
  return left;
}
