/**
 * MaintenanceStore: what maintenance and draining keep in the registry module, as Mesos keeps it
 * in its registry: the maintenance schedule, the machines that are DOWN, the agents an operator
 * deactivated and the agents being drained (with their DrainInfo). One key, JSON; read when the
 * master is elected, written compare-and-set on the version this master last read or wrote and
 * fenced, so a deposed master cannot overwrite its successor's. Without a registry module it lives
 * in memory only. Inverse offers and the frameworks' answers to them are not persisted (Mesos
 * keeps them in its allocator).
 */
import { type DrainInfo, DrainInfoSchema, encodeMessage, type MachineID, MachineIDSchema, type MaintenanceSchedule, MaintenanceScheduleSchema, tryDecode } from '@plateau/mesos';
import { type Logger, messageOf, type RegistryService } from '@plateau/kernel';
import { UNFENCED, type WriteFence } from '../fencing';
import { machineKey } from './machines';

/** Registry key of maintenance and draining. */
export const MAINTENANCE_KEY = 'master/maintenance';

/** MaintenanceStore: one master's maintenance books. */
export class MaintenanceStore {
  /** The schedule as the operator last set it. */
  schedule: MaintenanceSchedule = { windows: [] };
  /** DOWN machines by machineKey. */
  down = new Map<string, MachineID>();
  /** Agents deactivated by the operator (DEACTIVATE_AGENT), by id. */
  deactivated = new Set<string>();
  /** Agents being drained or drained (DRAIN_AGENT), by id. */
  draining = new Map<string, DrainInfo>();
  private version: string | number = 0;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly module: RegistryService | undefined,
    private readonly log: Logger,
    private readonly fence: WriteFence = UNFENCED,
  ) {}

  /** Reads the key (after election). */
  async recover(): Promise<void> {
    this.schedule = { windows: [] };
    this.down = new Map();
    this.deactivated = new Set();
    this.draining = new Map();
    this.version = 0;
    if (!this.module) return;
    const got = await this.module.get({ key: MAINTENANCE_KEY });
    if (!got.found) return;
    this.version = got.version ?? 0;
    let stored: { schedule?: unknown; down?: unknown[]; deactivated?: unknown[]; draining?: Record<string, unknown> };
    try {
      stored = JSON.parse(Buffer.from(got.value ?? new Uint8Array()).toString('utf8'));
    } catch (err) {
      this.log.error({ err: messageOf(err) }, `registry key ${MAINTENANCE_KEY} is not valid JSON; starting without maintenance`);
      return;
    }
    const schedule = tryDecode(MaintenanceScheduleSchema, stored.schedule ?? {});
    if (schedule.ok) this.schedule = schedule.value;
    else this.log.error({ key: MAINTENANCE_KEY }, 'stored maintenance schedule is not valid; dropped');
    for (const d of stored.down ?? []) {
      const id = tryDecode(MachineIDSchema, d);
      if (id.ok) this.down.set(machineKey(id.value), id.value);
    }
    for (const id of stored.deactivated ?? []) if (typeof id === 'string') this.deactivated.add(id);
    for (const [id, info] of Object.entries(stored.draining ?? {})) {
      const d = tryDecode(DrainInfoSchema, info);
      if (d.ok) this.draining.set(id, d.value);
    }
  }

  /** Writes everything; writes go one at a time, in order. */
  save(): Promise<void> {
    if (!this.module) return Promise.resolve();
    const value = {
      schedule: JSON.parse(encodeMessage(MaintenanceScheduleSchema, this.schedule)),
      down: [...this.down.values()].map((d) => JSON.parse(encodeMessage(MachineIDSchema, d))),
      deactivated: [...this.deactivated],
      draining: Object.fromEntries([...this.draining].map(([id, d]) => [id, JSON.parse(encodeMessage(DrainInfoSchema, d))])),
    };
    const bytes = Buffer.from(JSON.stringify(value), 'utf8');
    const run = this.chain.then(async () => {
      const fencingToken = this.fence.tokenForWrite(`registry write of ${MAINTENANCE_KEY}`);
      const r = await this.module!.apply({ key: MAINTENANCE_KEY, value: bytes, expectedVersion: this.version, fencingToken }).catch((err: unknown) => {
        this.fence.failed(err);
        throw err;
      });
      this.version = r.version ?? Number(this.version) + 1;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }
}
