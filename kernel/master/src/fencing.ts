/**
 * Fencing of the master's writes: every write is accepted only while the master's leadership is
 * proven now (Leadership.unproven), and every registry write carries the contender's fencing
 * token, so that the registry module refuses it (PLT_ERR_FENCED) once that leadership is gone,
 * even if the master has not noticed. Either refusal demotes the master at once.
 */
import { ErrorCodes, FencedError, hasCode } from '@plateau/kernel';

/** What the registries ask before and after each write. */
export interface WriteFence {
  /** The fencing token for a write now; throws FencedError (and demotes) when leadership is not proven. */
  tokenForWrite(what: string): string;
  /** A write failed: when the registry refused it as fenced, demote. */
  failed(err: unknown): void;
}

/** No fence: for registries used outside a master's leadership (tests, tools). */
export const UNFENCED: WriteFence = { tokenForWrite: () => '', failed: () => undefined };

/** Whether `err` is a registry's refusal of a fenced write. */
export function isFenced(err: unknown): boolean {
  return err instanceof FencedError || hasCode(err, ErrorCodes.fenced);
}
