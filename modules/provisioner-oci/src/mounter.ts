import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { run } from './unpack';

/** Quotes one argument for sh. */
function quote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

const MARK = '__plateau_mount_rc=';

/**
 * Runs mount and umount commands. Node has no mount(2), and starting a process from Node costs
 * several milliseconds, more than the mount itself; so one long-lived `sh` takes the commands on
 * its stdin, one at a time, and answers each with its exit status. busybox's mount is used when
 * it is installed (it starts faster than util-linux's). If the shell dies it is started again on
 * the next command; if it cannot start, each command runs as its own process.
 */
export class Mounter {
  private sh: ChildProcessWithoutNullStreams | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly prefix: string[];
  private broken = false;

  constructor() {
    this.prefix = ['/bin/busybox', '/usr/bin/busybox'].some((p) => existsSync(p)) ? ['busybox'] : [];
  }

  /** `mount args...` */
  mount(args: string[]): Promise<void> {
    return this.exec([...this.prefix, 'mount', ...args]);
  }

  /** `umount args...` */
  umount(args: string[]): Promise<void> {
    return this.exec([...this.prefix, 'umount', ...args]);
  }

  /** Ends the shell. */
  close(): void {
    this.sh?.stdin.end();
    this.sh = undefined;
  }

  private exec(argv: string[]): Promise<void> {
    const next = this.chain.catch(() => undefined).then(() => this.execNow(argv));
    this.chain = next;
    return next;
  }

  private async execNow(argv: string[]): Promise<void> {
    if (this.broken) {
      await run(argv[0]!, argv.slice(1));
      return;
    }
    const sh = this.shell();
    if (!sh) {
      await run(argv[0]!, argv.slice(1));
      return;
    }
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const onData = (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const at = out.indexOf(MARK);
        if (at < 0 || !out.slice(at).includes('\n')) return;
        done();
        const code = Number(out.slice(at + MARK.length).split('\n')[0]);
        const text = out.slice(0, at).trim();
        if (code === 0) resolve();
        else reject(new Error(`${argv.join(' ')}: ${text || `exit status ${code}`}`));
      };
      const onExit = () => {
        done();
        this.sh = undefined;
        reject(new Error(`${argv.join(' ')}: the mount shell exited`));
      };
      const handles = [sh, sh.stdout] as unknown as { ref?: () => void; unref?: () => void }[];
      const done = () => {
        sh.stdout.off('data', onData);
        sh.off('exit', onExit);
        for (const h of handles) h.unref?.();
      };
      // Held while a command runs, so that the process waits for the answer.
      for (const h of handles) h.ref?.();
      sh.stdout.on('data', onData);
      sh.once('exit', onExit);
      sh.stdin.write(`${argv.map(quote).join(' ')} 2>&1 </dev/null; echo "${MARK}$?"\n`);
    });
  }

  private shell(): ChildProcessWithoutNullStreams | undefined {
    // A shell killed by a signal (a terminal's Ctrl-C reaches the whole group) has exitCode null.
    if (this.sh && this.sh.exitCode === null && this.sh.signalCode === null && !this.sh.killed) return this.sh;
    try {
      const sh = spawn('/bin/sh', [], { stdio: ['pipe', 'pipe', 'pipe'] });
      sh.on('error', () => {
        this.broken = true;
        this.sh = undefined;
      });
      sh.stdin.on('error', () => undefined);
      sh.stderr.resume();
      // The shell must not keep the process alive on its own.
      sh.unref();
      for (const s of [sh.stdin, sh.stdout, sh.stderr] as unknown as { unref?: () => void }[]) s.unref?.();
      this.sh = sh;
      return sh;
    } catch {
      this.broken = true;
      return undefined;
    }
  }
}
