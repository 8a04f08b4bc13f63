import { Candidacies, fromMesosData, pushStream, type ContenderMasterInfo as MasterInfo, type LeadershipEvent, type Logger } from '@plateau/kernel';
import type { ZkConfig } from './config';
import { ZkDetection } from './detector';
import { ZkCandidacy } from './election';
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
  private readonly candidacies = new Candidacies();

  constructor(
    private readonly config: ZkConfig,
    private readonly log: Logger,
  ) {}

  /** Contend: candidacy for `masterInfo`; events as the standing changes (see ZkCandidacy). */
  contend(req: { masterInfo?: MasterInfo | null }): AsyncIterable<LeadershipEvent> {
    return this.candidacies.contend(req.masterInfo, (json, id, push) =>
      new ZkCandidacy(
        { servers: this.config.servers, path: this.config.path, sessionTimeoutMs: this.config.sessionTimeoutMs, callTimeoutMs: this.config.connectTimeoutMs, log: this.log },
        Buffer.from(json),
        fromMesosData(MASTER_LABEL, Buffer.from(json), id),
        push,
      ),
    );
  }

  /** Withdraw: deletes the master's node, closes its session, ends its Contend stream. */
  withdraw(req: { masterId?: string | null }) {
    return this.candidacies.withdraw(req);
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
    this.candidacies.endAll('close');
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
