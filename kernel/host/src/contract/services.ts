import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createToken } from './tokens';

/** Clock: the kernel's time source, injectable so tests can control time. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The system clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** Directories a module owns: `state` survives restarts, `run` is cleared at every boot. */
export interface ModuleDirs {
  state: string;
  run: string;
}

/** Kernel services every module may depend on, by token. */
export const Tokens = {
  /** pino logger, already tagged with the module's URI when injected into a module. */
  logger: createToken<Logger>('plateau.service.logger'),
  /** prom-client registry the module registers its metrics in. */
  metrics: createToken<Registry>('plateau.service.metrics'),
  /** Time source. */
  clock: createToken<Clock>('plateau.service.clock'),
  /** The whole loaded Plateau config (read-only). */
  config: createToken<Readonly<Record<string, unknown>>>('plateau.service.config'),
  /** The module's own directories (per-module container only). */
  dirs: createToken<ModuleDirs>('plateau.service.dirs'),
} as const;

export type { Logger, Registry };
