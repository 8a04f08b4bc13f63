/** Test fixtures for the posix launcher: a scratch area whose cleanup kills every process it left. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A scratch area: the launcher's state dir and sandboxes. */
export interface Scratch {
  dir: string;
  state: string;
  sandbox(name: string): string;
  cleanup(): void;
}

/** Creates a scratch area under the system temp dir. */
export function scratch(): Scratch {
  const dir = fs.mkdtempSync(path.join(process.env.PLATEAU_TEST_TMPDIR || os.tmpdir(), 'plateau-posix-'));
  const state = path.join(dir, 'state');
  fs.mkdirSync(state, { recursive: true });
  return {
    dir,
    state,
    sandbox(name) {
      const p = path.join(dir, 'sandboxes', name);
      fs.mkdirSync(p, { recursive: true });
      return p;
    },
    cleanup() {
      const base = path.join(state, 'containers');
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
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
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

/** Resolves `p`, or rejects after `ms` naming `what`. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(t)),
    new Promise<T>((_, reject) => {
      t = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]);
}

/** Whether a process exists (not a zombie). */
export function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!);
  } catch {
    return false;
  }
}
