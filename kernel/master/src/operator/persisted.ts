/**
 * What the operator API persists through the registry module, beside the admitted agents: quota
 * configs (UPDATE_QUOTA), role weights (UPDATE_WEIGHTS) and the agents marked gone
 * (MARK_AGENT_GONE), each under its own key as JSON. Read when the master is elected (before it
 * serves) and applied to each new allocator; each write is compare-and-set on the version this
 * master last read or wrote, so a deposed master cannot overwrite its successor's. Without a
 * registry module they live in memory only.
 */
import type { Allocator, QuotaInput } from '../allocator/allocator';
import type { QuotaConfig, ResourceJSON } from '@plateau/mesos';
import { type Logger, messageOf, type RegistryService } from '@plateau/kernel';
import { UNFENCED, type WriteFence } from '../fencing';

/** Registry keys. */
export const QUOTA_KEY = 'master/quota';
export const WEIGHTS_KEY = 'master/weights';
export const GONE_KEY = 'master/gone_agents';
export const RESERVATIONS_KEY = 'master/reservations';

type Key = typeof QUOTA_KEY | typeof WEIGHTS_KEY | typeof GONE_KEY | typeof RESERVATIONS_KEY;

/** The allocator's form of a quota config (scalars by name). */
export function quotaInput(c: QuotaConfig): QuotaInput {
  const values = (m: QuotaConfig['guarantees']) => Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [k, v.value]));
  return { guarantee: values(c.guarantees), limit: values(c.limits) };
}

/** Whether a config sets nothing (it means: back to no quota). */
export function isEmptyQuota(c: QuotaConfig): boolean {
  return Object.keys(c.guarantees ?? {}).length === 0 && Object.keys(c.limits ?? {}).length === 0;
}

/** OperatorRegistry: one master's persisted operator settings. */
export class OperatorRegistry {
  /** Quota configs by role (only roles with a non-default quota). */
  quotas = new Map<string, QuotaConfig>();
  /** Weights by role, as the operator set them (1 included). */
  weights = new Map<string, number>();
  /** Agents marked gone: they may not come back. */
  gone = new Set<string>();
  /** Dynamic reservations made through the operator API, by agent (v1 Resource JSON). */
  reservations = new Map<string, ResourceJSON[]>();
  private versions = new Map<Key, string | number>();
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly module: RegistryService | undefined,
    private readonly fence: WriteFence = UNFENCED,
  ) {}

  /** Reads the three keys (after election). */
  async recover(): Promise<void> {
    this.quotas = new Map();
    this.weights = new Map();
    this.gone = new Set();
    this.reservations = new Map();
    this.versions.clear();
    if (!this.module) return;
    const quota = await this.read(QUOTA_KEY);
    for (const c of (quota as { configs?: QuotaConfig[] } | undefined)?.configs ?? []) if (c && typeof c.role === 'string') this.quotas.set(c.role, c);
    const weights = await this.read(WEIGHTS_KEY);
    for (const [role, w] of Object.entries((weights as { weights?: Record<string, number> } | undefined)?.weights ?? {})) if (typeof w === 'number' && w > 0) this.weights.set(role, w);
    const gone = await this.read(GONE_KEY);
    for (const id of (gone as { agents?: string[] } | undefined)?.agents ?? []) if (typeof id === 'string') this.gone.add(id);
    const reservations = await this.read(RESERVATIONS_KEY);
    for (const [id, list] of Object.entries((reservations as { agents?: Record<string, ResourceJSON[]> } | undefined)?.agents ?? {})) if (Array.isArray(list)) this.reservations.set(id, list);
  }

  /** Sets quotas and weights on a fresh allocator. */
  applyTo(allocator: Allocator, log: Logger): void {
    for (const [role, w] of this.weights) {
      try {
        allocator.setWeight(role, w);
      } catch (err) {
        log.error({ role, err: messageOf(err) }, 'stored weight not applied');
      }
    }
    for (const [role, c] of this.quotas) {
      try {
        allocator.setQuota(role, quotaInput(c));
      } catch (err) {
        log.error({ role, err: messageOf(err) }, 'stored quota not applied');
      }
    }
  }

  /** Writes the quota configs. */
  saveQuotas(): Promise<void> {
    return this.write(QUOTA_KEY, { configs: [...this.quotas.values()] });
  }

  /** Writes the weights. */
  saveWeights(): Promise<void> {
    return this.write(WEIGHTS_KEY, { weights: Object.fromEntries(this.weights) });
  }

  /** Writes the reservations. */
  saveReservations(): Promise<void> {
    return this.write(RESERVATIONS_KEY, { agents: Object.fromEntries(this.reservations) });
  }

  /** Writes the gone agents. */
  saveGone(): Promise<void> {
    return this.write(GONE_KEY, { agents: [...this.gone] });
  }

  private async read(key: Key): Promise<unknown> {
    const got = await this.module!.get({ key });
    if (!got.found) return undefined;
    this.versions.set(key, got.version ?? 0);
    try {
      return JSON.parse(Buffer.from(got.value ?? new Uint8Array()).toString('utf8'));
    } catch {
      return undefined;
    }
  }

  /** Writes one key; writes go one at a time, in order. */
  private write(key: Key, value: unknown): Promise<void> {
    if (!this.module) return Promise.resolve();
    const bytes = Buffer.from(JSON.stringify(value), 'utf8');
    const run = this.chain.then(async () => {
      const fencingToken = this.fence.tokenForWrite(`registry write of ${key}`);
      const r = await this.module!.apply({ key, value: bytes, expectedVersion: this.versions.get(key) ?? 0, fencingToken }).catch((err: unknown) => {
        this.fence.failed(err);
        throw err;
      });
      this.versions.set(key, r.version ?? Number(this.versions.get(key) ?? 0) + 1);
    });
    this.chain = run.catch(() => undefined);
    return run;
  }
}
