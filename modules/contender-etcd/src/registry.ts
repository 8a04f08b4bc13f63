import type { Etcd3 } from 'etcd3';
import { ConflictError, FencedError, InvalidError, ModuleDownError, PlateauError } from '@plateau/kernel';
import { parseFencingToken } from './election';

/** A registry mutation as it arrives (kernel.registry.v1.Mutation). */
export interface MutationIn {
  key?: string | null;
  value?: Uint8Array | string | null;
  expectedVersion?: string | number | null;
  delete?: boolean | null;
  /** A leader's `<candidate key>@<create revision>` (LeadershipEvent.fencing_token): the write applies only while that key lives. */
  fencingToken?: string | null;
}

/**
 * EtcdRegistry: the master registry as etcd keys `<prefix>/registry/<key>`. Our versions are
 * etcd's per-key `version` (1 on create, +1 per put, gone on delete); compare-and-set is one
 * transaction comparing it (expected version 0: the key must not exist), so concurrent writers
 * cannot both win. Writes go through `writer`, a client that never retries on its own (a retried
 * write whose first attempt did land would report a false conflict); reads may retry.
 *
 * A write with a fencing token is one transaction that also compares the leader's candidate key's
 * create revision with the token's: the key lives exactly as long as the leader's lease, and no
 * candidate created later can precede it, so the write applies only while that leadership holds.
 */
export class EtcdRegistry {
  constructor(
    private readonly reader: Etcd3,
    private readonly writer: Etcd3,
    private readonly base: string,
  ) {}

  async get(req: { key?: string | null }) {
    const key = this.keyOf(req.key);
    return guard(async () => {
      const res = await this.reader.get(key).exec();
      const kv = res.kvs[0];
      return kv ? { found: true, value: kv.value, version: String(kv.version) } : { found: false, value: Buffer.alloc(0), version: '0' };
    });
  }

  async apply(req: MutationIn) {
    const name = requireKey(req.key);
    const key = this.keyOf(name);
    const expected = req.expectedVersion === undefined || req.expectedVersion === null || req.expectedVersion === '' ? undefined : Number(req.expectedVersion);
    if (expected !== undefined && (!Number.isInteger(expected) || expected < 0)) throw new InvalidError(`registry: expected_version ${req.expectedVersion} is not a version`);
    const value = typeof req.value === 'string' ? Buffer.from(req.value, 'base64') : Buffer.from(req.value ?? []);
    if (req.fencingToken) return this.applyFenced(name, key, value, expected, req.delete === true, req.fencingToken);
    return guard(async () => {
      if (req.delete) {
        if (expected === undefined) {
          await this.writer.delete().key(key).exec();
          return { version: '0' };
        }
        const res = await this.writer.if(key, 'Version', '==', expected).then(this.writer.delete().key(key)).commit();
        if (!res.succeeded) throw new ConflictError(`registry key '${name}' is not at version ${expected}`);
        return { version: '0' };
      }
      if (expected === undefined) {
        // One put returning the previous version: the new one is the next, whatever raced it.
        const prev = await this.writer.put(key).value(value).getPrevious();
        return { version: String(prev?.version ? Number(prev.version) + 1 : 1) };
      }
      const res = await this.writer.if(key, 'Version', '==', expected).then(this.writer.put(key).value(value)).commit();
      if (!res.succeeded) throw new ConflictError(`registry key '${name}' is not at version ${expected}`);
      return { version: String(expected + 1) };
    });
  }

  /**
   * One transaction: if the fence key has the token's create revision (and the key its expected
   * version), write and read the key back; else read both, to say which comparison failed.
   */
  private async applyFenced(name: string, key: string, value: Buffer, expected: number | undefined, del: boolean, token: string) {
    const fence = parseFencingToken(token);
    if (!fence) throw new InvalidError(`registry: fencing_token '${token}' is not <candidate key>@<create revision>`);
    return guard(async () => {
      let txn = this.writer.if(fence.key, 'Create', '==', fence.createRevision);
      if (expected !== undefined) txn = txn.and(key, 'Version', '==', expected);
      const write = del ? this.writer.delete().key(key) : this.writer.put(key).value(value);
      const res = await txn.then(write, this.writer.get(key)).else(this.writer.get(fence.key)).commit();
      if (!res.succeeded) {
        const holder = res.responses[0]?.response_range?.kvs[0];
        if (String(holder?.create_revision ?? '0') !== fence.createRevision) {
          throw new FencedError(`registry key '${name}': write refused: the leadership it was made under no longer holds (candidate key ${fence.key} of revision ${fence.createRevision} is gone)`);
        }
        throw new ConflictError(`registry key '${name}' is not at version ${expected}`);
      }
      const kv = res.responses[1]?.response_range?.kvs[0];
      return { version: del || !kv ? '0' : String(kv.version) };
    });
  }

  async list(req: { prefix?: string | null }) {
    const prefix = req.prefix ?? '';
    return guard(async () => {
      const res = await this.reader.getAll().prefix(this.base + prefix).exec();
      const entries = res.kvs
        .map((kv) => ({ key: kv.key.toString().slice(this.base.length), value: kv.value, version: String(kv.version) }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      return { entries };
    });
  }

  private keyOf(key: string | null | undefined): string {
    return this.base + requireKey(key);
  }
}

function requireKey(key: string | null | undefined): string {
  if (!key) throw new InvalidError('registry key must not be empty');
  return key;
}

/** Runs an etcd call; client and transport failures become ModuleDownError. */
async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof PlateauError) throw err;
    throw new ModuleDownError('contender.etcd', `registry: etcd call failed (${(err as Error).message ?? err}); a write's outcome is unknown`);
  }
}
