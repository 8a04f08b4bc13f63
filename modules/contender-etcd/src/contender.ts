import { ExponentialBackoff, type IBackoff } from 'cockatiel';
import { Etcd3, type IOptions } from 'etcd3';
import { Candidacies, fromMesosData, pushStream, type ContenderMasterInfo as MasterInfo, type DetectedMasterInfo as MasterInfoOut, type LeadershipEvent, type Logger } from '@plateau/kernel';
import type { EtcdConfig } from './config';
import { EtcdDetection } from './detector';
import { EtcdCandidacy } from './election';
import { EtcdRegistry, type MutationIn } from './registry';

/** The longest wait between two reconnections of a broken watch stream. */
const WATCH_RECONNECT_MAX_MS = 2000;

/** No retries: each call runs once, on one endpoint (see EtcdRegistry on why writes need that). */
const once = { execute: <T>(fn: (ctx: unknown) => T) => fn({ signal: new AbortController().signal, attempt: 0 }) };

/**
 * EtcdContender: the contender, detector and registry kinds over an etcd v3 cluster. Every
 * Contend call campaigns with a lease of its own; all share one client connection pool.
 */
export class EtcdContender {
  private readonly client: Etcd3;
  private readonly writer: Etcd3;
  private readonly registry: EtcdRegistry;
  private readonly electionPrefix: string;
  private readonly candidacies = new Candidacies();
  private readonly detections = new Set<EtcdDetection>();

  constructor(
    private readonly config: EtcdConfig,
    private readonly log: Logger,
  ) {
    const options: IOptions = {
      hosts: config.endpoints,
      dialTimeout: config.callTimeoutMs,
      defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + config.callTimeoutMs }),
    };
    // Watches (the election's and the detector's) reconnect within 2 s of etcd coming back, not
    // etcd3's default of up to 30 s: a leader change must not wait for a back-off.
    // (etcd3 types the option as a backoff; it calls next() on it, as on its own default, a factory.)
    const watchBackoff = () => new ExponentialBackoff({ initialDelay: 100, maxDelay: WATCH_RECONNECT_MAX_MS }) as unknown as IBackoff<unknown>;
    this.client = new Etcd3({ ...options, faultHandling: { watchBackoff: watchBackoff() } });
    this.writer = new Etcd3({ ...options, faultHandling: { global: once as never, watchBackoff: watchBackoff() } });
    this.electionPrefix = `${config.prefix}/election/`;
    this.registry = new EtcdRegistry(this.client, this.writer, `${config.prefix}/registry/`);
  }

  /** Contend: campaign for `masterInfo`; events as the standing changes (see EtcdCandidacy). */
  contend(req: { masterInfo?: MasterInfo | null }): AsyncIterable<LeadershipEvent> {
    return this.candidacies.contend(req.masterInfo, (json, id, push) =>
      new EtcdCandidacy(
        this.client,
        { electionPrefix: this.electionPrefix, leaseTtlSeconds: this.config.leaseTtlSeconds, log: this.log },
        json,
        fromMesosData('json.info', Buffer.from(json), id),
        push,
      ),
    );
  }

  /** Withdraw: revokes the master's lease (its key goes), ends its Contend stream. */
  withdraw(req: { masterId?: string | null }) {
    return this.candidacies.withdraw(req);
  }

  /** Detect: the leader now (null when none), then every change. */
  detect(): AsyncIterable<{ leader: MasterInfoOut | null }> {
    return pushStream((push) => {
      const detection = new EtcdDetection(this.client, this.electionPrefix, this.log, push);
      this.detections.add(detection);
      void detection.start();
      return () => {
        this.detections.delete(detection);
        void detection.stop();
      };
    });
  }

  get(req: { key?: string | null }) {
    return this.registry.get(req);
  }

  apply(req: MutationIn) {
    return this.registry.apply(req);
  }

  list(req: { prefix?: string | null }) {
    return this.registry.list(req);
  }

  /** Ends every candidacy (revoking its lease) and every detection, and closes the clients. */
  async close(): Promise<void> {
    // Watches still attached when the client closes would make etcd3 retry them forever.
    const pending: Promise<unknown>[] = [...this.detections].map((d) => d.stop());
    this.detections.clear();
    pending.push(...this.candidacies.endAll('withdraw'));
    await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, 2000).unref())]);
    this.client.close();
    this.writer.close();
  }
}
