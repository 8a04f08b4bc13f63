/**
 * Leadership: contends through the contender module and watches the detector of the same
 * module, so the master knows whether it leads and, when it does not, where to redirect. Without
 * a contender the master leads alone from the start.
 */
import { type Contender, type Detector, type Logger, messageOf, type ModuleMasterInfo, proofValidUntil, type ProofFields } from '@plateau/kernel';

/** What Leadership tells the master. */
export interface LeadershipHandlers {
  /** This master now leads. */
  elected(): void;
  /** This master no longer leads (withdrawn, lost candidacy, another leader). */
  lost(reason: string): void;
}

/**
 * Leadership: this master's standing and the current leader, and the proof of it. A contender
 * module proves a leader's candidacy alive with each event (valid_for_ms: a ZooKeeper heartbeat
 * answered, an etcd keep-alive acknowledged, the lock found held); `validUntil` is the latest
 * proof's end by the monotonic clock, so a process stopped (SIGSTOP) and resumed finds its proof
 * run out before it handles anything that arrived meanwhile.
 */
export class Leadership {
  /** Whether this master leads. */
  elected = false;
  /** Until when (performance.now() ms) the leadership is proven; meaningful while `proves`. */
  private validUntil = 0;
  /** Whether the contender module proves leadership (sends valid_for_ms). */
  private proves = false;
  /** The contender's name for this leadership, passed with registry writes ('' when none). */
  fencingToken = '';
  /** Bumped when the candidacy is restarted: events of an earlier one are ignored. */
  private contendGen = 0;
  /** The leader as last detected (or reported by the contender), null when none. */
  leader: ModuleMasterInfo | null = null;
  /** What the detector last reported. */
  private detected: ModuleMasterInfo | null = null;
  private stopped = false;
  /** Callers waiting for the next proof (see waitForProof). */
  private proofWaiters: Array<() => void> = [];
  private contendIter: AsyncIterator<unknown> | undefined;
  private detectIter: AsyncIterator<unknown> | undefined;

  constructor(
    /** This master as advertised (read when contending, so a port chosen at listen time is in). */
    private readonly selfInfo: () => ModuleMasterInfo,
    private readonly contender: Contender | undefined,
    private readonly detector: Detector | undefined,
    private readonly handlers: LeadershipHandlers,
    private readonly log: Logger,
  ) {}

  private get self(): ModuleMasterInfo {
    return this.selfInfo();
  }

  /** Starts contending and detecting. */
  start(): void {
    if (!this.contender) {
      this.leader = this.self;
      this.setElected(true, 'no contender configured: leading alone');
      return;
    }
    void this.contendLoop(this.contendGen);
    if (this.detector) void this.detectLoop();
  }

  /** Withdraws the candidacy and stops watching. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.contender && this.self.id) {
      try {
        await this.contender.withdraw({ masterId: this.self.id });
      } catch (err) {
        this.log.warn({ err: messageOf(err) }, 'withdrawing the candidacy failed');
      }
    }
    await Promise.allSettled([this.contendIter?.return?.(), this.detectIter?.return?.()]);
    if (this.elected) this.setElected(false, 'master stopping');
  }

  /**
   * Why this master's leadership is not proven now (undefined when it is): not elected, or the
   * contender's last proof has run out. Leading alone, or with a contender that sends no proofs,
   * the role is all there is.
   */
  unproven(): string | undefined {
    if (!this.elected) return 'not elected';
    if (!this.contender || !this.proves) return undefined;
    const late = performance.now() - this.validUntil;
    return late > 0 ? `leadership not proven for ${Math.round(late)} ms (the contender's last proof ran out)` : undefined;
  }

  /**
   * Resolves true when the contender's next event arrives (a fresh proof, or news that the
   * leadership is gone), false after `ms`: a leader whose proof ran out while its loop was busy
   * gives an event already on its way the chance to arrive before it answers.
   */
  waitForProof(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.proofWaiters = this.proofWaiters.filter((w) => w !== wake);
        resolve(false);
      }, ms);
      this.proofWaiters.push(wake);
    });
  }

  /**
   * Stops leading at once and enters the election anew (withdraws the candidacy, then contends
   * again): a master that cannot prove it leads must not wait for the contender to say so.
   */
  async recontend(reason: string): Promise<void> {
    if (this.stopped || !this.contender) return;
    const gen = ++this.contendGen;
    this.setElected(false, reason);
    const it = this.contendIter;
    this.contendIter = undefined;
    try {
      await this.contender.withdraw({ masterId: this.self.id });
    } catch (err) {
      this.log.warn({ err: messageOf(err) }, 'withdrawing the candidacy failed; contending again regardless');
    }
    await Promise.allSettled([it?.return?.()]);
    if (!this.stopped && gen === this.contendGen) void this.contendLoop(gen);
  }

  private async contendLoop(gen: number): Promise<void> {
    const current = () => gen === this.contendGen && !this.stopped;
    try {
      const it = this.contender!.contend({ masterInfo: this.self })[Symbol.asyncIterator]();
      this.contendIter = it;
      for (;;) {
        const r = await it.next();
        if (r.done || !current()) break;
        const e = r.value;
        this.prove(e);
        for (const wake of this.proofWaiters.splice(0)) wake();
        if (e.leader?.id) this.leader = e.elected ? e.leader : this.othersOnly(e.leader);
        else if (!e.elected && !this.detector) this.leader = null;
        if (e.elected) this.leader = this.self;
        this.setElected(e.elected === true, e.reason ?? '');
      }
      if (current()) this.setElected(false, 'contender stream ended');
    } catch (err) {
      if (current()) {
        this.log.error({ err: messageOf(err) }, 'contender failed; this master stops leading');
        this.setElected(false, `contender failed: ${messageOf(err)}`);
      }
    }
  }

  private async detectLoop(): Promise<void> {
    try {
      const it = this.detector!.detect({})[Symbol.asyncIterator]();
      this.detectIter = it;
      for (;;) {
        const r = await it.next();
        if (r.done || this.stopped) break;
        const leader = r.value.leader?.id ? r.value.leader : null;
        this.detected = leader;
        this.leader = this.elected ? this.self : this.othersOnly(leader);
        this.log.info({ leader: leader?.id ?? null, address: leader ? `${leader.hostname}:${leader.port}` : null }, leader ? 'detected leading master' : 'no leading master detected');
        // Another master leads while we think we do: concede at once.
        if (this.elected && leader && leader.id !== this.self.id) this.setElected(false, `detected another leader ${leader.id}`);
      }
    } catch (err) {
      if (!this.stopped) this.log.error({ err: messageOf(err) }, 'detector failed; redirects may be stale');
    }
  }

  /**
   * A detected leader that is this master while it does not lead (its candidacy lapsed but the
   * service still shows it, or the service is unreachable) is no leader: redirecting to itself
   * would loop.
   */
  private othersOnly(leader: ModuleMasterInfo | null): ModuleMasterInfo | null {
    return leader !== null && leader.id === this.self.id ? null : leader;
  }

  /** Takes the proof an event carries (before the standing it reports is applied). */
  private prove(e: ProofFields & { elected?: boolean; fencingToken?: string | null }): void {
    if (!e.elected) {
      this.validUntil = 0;
      this.fencingToken = '';
      return;
    }
    // From the event's arrival, but never past the deadline it was stamped with on this machine.
    const until = proofValidUntil(e);
    if (until !== undefined) {
      this.proves = true;
      this.validUntil = until;
    }
    this.fencingToken = e.fencingToken ?? '';
  }

  private setElected(elected: boolean, reason: string): void {
    if (elected === this.elected) return;
    this.elected = elected;
    if (!elected) this.leader = this.othersOnly(this.leader ?? this.detected);
    if (elected) this.handlers.elected();
    else this.handlers.lost(reason);
  }
}
