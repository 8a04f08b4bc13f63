import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { DigestMismatchError } from './errors';

/** "sha256:<hex>" of a buffer. */
export function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** The hex part of a sha256 digest. */
export function hexOf(digest: string): string {
  return digest.slice(digest.indexOf(':') + 1);
}

/** Throws DigestMismatchError unless `data` hashes to `expected`. */
export function verifyBuffer(data: Buffer, expected: string, what: string): void {
  const actual = sha256(data);
  if (actual !== expected) throw new DigestMismatchError(what, expected, actual);
}

/** A pass-through stream that hashes (sha256) and counts what flows through it. */
export class HashTap extends Transform {
  private readonly hash: Hash = createHash('sha256');
  /** Bytes seen so far. */
  bytes = 0;
  private result: string | undefined;

  constructor(private readonly onBytes?: (total: number) => void) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.onBytes?.(this.bytes);
    done(null, chunk);
  }

  /** "sha256:<hex>" of everything seen; call once the stream has ended. */
  digest(): string {
    this.result ??= `sha256:${this.hash.digest('hex')}`;
    return this.result;
  }
}
