/**
 * RunProgress: what `task run` shows while it waits, on stderr. On a terminal: a spinner saying
 * what is waited for (the master, an offer, the task to start) and, while the agent pulls the
 * image, one bar per layer (from its TASK_STARTING updates, two a second at most); the bars stay
 * on the screen once the task runs. Elsewhere: no spinner, one line when a pull starts and one per finished layer. With
 * --json: nothing (stdout is the statuses).
 */
import { LiveArea } from './live-area';
import { completed, PlainPullLines, pullLines, pullOfStatus, type PullData } from './pull-bars';
import { SPINNER_INTERVAL_MS, spinnerLine } from './spinner';

type Mode = 'tty' | 'plain' | 'off';

export class RunProgress {
  private readonly mode: Mode;
  private area: LiveArea | undefined;
  private timer: NodeJS.Timeout | undefined;
  private what: string | undefined;
  private since = 0;
  private pull: PullData | undefined;
  private readonly plain = new PlainPullLines();

  constructor(opts: { json?: boolean; tty?: boolean } = {}) {
    this.mode = opts.json ? 'off' : (opts.tty ?? LiveArea.usable()) ? 'tty' : 'plain';
  }

  /** From now on, what is waited for (a spinner on a terminal; nothing elsewhere). */
  waiting(what: string): void {
    if (this.mode !== 'tty') return;
    this.what = what;
    this.since = Date.now();
    this.area ??= new LiveArea();
    this.timer ??= setInterval(() => this.draw(), SPINNER_INTERVAL_MS);
    this.timer.unref();
    this.draw();
  }

  /**
   * A status of the task. Returns true when it was a pull's progress and is shown here (its
   * state line should not be printed); a later state ends the pull (bars complete) and the waits.
   */
  onStatus(s: { state?: string; data?: unknown }): boolean {
    if (this.mode === 'off') return false;
    const pull = pullOfStatus(s);
    if (pull) {
      this.pull = pull;
      if (this.mode === 'plain') for (const line of this.plain.next(pull)) process.stderr.write(`${line}\n`);
      else this.draw();
      return true;
    }
    if (s.state !== 'TASK_STAGING' && s.state !== 'TASK_STARTING') this.finishPull();
    return false;
  }

  /** Ends every wait: the area goes (finished bars stay), stdout and stderr are the process's again. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.what = undefined;
    this.area?.close();
    this.area = undefined;
  }

  /** The image is there (the task runs or ended): its bars complete and stay, the spinner goes. */
  private finishPull(): void {
    const pull = this.pull;
    this.pull = undefined;
    if (pull && this.mode === 'plain') for (const line of this.plain.next(completed(pull))) process.stderr.write(`${line}\n`);
    if (pull && this.mode === 'tty') {
      this.area ??= new LiveArea();
      this.area.set([]);
      this.area.keep(pullLines(completed(pull), process.stderr.columns || 80));
    }
    this.stop();
  }

  private draw(): void {
    if (this.mode !== 'tty') return;
    const lines: string[] = [];
    if (this.pull) lines.push(...pullLines(this.pull, process.stderr.columns || 80));
    if (this.what !== undefined) lines.push(spinnerLine(this.pull ? `the image of the task` : this.what, Date.now() - this.since));
    this.area ??= new LiveArea();
    this.area.set(lines);
  }
}
