/**
 * A pino logger that keeps every record it writes, parsed, in `records`: for tests that assert
 * what a host or module logged.
 */
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

export function captureLogger(level = 'trace'): { logger: Logger; records: Array<Record<string, unknown>> } {
  const records: Array<Record<string, unknown>> = [];
  let buf = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      buf += String(chunk);
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        records.push(JSON.parse(buf.slice(0, i)) as Record<string, unknown>);
        buf = buf.slice(i + 1);
      }
      cb();
    },
  });
  return { logger: pino({ level }, stream), records };
}
