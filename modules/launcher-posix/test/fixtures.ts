/** Test fixtures for the posix launcher: a scratch area whose cleanup kills every process it left. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { killRecorded } from '@plateau/testkit/launcher-fixtures';

export { codeOf, launchFromDoomedAgent, scratchTest, waitFor, within } from '@plateau/testkit/launcher-fixtures';

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
      killRecorded(state);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
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
