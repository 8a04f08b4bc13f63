import pino from 'pino';
import type { Logger } from '@plateau/kernel';

/** Logger for CLI commands: JSON lines on stderr, so stdout stays clean for tables and --json. */
export function cliLogger(level = process.env.PLATEAU_LOG_LEVEL ?? 'warn'): Logger {
  return pino({ level, base: { pid: process.pid } }, pino.destination(2));
}
