/**
 * MasterRegistry: what the master persists through the registry module (Mesos's registrar): the
 * admitted agents, under one key. Admissions are group-committed: while one write is in flight,
 * and for a pause after it four times as long as it took, the next ones gather and go out
 * together. So 20,000 agents registering at once cost a few dozen writes, not 20,000, and a
 * registry module that writes synchronously holds the master's event loop at most a fifth of the
 * time. Each write is compare-and-set on the version this master last wrote, so a master that
 * lost leadership without noticing cannot overwrite its successor's registry; and each is fenced
 * (fencing.ts): sent only while leadership is proven, with the contender's fencing token.
 */
import { type Logger, messageOf, type RegistryService } from '@plateau/kernel';
import { UNFENCED, type WriteFence } from './fencing';

/** Registry key of the admitted agents. */
export const AGENTS_KEY = 'master/agents';

/** An admitted agent as stored. */
export interface AdmittedAgent {
  id: string;
  hostname: string;
  port: number;
}

/** MasterRegistry: recovery at election, then admissions and removals. */
export class MasterRegistry {
  private agents = new Map<string, AdmittedAgent>();
  private version: string | number = 0;
  private writing: Promise<void> | undefined;
  private dirty = false;
  /** How long the last write took, ms. */
  private lastWriteMs = 0;
  private waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];

  constructor(
    /** The registry module (the operator API keeps its own keys there). */
    readonly module: RegistryService | undefined,
    private readonly log: Logger,
    private readonly fence: WriteFence = UNFENCED,
  ) {}

  /** Reads the registry after election; returns the agents admitted by earlier leaders. */
  async recover(): Promise<AdmittedAgent[]> {
    this.agents = new Map();
    this.version = 0;
    if (!this.module) return [];
    const got = await this.module.get({ key: AGENTS_KEY });
    if (!got.found) return [];
    this.version = got.version ?? 0;
    try {
      const parsed = JSON.parse(Buffer.from(got.value ?? new Uint8Array()).toString('utf8')) as { agents?: AdmittedAgent[] };
      for (const a of parsed.agents ?? []) if (a && typeof a.id === 'string') this.agents.set(a.id, a);
    } catch (err) {
      this.log.error({ err: messageOf(err) }, `registry key ${AGENTS_KEY} is not valid JSON; starting from an empty agent list`);
    }
    return [...this.agents.values()];
  }

  /** Whether an agent id was admitted. */
  has(id: string): boolean {
    return this.agents.has(id);
  }

  /** Admits an agent; resolves once the registry holds it. */
  admit(agent: AdmittedAgent): Promise<void> {
    this.agents.set(agent.id, agent);
    return this.commit();
  }

  /** Forgets an agent (marked gone, or removed); resolves once written. */
  remove(id: string): Promise<void> {
    if (!this.agents.delete(id)) return Promise.resolve();
    return this.commit();
  }

  private commit(): Promise<void> {
    if (!this.module) return Promise.resolve();
    const p = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.dirty = true;
    if (!this.writing) this.writing = this.flush();
    return p;
  }

  private async flush(): Promise<void> {
    while (this.dirty) {
      if (this.lastWriteMs > 0) await new Promise((r) => setTimeout(r, Math.min(1000, this.lastWriteMs * 4)));
      this.dirty = false;
      const batch = this.waiters;
      this.waiters = [];
      const value = Buffer.from(JSON.stringify({ agents: [...this.agents.values()] }), 'utf8');
      const started = performance.now();
      try {
        const fencingToken = this.fence.tokenForWrite(`registry write of ${AGENTS_KEY}`);
        const r = await this.module!.apply({ key: AGENTS_KEY, value, expectedVersion: this.version, fencingToken });
        this.lastWriteMs = performance.now() - started;
        this.version = r.version ?? Number(this.version) + 1;
        for (const w of batch) w.resolve();
      } catch (err) {
        this.log.error({ err: messageOf(err), agents: batch.length }, 'registry write failed');
        this.fence.failed(err);
        for (const w of batch) w.reject(err);
      }
    }
    this.writing = undefined;
  }
}
