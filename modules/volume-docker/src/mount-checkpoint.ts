/**
 * The mounts this isolator holds, per container, checkpointed in the module's state dir (one
 * JSON file, written atomically on every change) so that a restarted agent knows which Mount
 * IDs to Unmount. A mount is written down before VolumeDriver.Mount is called (intent first, as
 * Mesos): a crash between the two leaves an entry without a mountpoint, which recovery unmounts
 * too (an Unmount of an ID the plugin never mounted is harmless).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic, type Logger } from '@plateau/kernel';

/** One Mount of one container. */
export interface CheckpointedMount {
  driver: string;
  name: string;
  /** The ID sent with Mount, and to send with Unmount. */
  id: string;
  /** The host path the plugin answered; '' until Mount answered. */
  mountpoint: string;
}

interface StateFile {
  version: 1;
  containers: Record<string, CheckpointedMount[]>;
}

/** The checkpoint file and its content in memory. */
export class MountCheckpoint {
  private readonly file: string;
  private containers: Record<string, CheckpointedMount[]> = {};

  constructor(stateDir: string, private readonly log: Logger) {
    fs.mkdirSync(stateDir, { recursive: true });
    this.file = path.join(stateDir, 'mounts.json');
    this.containers = this.read();
  }

  /** Path of the file (for tests and logs). */
  get path(): string {
    return this.file;
  }

  /** Every container's mounts, as last written. */
  all(): Record<string, CheckpointedMount[]> {
    return structuredClone(this.containers);
  }

  /** The mounts of `key`; [] when none. */
  of(key: string): CheckpointedMount[] {
    return structuredClone(this.containers[key] ?? []);
  }

  /** Replaces the mounts of `key` (none removes the container) and writes the file. */
  set(key: string, mounts: CheckpointedMount[]): void {
    if (mounts.length === 0) delete this.containers[key];
    else this.containers[key] = structuredClone(mounts);
    const state: StateFile = { version: 1, containers: this.containers };
    writeFileAtomic(this.file, `${JSON.stringify(state, null, 1)}\n`);
  }

  private read(): Record<string, CheckpointedMount[]> {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return {};
    }
    try {
      const s = JSON.parse(text) as StateFile;
      if (s.version !== 1 || s.containers === null || typeof s.containers !== 'object') throw new Error(`unknown version ${String(s.version)}`);
      return s.containers;
    } catch (err) {
      // A torn file cannot come from writeFileAtomic; an unreadable one is kept aside for a person.
      const aside = `${this.file}.unreadable-${Date.now()}`;
      fs.renameSync(this.file, aside);
      this.log.error({ file: this.file, aside, err: (err as Error).message }, 'docker volume checkpoint unreadable; moved aside, its mounts are not recovered');
      return {};
    }
  }
}
