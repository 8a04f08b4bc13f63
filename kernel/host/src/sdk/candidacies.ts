/**
 * Candidacies: the bookkeeping every contender module needs around its own election algorithm.
 * A contender keeps one candidacy per master id; contending again under an id replaces the
 * earlier candidacy (as Mesos's contend() withdraws first); Withdraw ends the candidacy and its
 * Contend stream with a last `withdrawn` event; closing the module ends them all.
 */
import { InvalidError } from '../contract/errors';
import { pushStream } from '../contract/push-stream';
import { stampProof } from './proof-deadline';
import { toMesosJson, type ContenderMasterInfo, type DetectedMasterInfo } from './mesos-master-info';

/** A contender's standing, as the Contend stream reports it (kernel.contender.v1.LeadershipEvent). */
export interface LeadershipEvent {
  elected: boolean;
  candidate: boolean;
  leader: DetectedMasterInfo | null;
  reason: string;
  /** While elected: ms from now that the leadership is proven to hold (see contender.proto). */
  validForMs?: number;
  /** While elected: names the leadership for fenced registry writes (Mutation.fencing_token). */
  fencingToken?: string;
  /** The proof's deadline on CLOCK_MONOTONIC, ms (stamped by Candidacies; see proof-deadline.ts). */
  validUntilMonotonicMs?: number;
  /** The boot of the machine whose monotonic clock that is. */
  bootId?: string;
}

/** One master's candidacy, as a contender module runs it. */
export interface Candidacy {
  /** Enters the election; standing changes are pushed to the stream given at creation. */
  start(): void;
  /** Leaves the election for good (deletes the candidate's node or key). */
  withdraw(): Promise<void>;
  /** Stops without withdrawing explicitly (the stream's reader went away). */
  close(): void;
}

/** Makes a candidacy for a master: its MasterInfo as Mesos JSON, its id, and where events go. */
export type CandidacyFactory = (json: string, id: string, push: (e: LeadershipEvent) => void) => Candidacy;

interface Entry {
  candidacy: Candidacy;
  end(): void;
}

export class Candidacies {
  private readonly byId = new Map<string, Entry>();

  /** Contend: a candidacy for `masterInfo` made by `make`; its events until it ends. */
  contend(masterInfo: ContenderMasterInfo | null | undefined, make: CandidacyFactory): AsyncIterable<LeadershipEvent> {
    const info = masterInfo ?? {};
    return pushStream<LeadershipEvent>((push, end) => {
      const json = toMesosJson(info); // throws InvalidError for an empty id
      const id = info.id!;
      if (this.byId.has(id)) void this.withdraw({ masterId: id });
      // Every proof leaves with its monotonic deadline, stamped the moment it is pushed.
      const candidacy = make(json, id, (e) => push(stampProof(e)));
      const entry: Entry = {
        candidacy,
        end: () => {
          push({ elected: false, candidate: false, leader: null, reason: 'withdrawn' });
          end();
        },
      };
      this.byId.set(id, entry);
      candidacy.start();
      return () => {
        if (this.byId.get(id) === entry) this.byId.delete(id);
        candidacy.close();
      };
    });
  }

  /** Withdraw: ends the master's candidacy and its Contend stream; unknown ids are a no-op. */
  async withdraw(req: { masterId?: string | null }): Promise<Record<string, never>> {
    const id = req.masterId ?? '';
    if (!id) throw new InvalidError('withdraw: master_id must not be empty');
    const entry = this.byId.get(id);
    if (entry) {
      this.byId.delete(id);
      await entry.candidacy.withdraw();
      entry.end();
    }
    return {};
  }

  /**
   * Ends every candidacy and its stream: `withdraw` leaves each election explicitly (awaitable,
   * errors ignored), otherwise each is only closed.
   */
  endAll(how: 'withdraw' | 'close'): Promise<unknown>[] {
    const pending: Promise<unknown>[] = [];
    for (const [id, entry] of this.byId) {
      this.byId.delete(id);
      if (how === 'withdraw') pending.push(entry.candidacy.withdraw().catch(() => undefined));
      else entry.candidacy.close();
      entry.end();
    }
    return pending;
  }
}
