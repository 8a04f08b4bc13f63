/**
 * How the CLI's processes write their logs on stderr: one readable line per entry (time, level,
 * role, module, message, the other fields) when stderr is a terminal, pino's JSON lines when it is
 * not (for log shippers and tools), or as `--log-format json|pretty` (PLATEAU_LOG_FORMAT) says.
 * Readable lines come from pino-pretty, written synchronously so that nothing is lost at exit.
 */
import pino, { type DestinationStream } from 'pino';
import { build as prettyStream, type PrettyOptions } from 'pino-pretty';

/** The formats `--log-format` takes. */
export const LOG_FORMATS = ['pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Fields a readable line shows in front of the message, so they are not repeated after it. */
const LEADING_FIELDS = ['role', 'module'];
/** Fields a readable line leaves out: the same in every line of a process, or named by `module` already. */
const HIDDEN_FIELDS = ['pid', 'hostname', 'instance', ...LEADING_FIELDS];

/** The format asked for (flag or PLATEAU_LOG_FORMAT), else pretty on a terminal and JSON elsewhere. */
export function chooseLogFormat(env: NodeJS.ProcessEnv = process.env, stderrIsTTY: boolean = process.stderr.isTTY === true): LogFormat {
  const asked = env.PLATEAU_LOG_FORMAT;
  if (asked === 'pretty' || asked === 'json') return asked;
  return stderrIsTTY ? 'pretty' : 'json';
}

/** pino-pretty's options for Plateau's readable lines: `[12:00:01.123] INFO: master  contender.zk  message {"key":"value"}`. */
export function prettyOptions(colorize: boolean): PrettyOptions {
  return {
    colorize,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: HIDDEN_FIELDS.join(','),
    // `err` stays on the line with the other fields (the roles log it as a message string).
    errorLikeObjectKeys: [],
    messageFormat: (log, messageKey) =>
      [...LEADING_FIELDS.map((k) => log[k]), log[messageKey]]
        .filter((v) => v !== undefined && v !== '')
        .map(String)
        .join('  '),
  };
}

/** Colour only on a terminal, and never with NO_COLOR set (https://no-color.org). */
function wantsColour(env: NodeJS.ProcessEnv): boolean {
  return process.stderr.isTTY === true && env.NO_COLOR === undefined;
}

/** Where a logger of this process writes: stderr, as JSON or as readable lines. */
export function logDestination(format: LogFormat = chooseLogFormat(), env: NodeJS.ProcessEnv = process.env): DestinationStream {
  if (format === 'json') return pino.destination(2);
  return prettyStream({ ...prettyOptions(wantsColour(env)), destination: 2, sync: true });
}
