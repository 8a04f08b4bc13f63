import type { Etcd3, Lease, Watcher } from 'etcd3';
import { fromMesosData, type Candidacy, type DetectedMasterInfo as MasterInfoOut, type LeadershipEvent, type Logger } from '@plateau/kernel';
import { openWatch } from './open-watch';

export interface CandidacyOptions {
  /** Key prefix of the election: candidates are `<electionPrefix><lease id in hex>`. */
  electionPrefix: string;
  leaseTtlSeconds: number;
  log: Logger;
}

/** Reads a candidate key's value as a leader (Mesos MasterInfo JSON, as in ZooKeeper). */
export function leaderOf(kv: { key: Buffer; value: Buffer }): MasterInfoOut {
  return fromMesosData('json.info', kv.value, kv.key.toString());
}

/**
 * The fencing token of a leadership: its candidate key and that key's create revision. A key of
 * the same name created later (a new lease cannot have the same id, but a token must not rely on
 * it) has another create revision.
 */
export function fencingToken(key: string, createRevision: string): string {
  return `${key}@${createRevision}`;
}

/** The key and create revision a fencing token names; undefined when it is not one. */
export function parseFencingToken(token: string): { key: string; createRevision: string } | undefined {
  const at = token.lastIndexOf('@');
  const rev = token.slice(at + 1);
  return at > 0 && /^[1-9][0-9]*$/.test(rev) ? { key: token.slice(0, at), createRevision: rev } : undefined;
}

/**
 * EtcdCandidacy: one master's candidacy, on a lease of its own, following etcd's
 * concurrency.Election algorithm:
 *
 * 1. Grant a lease (TTL leaseTtlSeconds) kept alive every third of it; put
 *    `<prefix>/election/<lease id hex>` = MasterInfo JSON with the lease, if absent (txn).
 * 2. List the candidates by create revision; the lowest leads.
 * 3. Not the lowest: watch only the candidate created just before (from the listing's
 *    revision, so no deletion is missed); when it is deleted, go to 2. Lowest: watch the own key.
 *
 * Leadership holds only while the lease is proven alive: a keep-alive acknowledged for a request
 * sent at time t proves the lease lives until t + TTL (etcd restarts the TTL when it receives the
 * request). The leader steps down (`elected: false, candidate: false`) at once when the lease is
 * lost (etcd says it expired or was revoked; the own key is deleted) or when no keep-alive was
 * confirmed for 2/3 of the TTL (the rest is margin for clocks and timers), then campaigns again
 * with a new lease. While it leads, every acknowledged keep-alive is pushed as a proof (elected,
 * with valid_for_ms and the fencing token `<key>@<create revision>`: the registry writes of this
 * leadership are one transaction that compares the key's create revision).
 */
export class EtcdCandidacy implements Candidacy {
  /** Bumped per campaign: events of an older lease are dropped. */
  private gen = 0;
  private lease: Lease | undefined;
  private key = '';
  private createRev = '';
  private elected = false;
  private announced = false;
  private stopped = false;
  private watchers: Watcher[] = [];
  /** Send times of keep-alives not yet answered, oldest first (one stream answers in order). */
  private fired: number[] = [];
  private lastProof = 0;
  private ttlMs: number;
  private readonly timer: NodeJS.Timeout;
  private evaluation = 0;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: Etcd3,
    private readonly opts: CandidacyOptions,
    private readonly json: string,
    private readonly info: MasterInfoOut,
    private readonly push: (e: LeadershipEvent) => void,
  ) {
    this.ttlMs = opts.leaseTtlSeconds * 1000;
    this.timer = setInterval(() => this.check(), Math.max(20, Math.floor(this.ttlMs / 10)));
    this.timer.unref();
  }

  /**
   * Until when (monotonic ms, performance.now()) the lease is proven alive, with a third of the
   * TTL kept as margin. Monotonic, so that a process stopped (SIGSTOP) and resumed sees it run out.
   */
  provenUntil(): number {
    return this.lastProof ? this.lastProof + Math.floor((this.ttlMs * 2) / 3) : 0;
  }

  start(): void {
    void this.campaign();
  }

  private prove(sentAt: number, ttlSeconds?: number): void {
    if (ttlSeconds && ttlSeconds > 0) this.ttlMs = ttlSeconds * 1000;
    if (sentAt <= this.lastProof) return;
    this.lastProof = sentAt;
    // A leader tells the master each time etcd confirms its lease (an answer to a keep-alive sent
    // before a pause proves nothing now: then the check decides).
    const proof = this.proof();
    if (this.elected && !this.stopped && proof.validForMs > 0) this.push({ elected: true, candidate: true, leader: this.info, reason: 'lease proven', ...proof });
  }

  /** The leadership's proof as a leadership event carries it (see contender.proto). */
  private proof(): { validForMs: number; fencingToken: string } {
    return { validForMs: Math.max(0, Math.floor(this.provenUntil() - performance.now())), fencingToken: this.key ? fencingToken(this.key, this.createRev) : '' };
  }

  private async campaign(): Promise<void> {
    if (this.stopped) return;
    const gen = ++this.gen;
    this.fired = [];
    this.lastProof = 0;
    this.ttlMs = this.opts.leaseTtlSeconds * 1000;
    const lease = this.client.lease(this.opts.leaseTtlSeconds, { autoKeepAlive: true });
    this.lease = lease;
    lease.on('keepaliveEstablished', () => {
      if (gen === this.gen) this.fired = [];
    });
    lease.on('keepaliveFired', () => {
      if (gen === this.gen) this.fired.push(performance.now());
    });
    lease.on('keepaliveSucceeded', (res) => {
      const sentAt = this.fired.shift();
      if (gen === this.gen && sentAt !== undefined) this.prove(sentAt, Number(res.TTL));
    });
    lease.on('keepaliveFailed', (err: unknown) => {
      if (gen === this.gen) this.opts.log.debug({ masterId: this.info.id, err: String((err as Error).message ?? err) }, 'etcd: lease keep-alive failed; retrying');
    });
    lease.on('lost', (err) => this.lose(gen, `etcd lease lost: ${err.message}`));
    try {
      const grantSent = performance.now();
      const id = await lease.grant();
      if (gen !== this.gen) return;
      this.prove(grantSent);
      this.key = `${this.opts.electionPrefix}${BigInt(id).toString(16)}`;
      const res = await this.client
        .if(this.key, 'Create', '==', 0)
        .then(this.client.put(this.key).value(this.json).lease(id))
        .else(this.client.get(this.key))
        .commit();
      if (gen !== this.gen) return;
      this.createRev = res.succeeded ? String(res.header.revision) : String(res.responses[0]?.response_range?.kvs[0]?.create_revision ?? '');
      if (!this.createRev) throw new Error(`no create revision for ${this.key}`);
      this.opts.log.info({ masterId: this.info.id, key: this.key }, 'contending');
      await this.watch(gen, this.key, String(BigInt(res.header.revision) + 1n), () => this.lose(gen, 'candidacy key was deleted (lease expired or revoked)'));
      await this.evaluate(gen);
    } catch (err) {
      this.retry(gen, err);
    }
  }

  private async watch(gen: number, key: string, fromRev: string, onDelete: () => void): Promise<void> {
    const w = await openWatch(this.client.watch().key(key).startRevision(fromRev).only('delete'), (held) => this.watchers.push(held));
    if (gen !== this.gen || this.stopped) {
      void w.cancel().catch(() => undefined);
      return;
    }
    w.on('delete', () => {
      if (gen === this.gen) onDelete();
    });
    w.on('error', (err) => this.opts.log.debug({ err: err.message }, 'etcd: watch error'));
  }

  /** Steps 2 and 3: are we the first candidate? If not, watch the one just before. */
  private async evaluate(gen: number): Promise<void> {
    if (gen !== this.gen || this.stopped) return;
    const token = ++this.evaluation;
    try {
      const res = await this.client.getAll().prefix(this.opts.electionPrefix).sort('Create', 'Ascend').exec();
      if (gen !== this.gen || token !== this.evaluation) return;
      const kvs = res.kvs;
      const i = kvs.findIndex((kv) => kv.key.toString() === this.key);
      if (i < 0) return this.lose(gen, 'candidacy key was deleted (lease expired or revoked)');
      if (i === 0) {
        if (!this.elected && performance.now() < this.provenUntil()) {
          this.elected = true;
          this.announced = true;
          this.opts.log.info({ masterId: this.info.id, key: this.key }, 'elected: this master leads');
          this.push({ elected: true, candidate: true, leader: this.info, reason: `elected: ${this.key} is the first candidate`, ...this.proof() });
        }
        return;
      }
      const pred = kvs[i - 1]!;
      await this.watch(gen, pred.key.toString(), String(BigInt(res.header.revision) + 1n), () => void this.evaluate(gen));
      if (gen !== this.gen || token !== this.evaluation) return;
      if (this.elected || !this.announced) {
        this.elected = false;
        this.announced = true;
        this.push({ elected: false, candidate: true, leader: leaderOf(kvs[0]!), reason: `waiting: ${pred.key.toString()} precedes ${this.key}` });
      }
    } catch (err) {
      this.retry(gen, err);
    }
  }

  /** Leadership must be proven: step down when the keep-alives stop being confirmed. */
  private check(): void {
    if (this.stopped) return;
    const now = performance.now();
    if (this.elected && now > this.provenUntil()) {
      this.lose(this.gen, `no etcd lease keep-alive confirmed for ${Math.round(now - this.lastProof)} ms (TTL ${this.ttlMs} ms): the lease may have expired`);
    } else if (!this.elected && this.announced && this.lastProof && now > this.lastProof + this.ttlMs) {
      // Not leading, but the lease is past its TTL unconfirmed: the candidacy is gone; start over.
      this.lose(this.gen, `etcd lease not confirmed for ${Math.round(now - this.lastProof)} ms: candidacy expired`);
    }
  }

  /** The candidacy of campaign `gen` is over: report it, drop its lease, campaign again. */
  private lose(gen: number, reason: string): void {
    if (gen !== this.gen || this.stopped) return;
    this.gen++;
    if (this.elected) this.opts.log.warn({ masterId: this.info.id, reason }, 'leadership lost');
    if (this.elected || this.announced) this.push({ elected: false, candidate: false, leader: null, reason });
    this.elected = false;
    this.announced = false;
    this.dropLease();
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.campaign(), 50);
  }

  private retry(gen: number, err: unknown): void {
    if (gen !== this.gen || this.stopped) return;
    this.opts.log.warn({ masterId: this.info.id, err: (err as Error).message ?? String(err) }, 'contend: etcd call failed; campaigning again');
    this.gen++;
    if (this.elected || this.announced) this.push({ elected: false, candidate: false, leader: null, reason: `etcd call failed: ${(err as Error).message ?? err}` });
    this.elected = false;
    this.announced = false;
    this.dropLease();
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.campaign(), Math.min(1000, this.ttlMs / 4));
  }

  /** Cancels the watches and revokes the lease (its key goes with it) in the background. */
  private async dropLease(): Promise<void> {
    const cancels = this.watchers.splice(0).map((w) => w.cancel().catch(() => undefined));
    const lease = this.lease;
    this.lease = undefined;
    this.key = '';
    if (lease) {
      lease.removeAllListeners();
      lease.on('lost', () => undefined);
      cancels.push(lease.revoke().catch(() => lease.release()));
    }
    await Promise.all(cancels);
  }

  /** Ends the candidacy: revokes the lease (deleting the key) and stops. */
  async withdraw(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.elected = false;
    this.gen++;
    clearInterval(this.timer);
    clearTimeout(this.retryTimer);
    await this.dropLease();
  }

  /** Stops without further events (the stream's consumer has gone). */
  close(): void {
    void this.withdraw();
  }
}
