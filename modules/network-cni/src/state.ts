/**
 * The checkpoint of each networked container, one file per container in the state dir, written
 * atomically: its network namespace file, its files dir and its attachments (the network list as
 * loaded and the ADD result, which DEL needs even if the conf dir changed since). Written before
 * the first ADD (result null), so that recovery DELs an ADD cut short by a crash too.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic, type Logger } from '@plateau/kernel';
import type { Attachment } from './attach';

/** A networked container as checkpointed. */
export interface NetworkedContainer {
  version: 1;
  /** The container id's value (CNI_CONTAINERID). */
  containerId: string;
  netns: string;
  /** Directory of its hosts, resolv.conf and hostname files. */
  filesDir: string;
  attachments: Attachment[];
}

/** The checkpoints in one directory. */
export class CheckpointDir {
  constructor(
    readonly dir: string,
    private readonly log: Logger,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  private file(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  write(c: NetworkedContainer): void {
    writeFileAtomic(this.file(c.containerId), JSON.stringify(c));
  }

  remove(id: string): void {
    rmSync(this.file(id), { force: true });
  }

  /** Every readable checkpoint; an unreadable one is logged and left for an operator. */
  all(): NetworkedContainer[] {
    const out: NetworkedContainer[] = [];
    for (const f of readdirSync(this.dir)) {
      if (!f.endsWith('.json')) continue;
      try {
        const c = JSON.parse(readFileSync(join(this.dir, f), 'utf8')) as NetworkedContainer;
        if (c.version !== 1 || typeof c.containerId !== 'string' || !Array.isArray(c.attachments)) throw new Error('not a version 1 checkpoint');
        out.push(c);
      } catch (err) {
        this.log.warn({ file: join(this.dir, f), err: (err as Error).message }, 'unreadable CNI checkpoint left in place');
      }
    }
    return out;
  }
}
