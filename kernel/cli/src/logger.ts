import pino from 'pino';
import type { Logger } from '@plateau/kernel';
import { logDestination } from './log-format';

/** Logger for CLI commands: on stderr (readable on a terminal, else JSON lines), so stdout stays clean for tables and --json. */
export function cliLogger(level = process.env.PLATEAU_LOG_LEVEL ?? 'warn'): Logger {
  return pino({ level, base: { pid: process.pid } }, logDestination());
}
