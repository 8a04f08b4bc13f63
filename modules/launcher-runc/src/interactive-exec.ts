/**
 * Execs with a terminal, or with stdin kept open for ExecInput.
 *
 * A terminal: `runc exec` with `terminal: true`, in the foreground, gets the container its own
 * pseudo-terminal (in the container's devpts: the command sees /dev/pts/N as its tty) and copies
 * between it and runc's own terminal, whose size it gives the container's and follows on SIGWINCH.
 * runc's own terminal is one util-linux `script` opens: `script -c` runs a shell that writes the
 * name of that terminal to a file, sets its size and execs runc. A new size (ExecInput) is set on
 * that terminal with `stty -F`, which makes the kernel send runc SIGWINCH, and runc resizes the
 * container's terminal, whose foreground processes get SIGWINCH in turn.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type ExecOutput, NotFoundError, terminationOf, UnsupportedError, which } from '@plateau/kernel';
import { shQuote } from './spec';

/** A terminal's size. */
export interface TerminalSize {
  rows: number;
  columns: number;
}

/** An exec that takes input. */
interface LiveExec {
  child: ChildProcess;
  /** File the terminal's name is written to (execs with a terminal). */
  ttyFile?: string;
}

/** The command line that runs `runcArgs` on a terminal of `size` (through script), and where the terminal's name goes. */
export function terminalCommand(runc: string, runcArgs: string[], size: TerminalSize, dir: string): { cmd: string; args: string[]; ttyFile: string } {
  const script = which('script');
  if (!script) throw new UnsupportedError('exec tty: needs script (util-linux; Debian package bsdutils), which is not installed');
  const ttyFile = path.join(dir, 'tty');
  const inner = [`tty > ${shQuote(ttyFile)}`, `stty rows ${Math.max(1, size.rows | 0)} cols ${Math.max(1, size.columns | 0)}`, `exec ${[runc, ...runcArgs].map(shQuote).join(' ')}`].join(' && ');
  return { cmd: script, args: ['-q', '-e', '-c', inner, '/dev/null'], ttyFile };
}

/** The execs that take input, by container and exec id. */
export class InteractiveExecs {
  private readonly live = new Map<string, LiveExec>();

  /**
   * Starts `cmd`, streams its output (a terminal's comes as stdout) and then its termination;
   * `stdin` is written first and stdin stays open until ExecInput closes it.
   */
  run(key: string, cmd: string, args: string[], stdin: Uint8Array | string | undefined, ttyFile: string | undefined, push: (o: ExecOutput) => void, end: (err?: unknown) => void, settle: () => void): ChildProcess {
    // script runs its -c command with $SHELL.
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, SHELL: '/bin/sh' } });
    this.live.set(key, { child, ...(ttyFile === undefined ? {} : { ttyFile }) });
    child.stdout!.on('data', (b: Buffer) => push({ stdout: b, output: 'stdout' }));
    child.stderr!.on('data', (b: Buffer) => push({ stderr: b, output: 'stderr' }));
    child.stdin!.on('error', () => undefined);
    if (stdin && stdin.length) child.stdin!.write(typeof stdin === 'string' ? Buffer.from(stdin, 'base64') : Buffer.from(stdin));
    child.on('error', (e) => {
      this.live.delete(key);
      settle();
      end(e);
    });
    child.on('close', (code, signal) => {
      this.live.delete(key);
      settle();
      const rc = code ?? 128 + (signal ? (require('node:os') as typeof import('node:os')).constants.signals[signal] : 9);
      push({ exit: terminationOf({ code: rc, started: true, abort: null }), output: 'exit' });
      end();
    });
    return child;
  }

  /** ExecInput: stdin bytes, its end, a new terminal size. */
  async input(key: string, req: { stdin?: Uint8Array | string | null; closeStdin?: boolean | null; windowSize?: TerminalSize | null }): Promise<void> {
    const e = this.live.get(key);
    if (e === undefined) throw new NotFoundError(`no running interactive exec ${key}`);
    if (req.stdin && req.stdin.length) e.child.stdin!.write(typeof req.stdin === 'string' ? Buffer.from(req.stdin, 'base64') : Buffer.from(req.stdin));
    if (req.windowSize) {
      if (e.ttyFile === undefined) throw new UnsupportedError(`exec ${key} has no terminal to resize`);
      await resize(await ttyName(e.ttyFile), req.windowSize);
    }
    if (req.closeStdin) e.child.stdin!.end();
  }
}

/** The terminal's name, once the shell under script has written it (it does so first thing). */
async function ttyName(file: string): Promise<string> {
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      const name = fs.readFileSync(file, 'utf8').trim();
      if (name.startsWith('/dev/')) return name;
    } catch {
      // not written yet
    }
    if (Date.now() > deadline) throw new NotFoundError(`the exec's terminal is not known (${file} was not written)`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function resize(tty: string, size: TerminalSize): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('stty', ['-F', tty, 'rows', String(Math.max(1, size.rows | 0)), 'cols', String(Math.max(1, size.columns | 0))], { timeout: 5000 }, (err, _out, stderr) => {
      if (err) reject(new Error(`stty -F ${tty}: ${String(stderr).trim() || err.message}`));
      else resolve();
    });
  });
}
