/**
 * An image pull's progress as the agent sees it: the provisioner's Progress stream (optional in
 * the kind; a module without it shows no progress) folded into one view per layer.
 */
import { hasCode, ErrorCodes, messageOf, type Logger, type Provisioner } from '@plateau/kernel';

/** One event of the provisioner's Progress stream. */
export type PullEvent = NonNullable<Provisioner['progress']> extends (req: never) => AsyncIterable<infer T> ? T : never;

/** One layer of a pull, as the agent shows it. */
export interface LayerProgress {
  /** Blob digest (or diff id). */
  layer: string;
  /** Position in the image, 0 = base. */
  index: number;
  /** cached | downloading | unpacking | done. */
  phase: string;
  bytesDone: number;
  /** 0 when unknown. */
  bytesTotal: number;
}

/** A pull as the agent's API and TASK_STARTING updates carry it. */
export interface PullView {
  image: string;
  /** Layers of the image (0 until the provisioner knows). */
  layerCount: number;
  /** Layers heard of so far, in image order. */
  layers: LayerProgress[];
  /** True once Provision returned. */
  done: boolean;
}

/** Folds Progress events into a PullView. */
export class PullTracker {
  private readonly layers = new Map<string, LayerProgress>();
  private layerCount = 0;
  done = false;

  constructor(readonly image: string) {}

  apply(e: PullEvent): void {
    const bytesTotal = Number(e.bytesTotal) || 0;
    // Unpacking counts the blob again: a layer's bytes never go back once it was downloaded.
    this.layers.set(e.layer, { layer: e.layer, index: e.index ?? 0, phase: e.phase, bytesDone: Math.min(Number(e.bytesDone) || 0, bytesTotal || Infinity), bytesTotal });
    if (e.layers) this.layerCount = e.layers;
  }

  /**
   * Provision returned. After a success every layer is in the store, whatever the last events
   * said (those still on their way when the stream is dropped never come).
   */
  finish(ok: boolean): void {
    this.done = true;
    if (!ok) return;
    for (const l of this.layers.values()) {
      if (l.phase === 'done' || l.phase === 'cached') continue;
      l.phase = 'done';
      l.bytesDone = l.bytesTotal || l.bytesDone;
    }
  }

  view(): PullView {
    const layers = [...this.layers.values()].sort((a, b) => a.index - b.index).map((l) => ({ ...l }));
    return { image: this.image, layerCount: Math.max(this.layerCount, layers.length), layers, done: this.done };
  }
}

/**
 * Follows `containerId`'s pull on `provisioner` until the returned function is called: each event
 * goes to `onEvent`. The stream is opened at once, before the caller's Provision.
 */
export function followPull(provisioner: Provisioner, containerId: string, onEvent: (e: PullEvent) => void, log: Logger): () => void {
  if (typeof provisioner.progress !== 'function') return () => undefined;
  let stopped = false;
  let iterator: AsyncIterator<PullEvent>;
  try {
    iterator = provisioner.progress({ containerId: { value: containerId } })[Symbol.asyncIterator]();
  } catch (err) {
    log.debug({ containerId, err: messageOf(err) }, 'no pull progress');
    return () => undefined;
  }
  void (async () => {
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done || stopped) return;
        onEvent(next.value);
      }
    } catch (err) {
      // A module written before Progress answers UNSUPPORTED: no progress, nothing wrong.
      if (!stopped && !hasCode(err, ErrorCodes.unsupported)) log.warn({ containerId, err: messageOf(err) }, 'pull progress stream failed; the pull goes on without progress');
    }
  })();
  return () => {
    if (stopped) return;
    stopped = true;
    void iterator.return?.(undefined)?.catch(() => undefined);
  };
}
