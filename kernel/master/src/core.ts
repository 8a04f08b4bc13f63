/**
 * MasterCore: what every part of the master reads of the master itself: its options and log,
 * its books and id generator, the allocator of the current leadership, its MasterInfo and
 * standing, and the few services it offers (time, guarded timers, allocation requests). The
 * master's collaborators (metrics, operator events, failover) are built on parts of it; the
 * handlers get the whole MasterContext (context.ts).
 */
import type { MasterInfo } from '@plateau/mesos';
import type { Logger } from '@plateau/kernel';
import type { Allocator } from './allocator/allocator';
import type { IdGenerator } from './ids';
import type { MasterOptions } from './options';
import type { MasterState } from './state/index';

/** MasterCore: one master, as its parts read it. */
export interface MasterCore {
  readonly opts: MasterOptions;
  readonly log: Logger;
  readonly ids: IdGenerator;
  /** The books (emptied, never replaced, when leadership ends). */
  readonly state: MasterState;
  /** The allocator of the current leadership: a fresh one at each election and at each loss. */
  readonly allocator: Allocator;
  readonly info: MasterInfo;
  /** When this master started, ms since the epoch. */
  readonly startTime: number;
  /** When it was last elected. */
  readonly electedTime: number | undefined;
  /** Whether this master leads and has recovered (serves writes). */
  readonly leading: boolean;
  /** Milliseconds since the epoch. */
  now(): number;
  /** Wraps a timer callback so that a failure is logged instead of ending the process. */
  guard<A extends unknown[]>(what: string, fn: (...args: A) => void): (...args: A) => void;
  /** Asks for an allocation round soon (coalesced). */
  requestAllocation(): void;
}
