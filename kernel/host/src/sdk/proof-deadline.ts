/**
 * A leadership proof's deadline on the machine's monotonic clock. `valid_for_ms` counts from
 * when an event is sent; an event that waits (in a socket, or behind a busy event loop in the
 * master) would extend the leadership by the wait if the master counted from its arrival. A
 * deadline on CLOCK_MONOTONIC is the same instant in every thread and process of one boot of
 * one machine, so a master beside its contender (in-process, in a thread, spawned) holds the
 * proof until then and no later, whenever the event reaches it.
 */
import { readFileSync } from 'node:fs';

let bootId: string | undefined;

/** This boot of this machine (Linux's random boot_id); empty where there is none. */
export function machineBootId(): string {
  if (bootId === undefined) {
    try {
      bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      bootId = '';
    }
  }
  return bootId;
}

/** Milliseconds on CLOCK_MONOTONIC (process.hrtime), comparable across processes of one boot. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** The proof's fields as a contender sends them (kernel.contender.v1.LeadershipEvent 5, 7, 8). */
export interface ProofFields {
  validForMs?: number | null;
  validUntilMonotonicMs?: number | null;
  bootId?: string | null;
}

/** Stamps a proof valid for `validForMs` from now with its monotonic deadline and the boot id. */
export function stampProof<T extends ProofFields>(e: T): T {
  if (typeof e.validForMs !== 'number' || typeof e.validUntilMonotonicMs === 'number') return e;
  return { ...e, validUntilMonotonicMs: monotonicMs() + e.validForMs, bootId: machineBootId() };
}

/**
 * Until when (performance.now() ms of the caller) a proof received now holds: `validForMs`
 * from now, but never past its monotonic deadline when it was stamped on this boot of this
 * machine. Undefined when the event carries no proof.
 */
export function proofValidUntil(e: ProofFields, now = performance.now()): number | undefined {
  if (typeof e.validForMs !== 'number') return undefined;
  const fromArrival = now + e.validForMs;
  const own = machineBootId();
  if (typeof e.validUntilMonotonicMs !== 'number' || !e.bootId || !own || e.bootId !== own) return fromArrival;
  return Math.min(fromArrival, now + (e.validUntilMonotonicMs - monotonicMs()));
}
