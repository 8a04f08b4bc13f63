/**
 * An image pull as `task run` shows it, from the view the agent puts in TASK_STARTING's data
 * (`plateau_pull`): one bar per layer on a terminal, one plain line per finished layer elsewhere.
 */

import { formatBytes, PULL_DATA_KEY, shortLayer, type PullData, type PullLayer } from '@plateau/agent';

export { formatBytes, type PullData };

/** The pull a status carries (TASK_STARTING with PULL_DATA_KEY in its data), or undefined. */
export function pullOfStatus(s: { state?: string; data?: unknown }): PullData | undefined {
  if (s.state !== 'TASK_STARTING' || typeof s.data !== 'string' || s.data === '') return undefined;
  try {
    const pull = (JSON.parse(Buffer.from(s.data, 'base64').toString('utf8')) as Record<string, PullData | undefined>)[PULL_DATA_KEY];
    return pull && typeof pull.image === 'string' && Array.isArray(pull.layers) ? pull : undefined;
  } catch {
    return undefined; // data of another kind: not a pull
  }
}

/** `[=====>    ]`: exactly `width` characters (at least 3), the brackets included. */
export function bar(fraction: number, width: number): string {
  const inner = Math.max(1, width - 2);
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const full = Math.floor(f * inner);
  if (full >= inner) return `[${'='.repeat(inner)}]`;
  return `[${'='.repeat(full)}>${' '.repeat(inner - full - 1)}]`;
}

function finished(l: PullLayer): boolean {
  return l.phase === 'done' || l.phase === 'cached';
}

const PHASE_WORDS: Record<string, string> = { downloading: 'downloading', unpacking: 'unpacking', done: 'pulled', cached: 'already here' };

/** One layer: `2d8dae0a8511 downloading [====>     ] 1.0 MiB/3.1 MiB`, fitting `columns`. */
export function layerLine(l: PullLayer, columns: number): string {
  const word = (PHASE_WORDS[l.phase] ?? l.phase).padEnd(12);
  const bytes = l.bytes_total > 0 ? (finished(l) ? formatBytes(l.bytes_total) : `${formatBytes(l.bytes_done)}/${formatBytes(l.bytes_total)}`) : formatBytes(l.bytes_done);
  const fraction = finished(l) ? 1 : l.bytes_total > 0 ? l.bytes_done / l.bytes_total : 0;
  const head = `${shortLayer(l.layer)} ${word}`;
  const room = columns - 1 - head.length - 2 - bytes.length;
  if (room < 5) return `${head} ${bytes}`.slice(0, Math.max(0, columns - 1));
  return `${head} ${bar(fraction, Math.min(40, room))} ${bytes}`;
}

/** The header and one bar per layer, in image order. */
export function pullLines(pull: PullData, columns: number): string[] {
  const count = Math.max(pull.layer_count, pull.layers.length);
  const ready = pull.layers.filter(finished).length;
  const layers = [...pull.layers].sort((a, b) => a.index - b.index);
  return [`${pull.done ? 'pulled' : 'pulling'} image ${pull.image} (${ready}/${count} layers)`, ...layers.map((l) => layerLine(l, columns))];
}

/** The pull with every layer finished (once the task runs, its image is complete). */
export function completed(pull: PullData): PullData {
  return { ...pull, done: true, layers: pull.layers.map((l) => (finished(l) ? l : { ...l, phase: 'done', bytes_done: l.bytes_total || l.bytes_done })) };
}

/**
 * The plain lines of a pull for a log: one when the pull is first seen, then one per layer as it
 * finishes (each layer once).
 */
export class PlainPullLines {
  private announced = false;
  private readonly told = new Set<string>();

  /** The lines `pull` adds to what was already said. */
  next(pull: PullData): string[] {
    const out: string[] = [];
    const count = Math.max(pull.layer_count, pull.layers.length);
    if (!this.announced) {
      this.announced = true;
      out.push(`pulling image ${pull.image} (${count} layers)`);
    }
    for (const l of [...pull.layers].sort((a, b) => a.index - b.index)) {
      if (!finished(l) || this.told.has(l.layer)) continue;
      this.told.add(l.layer);
      out.push(`  layer ${l.index + 1}/${count} ${shortLayer(l.layer)} ${PHASE_WORDS[l.phase]} (${formatBytes(l.bytes_total || l.bytes_done)})`);
    }
    return out;
  }
}
