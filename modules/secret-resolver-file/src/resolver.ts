/**
 * FileSecretResolver: the secret-resolver kind over a directory. A REFERENCE's name is a path
 * under `root` (see open-under-root.ts); without a key the file's bytes are the secret, with a key
 * the file is JSON or YAML and the key's string field is. A VALUE secret is its own data.
 * Errors name the secret's name and key, never its bytes or the file's content.
 */
import * as fs from 'node:fs';
import { InvalidError, NotFoundError, type ResolveRequest, type ResolveResponse__Output, type SecretResolver } from '@plateau/kernel';
import { parse as parseYaml } from 'yaml';
import type { FileResolverConfig } from './config';
import { openUnderRoot } from './open-under-root';

/** Secret types as they arrive: enum names in-process and over gRPC, numbers from some clients. */
const REFERENCE = new Set<unknown>(['REFERENCE', 1]);
const VALUE = new Set<unknown>(['VALUE', 2]);

/** Bytes of what a caller handed in (Buffer, Uint8Array, or base64 text as proto-loader allows). */
function bytesOf(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (typeof data === 'string') return Buffer.from(data, 'base64');
  return Buffer.alloc(0);
}

export class FileSecretResolver implements SecretResolver {
  /** The root with every link resolved (names are checked against it). */
  readonly root: string;
  private readonly maxBytes: number;

  constructor(config: FileResolverConfig) {
    let st: fs.Stats;
    try {
      this.root = fs.realpathSync(config.root);
      st = fs.statSync(this.root);
    } catch (err) {
      throw new InvalidError(`secrets root ${config.root} cannot be used: ${(err as Error).message}`);
    }
    if (!st.isDirectory()) throw new InvalidError(`secrets root ${config.root} is not a directory`);
    this.maxBytes = config.maxBytes ?? 1048576;
  }

  async resolve(req: ResolveRequest): Promise<ResolveResponse__Output> {
    const secret = req?.secret;
    if (!secret) throw new InvalidError('the request carries no secret');
    if (VALUE.has(secret.type)) {
      if (!secret.value) throw new InvalidError('a VALUE secret needs value.data');
      return { data: bytesOf(secret.value.data) };
    }
    if (!REFERENCE.has(secret.type)) throw new InvalidError(`secret type ${JSON.stringify(secret.type ?? 'UNKNOWN')} is neither REFERENCE nor VALUE`);
    const name = secret.reference?.name ?? '';
    const key = secret.reference?.key ?? '';
    const content = this.read(name);
    if (key === '') return { data: content };
    return { data: Buffer.from(field(content, name, key), 'utf8') };
  }

  /** The bytes of the file `name`, at most maxBytes. */
  private read(name: string): Buffer {
    const fd = openUnderRoot(this.root, name);
    try {
      const buf = Buffer.alloc(this.maxBytes + 1);
      let n = 0;
      for (;;) {
        const got = fs.readSync(fd, buf, n, buf.length - n, null);
        if (got === 0) break;
        n += got;
        if (n > this.maxBytes) throw new InvalidError(`secret ${JSON.stringify(name)} is larger than maxBytes (${this.maxBytes})`);
      }
      return Buffer.from(buf.subarray(0, n));
    } finally {
      fs.closeSync(fd);
    }
  }
}

/** The string field `key` of a JSON or YAML mapping; errors never quote the content. */
function field(content: Buffer, name: string, key: string): string {
  const what = `secret ${JSON.stringify(name)} key ${JSON.stringify(key)}`;
  let doc: unknown;
  try {
    // YAML 1.2 reads JSON too. Its own messages quote the source, so they are not passed on.
    doc = parseYaml(content.toString('utf8'), { prettyErrors: false });
  } catch (err) {
    const line = (err as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    throw new InvalidError(`${what}: the file is not JSON or YAML${line ? ` (error at line ${line})` : ''}`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new InvalidError(`${what}: the file is not a JSON or YAML mapping`);
  if (!Object.prototype.hasOwnProperty.call(doc, key)) throw new NotFoundError(`${what} not found`);
  const v = (doc as Record<string, unknown>)[key];
  if (typeof v !== 'string') throw new InvalidError(`${what} is not a string`);
  return v;
}
