/**
 * The plugin's volumes: each a directory `<root>/volumes/<name>`, with what the plugin knows
 * about them (options, creation time, the Mount IDs holding them) in `<root>/state.json`,
 * rewritten atomically (temp file + rename) on every change so a restarted plugin keeps its
 * volumes and their mounts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** An error whose message is the `Err` the plugin answers. */
export class VolumeError extends Error {}

interface VolumeRecord {
  options: Record<string, string>;
  createdAt: string;
  /** Mount IDs holding the volume (one per container using it). */
  mounts: string[];
}

interface State {
  volumes: Record<string, VolumeRecord>;
}

/** Options Create understands. */
export const KNOWN_OPTIONS = ['mode', 'uid', 'gid'] as const;

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** The volumes under one root. */
export class VolumeStore {
  private readonly stateFile: string;
  private readonly volumesDir: string;
  private state: State;

  constructor(readonly root: string) {
    this.volumesDir = path.join(root, 'volumes');
    // Searchable, not listable: a container in a user namespace (its root an unprivileged host
    // uid) must be able to reach its volume's directory to bind it.
    fs.mkdirSync(this.volumesDir, { recursive: true, mode: 0o711 });
    fs.chmodSync(this.volumesDir, 0o711);
    this.stateFile = path.join(root, 'state.json');
    this.state = fs.existsSync(this.stateFile) ? (JSON.parse(fs.readFileSync(this.stateFile, 'utf8')) as State) : { volumes: {} };
  }

  private save(): void {
    const tmp = `${this.stateFile}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.state, null, 1));
    fs.renameSync(tmp, this.stateFile);
  }

  private record(name: string): VolumeRecord {
    const v = this.state.volumes[name];
    if (v === undefined) throw new VolumeError(`volume '${name}' not found`);
    return v;
  }

  /** Host path of the volume's data. */
  mountpoint(name: string): string {
    return path.join(this.volumesDir, name);
  }

  /** Makes the volume; an existing one is left as it is (Create is idempotent). */
  create(name: string, options: Record<string, string>): void {
    if (!NAME.test(name) || name.includes('..')) throw new VolumeError(`invalid volume name '${name}': letters, digits, '_', '.', '-' only`);
    for (const k of Object.keys(options)) {
      if (!(KNOWN_OPTIONS as readonly string[]).includes(k)) throw new VolumeError(`unknown option '${k}' (known: ${KNOWN_OPTIONS.join(', ')})`);
    }
    const mode = options.mode === undefined ? 0o755 : parseInt(options.mode, 8);
    if (!Number.isInteger(mode) || mode < 0 || mode > 0o7777) throw new VolumeError(`option mode '${options.mode}' is not an octal file mode`);
    const id = (what: 'uid' | 'gid'): number | undefined => {
      const v = options[what];
      if (v === undefined) return undefined;
      if (!/^\d+$/.test(v)) throw new VolumeError(`option ${what} '${v}' is not a number`);
      return Number(v);
    };
    const uid = id('uid');
    const gid = id('gid');
    if (this.state.volumes[name] !== undefined) return;
    const dir = this.mountpoint(name);
    fs.mkdirSync(dir, { recursive: true });
    fs.chmodSync(dir, mode);
    if (uid !== undefined || gid !== undefined) fs.chownSync(dir, uid ?? -1, gid ?? -1);
    this.state.volumes[name] = { options, createdAt: new Date().toISOString(), mounts: [] };
    this.save();
  }

  /** Deletes the volume and its data; refused while a Mount ID holds it. */
  remove(name: string): void {
    const v = this.record(name);
    if (v.mounts.length > 0) throw new VolumeError(`volume '${name}' is in use (mount IDs: ${v.mounts.join(', ')})`);
    fs.rmSync(this.mountpoint(name), { recursive: true, force: true });
    delete this.state.volumes[name];
    this.save();
  }

  /** Adds the Mount ID and answers the host path. */
  mount(name: string, id: string): string {
    const v = this.record(name);
    if (!v.mounts.includes(id)) {
      v.mounts.push(id);
      this.save();
    }
    return this.mountpoint(name);
  }

  /** Removes the Mount ID; an ID that does not hold the volume is not an error. */
  unmount(name: string, id: string): void {
    const v = this.record(name);
    const i = v.mounts.indexOf(id);
    if (i >= 0) {
      v.mounts.splice(i, 1);
      this.save();
    }
  }

  /** What Get and List describe. */
  describe(name: string): { Name: string; Mountpoint: string; CreatedAt: string; Status: Record<string, unknown> } {
    const v = this.record(name);
    return { Name: name, Mountpoint: this.mountpoint(name), CreatedAt: v.createdAt, Status: { mounts: [...v.mounts], options: { ...v.options } } };
  }

  names(): string[] {
    return Object.keys(this.state.volumes).sort();
  }
}
