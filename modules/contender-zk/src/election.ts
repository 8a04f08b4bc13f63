import * as zk from 'node-zookeeper-client';
import { fromMesosData, type Candidacy, type DetectedMasterInfo as MasterInfoOut, type LeadershipEvent, type Logger } from '@plateau/kernel';
import { MASTER_LABEL, membersOf } from './members';
import { StaleSessionError, ZkCode, ZkSession, zkCode } from './session';

export interface CandidacyOptions {
  servers: string[];
  /** The election znode (the module's `path`). */
  path: string;
  sessionTimeoutMs: number;
  callTimeoutMs: number;
  log: Logger;
}

/**
 * ZkCandidacy: one master's candidacy, on a ZooKeeper session of its own (as each Mesos
 * master's contender has), following the ZooKeeper leader-election recipe in Mesos's layout:
 *
 * 1. Create `<path>/json.info_` EPHEMERAL|SEQUENTIAL holding the master's MasterInfo JSON.
 * 2. List `<path>`'s members (sequence-named children); the lowest sequence leads.
 * 3. Not the lowest: watch only the next lower member (no herd effect); when it goes, go to 2.
 *    Lowest: watch the own node, so that its deletion by anyone is noticed.
 *
 * While it leads, every answer ZooKeeper gives on the session is pushed as a proof (elected, with
 * valid_for_ms and the node's path as fencing token: the registry writes of this leadership are
 * a multi() that checks the node still exists). The session reconnects by itself; a reconnect within the session keeps the node and so the
 * leadership. When the session is lost (expired, or unproven for 2/3 of its timeout: see
 * ZkSession) the candidacy reports `elected: false, candidate: false` at once, so a leader stops
 * leading, and then contends again on a new session, with a new (higher) node.
 */
export class ZkCandidacy implements Candidacy {
  private readonly session: ZkSession;
  /** Name of the own member node on the current session, once created. */
  private nodeName: string | undefined;
  private nodeGen = -1;
  private elected = false;
  /** Whether an event with candidate: true went out for the current node. */
  private announced = false;
  private stopped = false;
  /** Bumped per evaluation: answers of an older one are dropped. */
  private evaluation = 0;
  /** Generation in which a node is being created (-1: none). */
  private creatingGen = -1;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly opts: CandidacyOptions,
    private readonly data: Buffer,
    private readonly info: MasterInfoOut,
    private readonly push: (e: LeadershipEvent) => void,
  ) {
    this.session = new ZkSession({
      servers: opts.servers,
      sessionTimeoutMs: opts.sessionTimeoutMs,
      callTimeoutMs: opts.callTimeoutMs,
      log: opts.log,
      purpose: `candidacy of ${info.id}`,
    });
    this.session.on('connected', () => this.onConnected());
    this.session.on('lost', (reason: string) => this.onLost(reason));
    this.session.on('proven', () => this.onProven());
  }

  /** The leadership's proof as a leadership event carries it (see contender.proto). */
  private proof(): { validForMs: number; fencingToken: string } {
    const left = this.session.provenUntil() - performance.now();
    return { validForMs: Math.max(0, Math.floor(left)), fencingToken: this.nodeName ? `${this.opts.path}/${this.nodeName}` : '' };
  }

  /** A leader tells the master each time ZooKeeper confirms its session (the node is held). */
  private onProven(): void {
    if (!this.elected || this.stopped || this.nodeGen !== this.session.gen) return;
    const proof = this.proof();
    // An answer to a call sent before a pause proves nothing now: the session's own check decides.
    if (proof.validForMs > 0) this.push({ elected: true, candidate: true, leader: this.info, reason: 'session proven', ...proof });
  }

  /** Whether this candidacy leads now. */
  get isElected(): boolean {
    return this.elected;
  }

  private onConnected(): void {
    if (this.stopped) return;
    if (this.nodeName && this.nodeGen === this.session.gen) void this.evaluate();
    else void this.create();
  }

  private onLost(reason: string): void {
    if (this.stopped) return;
    this.nodeName = undefined;
    this.nodeGen = -1;
    this.evaluation++;
    if (this.elected || this.announced) {
      if (this.elected) this.opts.log.warn({ masterId: this.info.id, reason }, 'leadership lost');
      this.push({ elected: false, candidate: false, leader: null, reason });
    }
    this.elected = false;
    this.announced = false;
    // The session renews itself; 'connected' will contend again on the new one.
  }

  private async create(): Promise<void> {
    const gen = this.session.gen;
    if (this.creatingGen === gen || this.stopped) return;
    this.creatingGen = gen;
    try {
      await this.ensurePath(gen);
      let created: string | undefined;
      try {
        created = await this.session.call<string>(gen, (cb) =>
          this.session.clientOf(gen).create(`${this.opts.path}/${MASTER_LABEL}_`, this.data, zk.CreateMode.EPHEMERAL_SEQUENTIAL, cb),
        );
      } catch (err) {
        // Connection lost after sending: the node may exist. Look for one owned by this session.
        if (zkCode(err) !== ZkCode.connectionLoss) throw err;
        await this.session.waitConnected(this.opts.callTimeoutMs);
        created = await this.findOwnNode(gen);
        if (!created) throw err;
      }
      if (gen !== this.session.gen || this.stopped) return;
      this.nodeName = created.split('/').pop()!;
      this.nodeGen = gen;
      this.opts.log.info({ masterId: this.info.id, node: `${this.opts.path}/${this.nodeName}` }, 'contending');
      this.creatingGen = -1;
      await this.evaluate();
    } catch (err) {
      this.retryLater(err, gen);
    } finally {
      if (this.creatingGen === gen) this.creatingGen = -1;
    }
  }

  private async ensurePath(gen: number): Promise<void> {
    try {
      await this.session.call(gen, (cb) => this.session.clientOf(gen).mkdirp(this.opts.path, cb));
    } catch (err) {
      if (zkCode(err) !== ZkCode.nodeExists) throw err;
    }
  }

  private async findOwnNode(gen: number): Promise<string | undefined> {
    const children = await this.session.call<string[]>(gen, (cb) => this.session.clientOf(gen).getChildren(this.opts.path, cb));
    const owner = this.session.sessionId;
    for (const m of membersOf(children)) {
      if (m.label !== MASTER_LABEL) continue;
      try {
        const stat = await this.session.call<zk.Stat>(gen, (cb) => this.session.clientOf(gen).exists(`${this.opts.path}/${m.name}`, cb));
        if (stat && stat.ephemeralOwner.toString('hex') === owner) return `${this.opts.path}/${m.name}`;
      } catch {
        /* gone meanwhile: not ours */
      }
    }
    return undefined;
  }

  /** Steps 2 and 3 of the recipe: are we the lowest? If not, watch the predecessor. */
  private async evaluate(): Promise<void> {
    if (this.stopped || !this.nodeName) return;
    const token = ++this.evaluation;
    const gen = this.nodeGen;
    const me = this.nodeName;
    const again = () => {
      if (token === this.evaluation && gen === this.session.gen && !this.stopped) void this.evaluate();
    };
    try {
      const children = await this.session.call<string[]>(gen, (cb) => this.session.clientOf(gen).getChildren(this.opts.path, cb));
      if (token !== this.evaluation) return;
      const members = membersOf(children);
      const i = members.findIndex((m) => m.name === me);
      if (i < 0) {
        // Our node is gone though the session lives (deleted by someone): contend anew.
        this.onNodeGone('candidacy znode was deleted');
        return;
      }
      if (i === 0) {
        await this.session.call(gen, (cb) =>
          this.session.clientOf(gen).exists(`${this.opts.path}/${me}`, (ev) => this.onOwnNodeEvent(ev, gen, me), cb),
        );
        if (token !== this.evaluation) return;
        if (!this.elected) {
          this.elected = true;
          this.announced = true;
          this.opts.log.info({ masterId: this.info.id, node: me }, 'elected: this master leads');
          this.push({ elected: true, candidate: true, leader: this.info, reason: `elected: ${this.opts.path}/${me} has the lowest sequence`, ...this.proof() });
        }
        return;
      }
      const lowest = members[0]!;
      const pred = members[i - 1]!;
      let leader: MasterInfoOut | null = null;
      try {
        const data = await this.session.call<Buffer>(gen, (cb) => this.session.clientOf(gen).getData(`${this.opts.path}/${lowest.name}`, cb));
        leader = fromMesosData(lowest.label, data ?? Buffer.alloc(0), lowest.name);
      } catch (err) {
        if (zkCode(err) !== ZkCode.noNode) throw err;
        return again(); // the leader just went: look again
      }
      const stat = await this.session.call<zk.Stat | null>(gen, (cb) =>
        this.session.clientOf(gen).exists(`${this.opts.path}/${pred.name}`, (ev) => {
          if (ev.getType() === zk.Event.NODE_DELETED && gen === this.session.gen) void this.evaluate();
        }, cb),
      );
      if (token !== this.evaluation) return;
      if (!stat) return again(); // the predecessor went before the watch was set
      if (this.elected || !this.announced) {
        this.elected = false;
        this.announced = true;
        this.push({ elected: false, candidate: true, leader, reason: `waiting: ${pred.name} precedes ${me}` });
      }
    } catch (err) {
      this.retryLater(err, gen);
    }
  }

  private onOwnNodeEvent(ev: zk.Event, gen: number, me: string): void {
    if (gen !== this.session.gen || this.nodeName !== me || this.stopped) return;
    if (ev.getType() === zk.Event.NODE_DELETED) this.onNodeGone('candidacy znode was deleted');
    else void this.evaluate();
  }

  private onNodeGone(reason: string): void {
    this.nodeName = undefined;
    this.nodeGen = -1;
    this.evaluation++;
    if (this.elected || this.announced) this.push({ elected: false, candidate: false, leader: null, reason });
    if (this.elected) this.opts.log.warn({ masterId: this.info.id, reason }, 'leadership lost');
    this.elected = false;
    this.announced = false;
    void this.create();
  }

  /** A call failed: session changes are handled by their events; anything else is retried. */
  private retryLater(err: unknown, gen: number): void {
    if (this.stopped || err instanceof StaleSessionError || gen !== this.session.gen) return;
    const code = zkCode(err);
    if (code === ZkCode.connectionLoss) return; // 'connected' will evaluate again
    this.opts.log.warn({ masterId: this.info.id, err: (err as Error).message ?? String(err) }, 'contend: ZooKeeper call failed; retrying');
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.onConnected(), Math.min(1000, this.opts.sessionTimeoutMs / 4));
  }

  /** Ends the candidacy: deletes the node (best effort) and closes the session. */
  async withdraw(): Promise<void> {
    if (this.stopped) return;
    const gen = this.nodeGen;
    const name = this.nodeName;
    this.stopClean();
    if (name && gen === this.session.gen && this.session.isConnected) {
      try {
        await this.session.call(gen, (cb) => this.session.clientOf(gen).remove(`${this.opts.path}/${name}`, -1, cb));
      } catch {
        /* closing the session removes it anyway */
      }
    }
    this.session.close();
  }

  /** Closes the session without further events (the stream's consumer has gone). */
  close(): void {
    this.stopClean();
    this.session.close();
  }

  private stopClean(): void {
    this.stopped = true;
    this.elected = false;
    this.evaluation++;
    clearTimeout(this.retryTimer);
  }

  /** Starts contending: connects; the node is created once connected. */
  start(): void {
    if (this.session.isConnected) this.onConnected();
  }
}
