/**
 * Ids the master hands out, Mesos style: framework `<master id>-0000`, agent `<master id>-S0`,
 * offer `<master id>-O0`, all unique across masters because the master id is a fresh UUID.
 */
import { randomBytes, randomUUID } from 'node:crypto';

/** IdGenerator: counters behind the master id. */
export class IdGenerator {
  private frameworks = 0;
  private agents = 0;
  private offers = 0;

  constructor(readonly masterId: string = randomUUID()) {}

  /** A new framework id. */
  framework(): string {
    return `${this.masterId}-${String(this.frameworks++).padStart(4, '0')}`;
  }

  /** A new agent id. */
  agent(): string {
    return `${this.masterId}-S${this.agents++}`;
  }

  /** A new offer id. */
  offer(): string {
    return `${this.masterId}-O${this.offers++}`;
  }
}

/** 16 random bytes shaped as a version 4 UUID (status update and operation uuids). */
export function uuidBytes(): Buffer {
  const b = randomBytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  return b;
}
