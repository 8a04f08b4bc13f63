import type { Etcd3, Watcher } from 'etcd3';
import type { DetectedMasterInfo as MasterInfoOut, Logger } from '@plateau/kernel';
import { leaderOf } from './election';
import { openWatch } from './open-watch';

/**
 * EtcdDetection: follows the leader, the candidate with the lowest create revision under the
 * election prefix. It watches the whole prefix first, then reads, so no change is missed; every
 * change (and every reconnection of the watch) reads the first candidate again. It reports the
 * current leader first (null when there is none), then every change.
 */
export class EtcdDetection {
  private last: string | undefined;
  private reading = 0;
  private stopped = false;
  private watcher: Watcher | undefined;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: Etcd3,
    private readonly electionPrefix: string,
    private readonly log: Logger,
    private readonly push: (e: { leader: MasterInfoOut | null }) => void,
  ) {}

  async start(): Promise<void> {
    try {
      const w = await openWatch(this.client.watch().prefix(this.electionPrefix), (held) => (this.watcher = held));
      if (this.stopped) return void w.cancel().catch(() => undefined);
      const again = () => void this.read();
      w.on('put', again);
      w.on('delete', again);
      w.on('connected', again);
      w.on('error', (err) => this.log.debug({ err: err.message }, 'etcd: detector watch error'));
      await this.read();
    } catch (err) {
      if (this.stopped) return;
      this.log.warn({ err: (err as Error).message }, 'detect: etcd watch failed; retrying');
      this.retryTimer = setTimeout(() => void this.start(), 500);
    }
  }

  /** Stops following; resolves once the watch is cancelled (or could not be). */
  stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    return this.watcher?.cancel().catch(() => undefined) ?? Promise.resolve();
  }

  private async read(): Promise<void> {
    if (this.stopped) return;
    const token = ++this.reading;
    try {
      const res = await this.client.getAll().prefix(this.electionPrefix).sort('Create', 'Ascend').limit(1).exec();
      if (token !== this.reading || this.stopped) return;
      const first = res.kvs[0];
      this.report(first ? leaderOf(first) : null);
    } catch (err) {
      if (this.stopped || token !== this.reading) return;
      this.log.warn({ err: (err as Error).message }, 'detect: etcd read failed; retrying');
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => void this.read(), 500);
    }
  }

  private report(leader: MasterInfoOut | null): void {
    const key = JSON.stringify(leader);
    if (key === this.last || this.stopped) return;
    this.last = key;
    this.push({ leader });
  }
}
