import { Etcd3, type IOptions } from 'etcd3';
import { InvalidError, pushStream, type Logger } from '@plateau/kernel';
import type { EtcdConfig } from './config';
import { EtcdDetection } from './detector';
import { EtcdCandidacy, type LeadershipEvent } from './election';
import { fromMesosData, toMesosJson, type ContenderMasterInfo as MasterInfo, type DetectedMasterInfo as MasterInfoOut } from '@plateau/kernel';
import { EtcdRegistry, type MutationIn } from './registry';

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
  private readonly candidacies = new Map<string, { candidacy: EtcdCandidacy; end: () => void }>();
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
    this.client = new Etcd3(options);
    this.writer = new Etcd3({ ...options, faultHandling: { global: once as never } });
    this.electionPrefix = `${config.prefix}/election/`;
    this.registry = new EtcdRegistry(this.client, this.writer, `${config.prefix}/registry/`);
  }

  /** Contend: campaign for `masterInfo`; events as the standing changes (see EtcdCandidacy). */
  contend(req: { masterInfo?: MasterInfo | null }): AsyncIterable<LeadershipEvent> {
    const info = req.masterInfo ?? {};
    return pushStream<LeadershipEvent>((push, end) => {
      const json = toMesosJson(info); // throws InvalidError for an empty id
      const id = info.id!;
      // Contending again under the same id replaces the earlier candidacy.
      if (this.candidacies.has(id)) void this.withdraw({ masterId: id });
      const candidacy = new EtcdCandidacy(
        this.client,
        { electionPrefix: this.electionPrefix, leaseTtlSeconds: this.config.leaseTtlSeconds, log: this.log },
        json,
        fromMesosData('json.info', Buffer.from(json), id),
        push,
      );
      const entry = {
        candidacy,
        end: () => {
          push({ elected: false, candidate: false, leader: null, reason: 'withdrawn' });
          end();
        },
      };
      this.candidacies.set(id, entry);
      candidacy.start();
      return () => {
        if (this.candidacies.get(id) === entry) this.candidacies.delete(id);
        candidacy.close();
      };
    });
  }

  /** Withdraw: revokes the master's lease (its key goes), ends its Contend stream. */
  async withdraw(req: { masterId?: string | null }) {
    const id = req.masterId ?? '';
    if (!id) throw new InvalidError('withdraw: master_id must not be empty');
    const entry = this.candidacies.get(id);
    if (entry) {
      this.candidacies.delete(id);
      await entry.candidacy.withdraw();
      entry.end();
    }
    return {};
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
    for (const [id, entry] of this.candidacies) {
      this.candidacies.delete(id);
      pending.push(entry.candidacy.withdraw().catch(() => undefined));
      entry.end();
    }
    await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, 2000).unref())]);
    this.client.close();
    this.writer.close();
  }
}
