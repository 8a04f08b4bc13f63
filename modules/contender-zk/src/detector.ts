import * as zk from 'node-zookeeper-client';
import { type DetectedMasterInfo as MasterInfoOut, fromMesosData, type Logger } from '@plateau/kernel';
import { membersOf } from './members';
import { StaleSessionError, zkCode, ZkCode, type ZkSession } from './session';

/**
 * ZkDetection: follows the leader as Mesos's detector does: watch the children of `<path>`,
 * take the member with the lowest sequence, read its data. It reports the current leader first
 * (null when there is none), then every change. While the session is lost it reports no leader,
 * and it reads again on every (re)connection.
 */
export class ZkDetection {
  private last: string | undefined;
  private reading = 0;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly onConnected = () => void this.read();
  private readonly onLost = () => this.report(null);

  constructor(
    private readonly session: ZkSession,
    private readonly path: string,
    private readonly log: Logger,
    private readonly push: (e: { leader: MasterInfoOut | null }) => void,
  ) {}

  start(): void {
    this.session.on('connected', this.onConnected);
    this.session.on('lost', this.onLost);
    if (this.session.isConnected) void this.read();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.session.off('connected', this.onConnected);
    this.session.off('lost', this.onLost);
  }

  private report(leader: MasterInfoOut | null): void {
    const key = JSON.stringify(leader);
    if (key === this.last || this.stopped) return;
    this.last = key;
    this.push({ leader });
  }

  private async read(): Promise<void> {
    if (this.stopped) return;
    const token = ++this.reading;
    const gen = this.session.gen;
    const client = () => this.session.clientOf(gen);
    const watcher = () => {
      if (gen === this.session.gen && !this.stopped) void this.read();
    };
    try {
      let children: string[];
      try {
        children = await this.session.call<string[]>(gen, (cb) => client().getChildren(this.path, watcher, cb));
      } catch (err) {
        if (zkCode(err) !== ZkCode.noNode) throw err;
        // No election znode yet: watch for its creation.
        const stat = await this.session.call<zk.Stat | null>(gen, (cb) => client().exists(this.path, watcher, cb));
        if (stat) return void this.read();
        if (token === this.reading) this.report(null);
        return;
      }
      if (token !== this.reading) return;
      const lowest = membersOf(children)[0];
      if (!lowest) return this.report(null);
      let data: Buffer;
      try {
        data = await this.session.call<Buffer>(gen, (cb) => client().getData(`${this.path}/${lowest.name}`, cb));
      } catch (err) {
        if (zkCode(err) !== ZkCode.noNode) throw err;
        return void this.read(); // the leader just went; the children watch may not have fired yet
      }
      if (token !== this.reading) return;
      this.report(fromMesosData(lowest.label, data ?? Buffer.alloc(0), lowest.name));
    } catch (err) {
      if (this.stopped || err instanceof StaleSessionError || gen !== this.session.gen) return;
      if (zkCode(err) === ZkCode.connectionLoss) return; // read again on reconnection
      this.log.warn({ err: (err as Error).message ?? String(err) }, 'detect: ZooKeeper call failed; retrying');
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => void this.read(), 500);
    }
  }
}
