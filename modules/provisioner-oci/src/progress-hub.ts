/**
 * ProgressHub: the pull progress of each container being provisioned, for the Progress RPC.
 * A watcher hears the latest event of each layer so far, then every event, until the
 * container's Provision returns.
 */

/** One event as the Progress RPC sends it. */
export interface ProgressEvent {
  image: string;
  layer: string;
  phase: string;
  bytesDone: number;
  bytesTotal: number;
  index: number;
  layers: number;
}

interface Watcher {
  push(e: ProgressEvent): void;
  end(): void;
}

interface Entry {
  /** Provisions of the container in flight (they queue behind each other). */
  inflight: number;
  latest: Map<string, ProgressEvent>;
  watchers: Set<Watcher>;
}

export class ProgressHub {
  private readonly entries = new Map<string, Entry>();

  private entry(id: string): Entry {
    let e = this.entries.get(id);
    if (!e) {
      e = { inflight: 0, latest: new Map(), watchers: new Set() };
      this.entries.set(id, e);
    }
    return e;
  }

  /** A Provision of `id` starts; the returned function ends it (its watchers' streams end). */
  begin(id: string): () => void {
    const e = this.entry(id);
    e.inflight++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      e.inflight--;
      if (e.inflight > 0) return;
      for (const w of e.watchers) w.end();
      this.entries.delete(id);
    };
  }

  /** An event of the pull of `id`'s image. */
  publish(id: string, ev: ProgressEvent): void {
    const e = this.entries.get(id);
    if (!e) return;
    e.latest.set(ev.layer, ev);
    for (const w of e.watchers) w.push(ev);
  }

  /** Whether a Provision of `id` is in flight. */
  busy(id: string): boolean {
    return (this.entries.get(id)?.inflight ?? 0) > 0;
  }

  /**
   * The events of `id`'s pull: the latest of each layer, then each new one, until its Provision
   * returns. `done` says whether the stream should end at once (nothing in flight and a rootfs there).
   */
  async *watch(id: string, done: () => Promise<boolean>): AsyncGenerator<ProgressEvent> {
    const e = this.entry(id);
    const queue: ProgressEvent[] = [...e.latest.values()];
    let ended = false;
    let wake: (() => void) | undefined;
    const w: Watcher = {
      push: (ev) => {
        queue.push(ev);
        wake?.();
      },
      end: () => {
        ended = true;
        wake?.();
      },
    };
    e.watchers.add(w);
    try {
      if (e.inflight === 0 && (await done())) return;
      for (;;) {
        while (queue.length > 0) yield queue.shift()!;
        if (ended) return;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      e.watchers.delete(w);
      // A watcher that opened for nothing leaves no entry behind.
      if (e.inflight === 0 && e.watchers.size === 0 && this.entries.get(id) === e) this.entries.delete(id);
    }
  }
}
