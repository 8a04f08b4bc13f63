/**
 * What every long-running role command (`master`, `agent`, `up`) does first: a logger on stderr
 * tagged with the role, then plateau.yaml loaded and its modules prepared (not yet started) with a
 * metrics registry they report into, and the config's logLevel applied unless PLATEAU_LOG_LEVEL
 * (which wins) is set.
 */
import pino, { type DestinationStream } from 'pino';
import { Registry } from 'prom-client';
import { logDestination } from './log-format';
import { prepareModules, type Logger, type ModuleHost, type PlateauConfig, type RoleTls } from '@plateau/kernel';

/** The stderr logger of a role's process (readable lines on a terminal, else JSON: see log-format), or one writing to `destination`. */
export function roleLogger(role: string, destination: DestinationStream = logDestination()): Logger {
  return pino({ level: process.env.PLATEAU_LOG_LEVEL ?? 'info', base: { pid: process.pid, role } }, destination);
}

/** A role's prepared modules and its config. */
export interface PreparedRole {
  host: ModuleHost;
  config: PlateauConfig;
  /** The config file read, when one was. */
  file?: string;
  /** The registry the modules' metrics go to, for the role to serve. */
  metrics: Registry;
  /** The TLS material of master.tls, agent.tls and agent.masterCa. */
  tls: RoleTls;
}

/** Loads the config and prepares its modules (see the file's header). */
export async function prepareRole(opts: { config?: string; workDir?: string }, log: Logger): Promise<PreparedRole> {
  const metrics = new Registry();
  const prepared = await prepareModules({ configFile: opts.config, workDir: opts.workDir, logger: log, metrics });
  const config = prepared.loaded.config;
  if (config.logLevel !== undefined && process.env.PLATEAU_LOG_LEVEL === undefined) log.level = config.logLevel;
  return { host: prepared.host, config, file: prepared.loaded.file, metrics, tls: prepared.tls };
}
