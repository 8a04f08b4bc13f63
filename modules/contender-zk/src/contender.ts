import { InvalidError, pushStream, type Logger } from '@plateau/kernel';
import type { ZkConfig } from './config';
import { ZkDetection } from './detector';
import { ZkCandidacy, type LeadershipEvent } from './election';
import { fromMesosData, toMesosJson, type ContenderMasterInfo as MasterInfo } from '@plateau/kernel';
import { MASTER_LABEL } from './members';
import { ZkRegistry, type MutationIn } from './registry';
import { ZkSession } from './session';

/**
 * ZkContender: the contender, detector and registry kinds over one ZooKeeper ensemble. Each
 * Contend call runs a candidacy on a session of its own; detectors and the registry share one
 * session of the module, opened on first use.
 */
export class ZkContender {
  private shared: ZkSession | undefined;
  private registry: ZkRegistry | undefined;
  private readonly candidacies = new Map<string, { candidacy: ZkCandidacy; end: () => void }>();

  constructor(
    private readonly config: ZkConfig,
    private readonly log: Logger,
  ) {}

  /** Contend: candidacy for `masterInfo`; events as the standing changes (see ZkCandidacy). */
  contend(req: { masterInfo?: MasterInfo | null }): AsyncIterable<LeadershipEvent> {
    const info = req.masterInfo ?? {};
    return pushStream<LeadershipEvent>((push, end) => {
      const json = toMesosJson(info); // throws InvalidError for an empty id
      const id = info.id!;
      const self = fromMesosData(MASTER_LABEL, Buffer.from(json), id);
      // Contending again under the same id replaces the earlier candidacy (Mesos: contend() again withdraws first).
      const earlier = this.candidacies.get(id);
      if (earlier) void this.withdraw({ masterId: id });
      const candidacy = new ZkCandidacy(
        { servers: this.config.servers, path: this.config.path, sessionTimeoutMs: this.config.sessionTimeoutMs, callTimeoutMs: this.config.connectTimeoutMs, log: this.log },
        Buffer.from(json),
        self,
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

  /** Withdraw: deletes the master's node, closes its session, ends its Contend stream. */
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
  detect(): AsyncIterable<{ leader: ReturnType<typeof fromMesosData> | null }> {
    return pushStream((push) => {
      const detection = new ZkDetection(this.sharedSession(), this.config.path, this.log, push);
      detection.start();
      return () => detection.stop();
    });
  }

  get(req: { key?: string | null }) {
    return this.registryStore().get(req);
  }

  apply(req: MutationIn) {
    return this.registryStore().apply(req);
  }

  list(req: { prefix?: string | null }) {
    return this.registryStore().list(req);
  }

  /** Ends every candidacy and closes every session. */
  close(): void {
    for (const [id, entry] of this.candidacies) {
      this.candidacies.delete(id);
      entry.candidacy.close();
      entry.end();
    }
    this.shared?.close();
    this.shared = undefined;
    this.registry = undefined;
  }

  private sharedSession(): ZkSession {
    this.shared ??= new ZkSession({
      servers: this.config.servers,
      sessionTimeoutMs: this.config.sessionTimeoutMs,
      callTimeoutMs: this.config.connectTimeoutMs,
      log: this.log,
      purpose: 'detector and registry',
    });
    return this.shared;
  }

  private registryStore(): ZkRegistry {
    this.registry ??= new ZkRegistry(this.sharedSession(), this.config.path, this.config.connectTimeoutMs);
    return this.registry;
  }
}
