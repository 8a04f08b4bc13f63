/**
 * ImagePulls: the image pulls of containers being launched, for `GET /pulls` and `/state`. A
 * pull's last view stays a minute after it ended, so that a client polling slowly sees it end.
 */
import type { PullView } from './containerizer/pull-progress';

/** How long a finished pull stays listed. */
export const FINISHED_PULL_TTL_MS = 60_000;

export interface ImagePull extends PullView {
  containerId: string;
  frameworkId: string;
  taskIds: string[];
  /** ms since the epoch of the last change. */
  updatedAt: number;
}

export class ImagePulls {
  private readonly pulls = new Map<string, ImagePull>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  update(c: { containerId: string; frameworkId: string; taskIds: string[] }, view: PullView): void {
    this.pulls.set(c.containerId, { ...view, containerId: c.containerId, frameworkId: c.frameworkId, taskIds: [...c.taskIds], updatedAt: Date.now() });
    if (view.done && !this.timers.has(c.containerId)) {
      const timer = setTimeout(() => {
        this.timers.delete(c.containerId);
        this.pulls.delete(c.containerId);
      }, FINISHED_PULL_TTL_MS);
      timer.unref();
      this.timers.set(c.containerId, timer);
    }
  }

  get(containerId: string): ImagePull | undefined {
    return this.pulls.get(containerId);
  }

  list(): ImagePull[] {
    return [...this.pulls.values()];
  }

  /** Mesos-style JSON of one pull. */
  static json(p: ImagePull): Record<string, unknown> {
    return {
      container_id: p.containerId,
      framework_id: p.frameworkId,
      task_ids: p.taskIds,
      image: p.image,
      layer_count: p.layerCount,
      done: p.done,
      updated_at: p.updatedAt / 1000,
      layers: p.layers.map((l) => ({ layer: l.layer, index: l.index, phase: l.phase, bytes_done: l.bytesDone, bytes_total: l.bytesTotal })),
    };
  }

  close(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
