/**
 * LiveArea: a few lines at the bottom of a terminal that are redrawn in place (a spinner, progress
 * bars). While it is shown, whatever else the process writes to stdout or stderr goes above it:
 * the area is erased, the text written, the area drawn again. Only for a TTY: `LiveArea.usable`
 * says whether stderr is one.
 */

type Write = typeof process.stderr.write;

export class LiveArea {
  private lines: string[] = [];
  /** Lines of the area on the screen now. */
  private drawn = 0;
  /** The last text written by others ended mid-line: drawing now would break that line. */
  private midLine = false;
  private originals: { stream: NodeJS.WriteStream; write: Write }[] = [];

  constructor(private readonly out: NodeJS.WriteStream = process.stderr) {}

  /** Whether stderr is a terminal that takes cursor movements. */
  static usable(out: NodeJS.WriteStream = process.stderr): boolean {
    return out.isTTY === true && process.env.TERM !== 'dumb';
  }

  /** Shows `lines` (each cut to the terminal's width), replacing what the area showed. */
  set(lines: string[]): void {
    this.lines = lines;
    this.hook();
    this.redraw();
  }

  /** Writes `lines` above the area for good (they scroll with the rest), then redraws the area. */
  keep(lines: string[]): void {
    this.raw(this.erase() + lines.map((l) => `${this.fit(l)}\n`).join(''));
    this.drawn = 0;
    this.redraw();
  }

  /** Erases the area and gives stdout and stderr back. */
  close(): void {
    if (this.drawn > 0) this.raw(this.erase());
    this.drawn = 0;
    this.lines = [];
    for (const o of this.originals) o.stream.write = o.write;
    this.originals = [];
  }

  private redraw(): void {
    if (this.midLine || this.originals.length === 0) return;
    this.raw(this.erase() + this.lines.map((l) => `${this.fit(l)}\n`).join(''));
    this.drawn = this.lines.length;
  }

  /** Cursor up over the area, and clear from there down. */
  private erase(): string {
    return this.drawn > 0 ? `\x1b[${this.drawn}A\r\x1b[J` : '';
  }

  /** One line never wraps (the erase counts lines). */
  private fit(line: string): string {
    const width = Math.max(20, (this.out.columns || 80) - 1);
    return line.length > width ? `${line.slice(0, width - 1)}…` : line;
  }

  private raw(text: string): void {
    if (text === '') return;
    const original = this.originals.find((o) => o.stream === this.out)?.write ?? this.out.write;
    original.call(this.out, text);
  }

  /** Routes other writes above the area: stderr always, stdout when it is the same terminal. */
  private hook(): void {
    if (this.originals.length > 0) return;
    const streams = [this.out, ...(process.stdout.isTTY && process.stdout !== this.out ? [process.stdout] : [])];
    for (const stream of streams) {
      const write = stream.write;
      this.originals.push({ stream, write });
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        if (this.drawn > 0) this.raw(this.erase());
        this.drawn = 0;
        const ok = (write as (...a: unknown[]) => boolean).call(stream, chunk, ...rest);
        const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) || chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : '';
        if (text.length > 0) this.midLine = !text.endsWith('\n');
        this.redraw();
        return ok;
      }) as Write;
    }
  }
}
