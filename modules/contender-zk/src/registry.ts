import * as zk from 'node-zookeeper-client';
import { ConflictError, FencedError, InvalidError, ModuleDownError } from '@plateau/kernel';
import { StaleSessionError, ZkCode, zkCode, type ZkSession } from './session';

/** A registry mutation as it arrives (kernel.registry.v1.Mutation). */
export interface MutationIn {
  key?: string | null;
  value?: Uint8Array | string | null;
  expectedVersion?: string | number | null;
  delete?: boolean | null;
  /** A leader's election znode (LeadershipEvent.fencing_token): the write applies only while it exists. */
  fencingToken?: string | null;
}

/** One write of a key, as ZooKeeper runs it (versions are ZooKeeper's; -1: any). */
type Write = { op: 'remove'; version: number } | { op: 'create'; value: Buffer } | { op: 'set'; value: Buffer; version: number };

/** A result of a multi() as node-zookeeper-client reports it. */
interface OpResult {
  type: number;
  err?: number;
  stat?: zk.Stat;
}

/**
 * ZkRegistry: the master registry as znodes `<path>/registry/<encoded key>`, one per key,
 * flat (a key's `/` is encoded, so listing is one getChildren and any key can be deleted).
 * Our versions are ZooKeeper's data version plus one: 1 after create, +1 per write; compare-and-
 * set maps to ZooKeeper's versioned setData/remove, and "must not exist" (expected version 0) to
 * create. ZooKeeper applies each of them atomically, so concurrent writers cannot both win.
 *
 * A write with a fencing token (a leader's election znode) is one multi(): a check that the
 * znode still exists, then the write. The znode is ephemeral, owned by the leader's session, and
 * the lowest of the election, so it exists exactly while that leadership holds: a deposed
 * master (its session expired, its node deleted) cannot write, whatever it believes.
 */
export class ZkRegistry {
  private readonly root: string;
  private rootGen = -1;

  constructor(
    private readonly session: ZkSession,
    path: string,
    private readonly connectTimeoutMs: number,
  ) {
    this.root = `${path}/registry`;
  }

  async get(req: { key?: string | null }) {
    const node = this.nodeOf(req.key);
    return this.withSession(async (gen, c) => {
      try {
        const [data, stat] = await this.session.call<[Buffer, zk.Stat]>(gen, (cb) => c.getData(node, (err, d, s) => (cb as Cb)(err, [d, s])));
        return { found: true, value: data ?? Buffer.alloc(0), version: String(stat.version + 1) };
      } catch (err) {
        if (zkCode(err) === ZkCode.noNode) return { found: false, value: Buffer.alloc(0), version: '0' };
        throw err;
      }
    });
  }

  async apply(req: MutationIn) {
    const key = requireKey(req.key);
    const node = this.nodeOf(key);
    const expected = req.expectedVersion === undefined || req.expectedVersion === null || req.expectedVersion === '' ? undefined : Number(req.expectedVersion);
    if (expected !== undefined && (!Number.isInteger(expected) || expected < 0)) throw new InvalidError(`registry: expected_version ${req.expectedVersion} is not a version`);
    const value = typeof req.value === 'string' ? Buffer.from(req.value, 'base64') : Buffer.from(req.value ?? []);
    const conflict = (current: string) => new ConflictError(`registry key '${key}' is ${current}, not at version ${expected}`);
    const fence = req.fencingToken || undefined;
    if (fence !== undefined && !fence.startsWith('/')) throw new InvalidError(`registry: fencing_token '${fence}' is not an election znode path`);
    return this.withSession(async (gen, c) => {
      await this.ensureRoot(gen, c);
      if (req.delete) {
        if (expected === 0) {
          if (fence !== undefined) await this.fenced(gen, c, key, fence, []);
          const stat = await this.session.call<zk.Stat | null>(gen, (cb) => c.exists(node, cb));
          if (stat) throw conflict(`at version ${stat.version + 1}`);
          return { version: '0' };
        }
        try {
          await this.write(gen, c, key, node, fence, { op: 'remove', version: expected === undefined ? -1 : expected - 1 });
        } catch (err) {
          const code = zkCode(err);
          if (code === ZkCode.noNode && expected === undefined) return { version: '0' };
          if (code === ZkCode.noNode) throw conflict('absent');
          if (code === ZkCode.badVersion) throw conflict('at another version');
          throw err;
        }
        return { version: '0' };
      }
      if (expected === 0) {
        try {
          await this.write(gen, c, key, node, fence, { op: 'create', value });
        } catch (err) {
          if (zkCode(err) === ZkCode.nodeExists) throw conflict('present');
          throw err;
        }
        return { version: '1' };
      }
      for (;;) {
        try {
          const stat = await this.write(gen, c, key, node, fence, { op: 'set', value, version: expected === undefined ? -1 : expected - 1 });
          return { version: String(stat!.version + 1) };
        } catch (err) {
          const code = zkCode(err);
          if (code === ZkCode.badVersion) throw conflict('at another version');
          if (code !== ZkCode.noNode) throw err;
          if (expected !== undefined) throw conflict('absent');
        }
        // Unconditional write of a missing key: create it; if another writer just did, write again.
        try {
          await this.write(gen, c, key, node, fence, { op: 'create', value });
          return { version: '1' };
        } catch (err) {
          if (zkCode(err) !== ZkCode.nodeExists) throw err;
        }
      }
    });
  }

  async list(req: { prefix?: string | null }) {
    const prefix = req.prefix ?? '';
    return this.withSession(async (gen, c) => {
      let children: string[];
      try {
        children = await this.session.call<string[]>(gen, (cb) => c.getChildren(this.root, cb));
      } catch (err) {
        if (zkCode(err) === ZkCode.noNode) return { entries: [] };
        throw err;
      }
      const keys = children
        .map(decodeKey)
        .filter((k): k is string => k !== undefined && k.startsWith(prefix))
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const read = await Promise.all(
        keys.map(async (key) => {
          try {
            const [data, stat] = await this.session.call<[Buffer, zk.Stat]>(gen, (cb) =>
              c.getData(`${this.root}/${encodeKey(key)}`, (err, d, s) => (cb as Cb)(err, [d, s])),
            );
            return { key, value: data ?? Buffer.alloc(0), version: String(stat.version + 1) };
          } catch (err) {
            if (zkCode(err) === ZkCode.noNode) return undefined; // deleted meanwhile
            throw err;
          }
        }),
      );
      return { entries: read.filter((e) => e !== undefined) };
    });
  }

  /** Runs one write: a plain call, or with a fence one multi() that checks the fence first. */
  private async write(gen: number, c: zk.Client, key: string, node: string, fence: string | undefined, w: Write): Promise<zk.Stat | undefined> {
    if (fence !== undefined) return (await this.fenced(gen, c, key, fence, [{ node, w }]))[1]?.stat;
    if (w.op === 'remove') {
      await this.session.call(gen, (cb) => c.remove(node, w.version, cb));
      return undefined;
    }
    if (w.op === 'create') {
      await this.session.call(gen, (cb) => c.create(node, w.value, zk.CreateMode.PERSISTENT, cb));
      return undefined;
    }
    return this.session.call<zk.Stat>(gen, (cb) => c.setData(node, w.value, w.version, cb));
  }

  /**
   * One multi(): check that the fence znode exists, then `writes`. FencedError when the check
   * failed; the ZooKeeper error of the write that failed otherwise.
   */
  private async fenced(gen: number, c: zk.Client, key: string, fence: string, writes: { node: string; w: Write }[]): Promise<OpResult[]> {
    const tx = c.transaction().check(fence, -1);
    for (const { node, w } of writes) {
      if (w.op === 'remove') tx.remove(node, w.version);
      else if (w.op === 'create') tx.create(node, w.value, zk.CreateMode.PERSISTENT);
      else tx.setData(node, w.value, w.version);
      // node-zookeeper-client turns a version of 0 into -1 (`version || -1`): set it as given.
      const ops = (tx as unknown as { ops: { version?: number }[] }).ops;
      if (w.op !== 'create') ops[ops.length - 1]!.version = w.version;
    }
    const out = await this.session.call<{ failed?: unknown; results?: OpResult[] }>(gen, (cb) =>
      tx.commit((err: unknown, results?: OpResult[]) => (err && results ? cb(null, { failed: err, results }) : cb(err as Error | null, { results }))),
    );
    if (out.failed !== undefined) {
      const check = out.results?.[0];
      if (check?.err !== undefined && check.err !== 0) {
        throw new FencedError(`registry key '${key}': write refused: the leadership it was made under no longer holds (election znode ${fence} is gone)`);
      }
      throw out.failed;
    }
    return out.results ?? [];
  }

  private nodeOf(key: string | null | undefined): string {
    return `${this.root}/${encodeKey(requireKey(key))}`;
  }

  private async ensureRoot(gen: number, c: zk.Client): Promise<void> {
    if (this.rootGen === gen) return;
    try {
      await this.session.call(gen, (cb) => c.mkdirp(this.root, cb));
    } catch (err) {
      if (zkCode(err) !== ZkCode.nodeExists) throw err;
    }
    this.rootGen = gen;
  }

  /** Runs `fn` on a connected session; ZooKeeper failures become coded errors. */
  private async withSession<T>(fn: (gen: number, client: zk.Client) => Promise<T>): Promise<T> {
    await this.session.waitConnected(this.connectTimeoutMs);
    const gen = this.session.gen;
    try {
      return await fn(gen, this.session.clientOf(gen));
    } catch (err) {
      if (err instanceof StaleSessionError || zkCode(err) === ZkCode.connectionLoss || zkCode(err) === ZkCode.sessionExpired) {
        throw new ModuleDownError('contender.zookeeper', `registry: connection to ZooKeeper lost during the call; its outcome is unknown (${(err as Error).message ?? err})`);
      }
      if (zkCode(err) !== undefined) throw new ModuleDownError('contender.zookeeper', `registry: ZooKeeper error ${String(err)}`);
      throw err;
    }
  }
}

type Cb = (err: Error | zk.Exception | null, result?: unknown) => void;

function requireKey(key: string | null | undefined): string {
  if (!key) throw new InvalidError('registry key must not be empty');
  return key;
}

/**
 * A key as one znode name: percent-encoding of everything but letters, digits, `-` and `_`
 * (so `/` and `.` too: "." and ".." are not valid names), of the key's UTF-8 bytes.
 */
export function encodeKey(key: string): string {
  let out = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9_-]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The inverse of encodeKey; undefined for a name it did not make. */
export function decodeKey(name: string): string | undefined {
  try {
    return decodeURIComponent(name);
  } catch {
    return undefined;
  }
}
