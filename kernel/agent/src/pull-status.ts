/**
 * Image pull progress in TASK_STARTING updates, once a pull has been downloading for a second: at
 * most one per interval per task (the latest view wins), a message a person reads ("pulling image
 * busybox: 1/3 layers, 1.2 MiB of 3.4 MiB") and the per-layer view as JSON in the status's
 * `data`, which `plateau task run` draws as bars.
 */
import type { PullView } from './containerizer/pull-progress';

/** Least time between two progress updates of one task (two a second at most). */
export const PULL_STATUS_INTERVAL_MS = 500;

/**
 * A pull says nothing until it has been downloading this long: a quick pull (a cached or local
 * image, a small one over a fast link) goes from TASK_STAGING to TASK_RUNNING as before.
 */
export const PULL_STATUS_DELAY_MS = 1000;

/** The key of the pull view in a TASK_STARTING's `data` JSON. */
export const PULL_DATA_KEY = 'plateau_pull';

/** One layer of a pull as TASK_STARTING's data carries it. */
export interface PullLayer {
  layer: string;
  index: number;
  phase: string;
  bytes_done: number;
  bytes_total: number;
}

/** A pull as TASK_STARTING's data carries it (under PULL_DATA_KEY); `plateau task run` draws it. */
export interface PullData {
  image: string;
  layer_count: number;
  done: boolean;
  layers: PullLayer[];
}

/** Bytes in B, KiB, MiB or GiB with one decimal. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v.toFixed(1)} ${units[u]}`;
}

/** A layer's digest, short: the first 12 hex digits. */
export function shortLayer(layer: string): string {
  return layer.replace(/^sha256:/, '').slice(0, 12);
}

/** One line for a status message: layers finished, bytes done of total, and the layers in flight. */
export function pullMessage(view: PullView): string {
  const finished = view.layers.filter((l) => l.phase === 'done' || l.phase === 'cached').length;
  const total = view.layers.reduce((s, l) => s + l.bytesTotal, 0);
  const done = view.layers.reduce((s, l) => s + (l.phase === 'done' || l.phase === 'cached' ? l.bytesTotal || l.bytesDone : l.bytesDone), 0);
  const count = view.layerCount || view.layers.length;
  const head = `${view.done ? 'pulled' : 'pulling'} image ${view.image}: ${finished}/${count} layers, ${formatBytes(done)}${total ? ` of ${formatBytes(total)}` : ''}`;
  const busy = view.layers.filter((l) => l.phase === 'downloading' || l.phase === 'unpacking');
  if (busy.length === 0) return head;
  return `${head} (${busy.map((l) => `${shortLayer(l.layer)} ${l.phase} ${formatBytes(l.bytesDone)}${l.bytesTotal ? `/${formatBytes(l.bytesTotal)}` : ''}`).join(', ')})`;
}

/** The view as a TASK_STARTING's data: JSON under PULL_DATA_KEY, snake_case as Mesos JSON is. */
export function pullData(view: PullView): Uint8Array {
  const data: PullData = {
    image: view.image,
    layer_count: view.layerCount,
    done: view.done,
    layers: view.layers.map((l) => ({ layer: l.layer, index: l.index, phase: l.phase, bytes_done: l.bytesDone, bytes_total: l.bytesTotal })),
  };
  const json = { [PULL_DATA_KEY]: data };
  return Buffer.from(JSON.stringify(json));
}

/**
 * At most one `send` per `intervalMs`: the first view goes at once, later ones wait for the
 * interval and only the latest of them goes. Nothing goes before a layer is still downloading
 * `delayMs` after the first view. `close` drops what waits (the task moved on).
 */
export class PullStatusThrottle {
  private last = -Infinity;
  private firstAt: number | undefined;
  private started = false;
  private timer: NodeJS.Timeout | undefined;
  private waiting: PullView | undefined;
  private closed = false;

  constructor(
    private readonly send: (view: PullView) => void,
    private readonly intervalMs = PULL_STATUS_INTERVAL_MS,
    private readonly delayMs = PULL_STATUS_DELAY_MS,
    private readonly now: () => number = Date.now,
  ) {}

  update(view: PullView): void {
    if (this.closed) return;
    if (!this.started) {
      this.firstAt ??= this.now();
      if (this.now() - this.firstAt < this.delayMs || !view.layers.some((l) => l.phase === 'downloading')) return;
      this.started = true;
    }
    const wait = this.last + this.intervalMs - this.now();
    if (wait <= 0 && this.timer === undefined) {
      this.fire(view);
      return;
    }
    this.waiting = view;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const v = this.waiting;
      this.waiting = undefined;
      if (v && !this.closed) this.fire(v);
    }, Math.max(0, wait));
    this.timer.unref?.();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.waiting = undefined;
  }

  private fire(view: PullView): void {
    this.last = this.now();
    this.send(view);
  }
}
