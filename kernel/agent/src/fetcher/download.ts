/**
 * Downloads one URI to a new file. http(s): GET, following up to 5 redirects, failing on a
 * status other than 2xx, on a connection error and when no byte arrives for `timeoutMs`.
 * file: copies the host file (a regular file only); when the task runs as a non-root uid, the
 * file must be readable by that uid, so a framework cannot fetch what its user could not read.
 * The target is always created afresh (O_CREAT|O_EXCL|O_NOFOLLOW) in a directory the agent made.
 */
import { constants, createReadStream, createWriteStream, fstatSync, openSync, closeSync } from 'node:fs';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { pipeline } from 'node:stream/promises';
import { messageOf } from '@plateau/kernel';
import { parseUri } from './uri';

/** Who reads a file URI: the task's uid and gids (undefined: the agent itself). */
export interface Reader {
  uid: number;
  gids: number[];
}

export interface DownloadOptions {
  /** A transfer with no progress this long fails, ms. */
  timeoutMs: number;
  reader?: Reader;
}

const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW | constants.O_NOCTTY;
const MAX_REDIRECTS = 5;

/** Downloads `uri` into the new file `dest`; resolves with its size in bytes. */
export async function download(uri: string, dest: string, opts: DownloadOptions): Promise<number> {
  const src = parseUri(uri);
  const fd = openSync(dest, CREATE_NEW, 0o644);
  const out = createWriteStream('', { fd });
  try {
    if (src.kind === 'file') await copyFile(src.path, out, opts.reader);
    else await fetchHttp(src.url, out, opts.timeoutMs);
  } catch (err) {
    out.destroy();
    throw err;
  }
  return out.bytesWritten;
}

async function copyFile(path: string, out: NodeJS.WritableStream, reader: Reader | undefined): Promise<void> {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (err) {
    throw new Error(`cannot open '${path}': ${messageOf(err)}`);
  }
  const st = fstatSync(fd);
  if (!st.isFile()) {
    closeSync(fd);
    throw new Error(`'${path}' is not a regular file`);
  }
  if (reader !== undefined && reader.uid !== 0) {
    const ok = st.uid === reader.uid ? (st.mode & 0o400) !== 0 : reader.gids.includes(st.gid) ? (st.mode & 0o040) !== 0 : (st.mode & 0o004) !== 0;
    if (!ok) {
      closeSync(fd);
      throw new Error(`'${path}' is not readable by uid ${reader.uid}`);
    }
  }
  await pipeline(createReadStream('', { fd }), out);
}

function request(url: URL, timeoutMs: number): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const get = url.protocol === 'https:' ? httpsGet : httpGet;
    const req = get(url, { timeout: timeoutMs, headers: { 'user-agent': 'plateau-fetcher' } }, resolve);
    req.on('timeout', () => req.destroy(new Error(`no response within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

async function fetchHttp(first: URL, out: NodeJS.WritableStream, timeoutMs: number): Promise<void> {
  let url = first;
  for (let hop = 0; ; hop++) {
    let res: IncomingMessage;
    try {
      res = await request(url, timeoutMs);
    } catch (err) {
      throw new Error(`cannot GET ${url.href}: ${messageOf(err)}`);
    }
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      if (hop >= MAX_REDIRECTS) throw new Error(`GET ${first.href}: more than ${MAX_REDIRECTS} redirects`);
      const next = new URL(res.headers.location, url);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new Error(`GET ${url.href}: redirected to unsupported '${next.href}'`);
      url = next;
      continue;
    }
    if (status < 200 || status >= 300) {
      res.resume();
      throw new Error(`GET ${url.href}: HTTP ${status} ${res.statusMessage ?? ''}`.trimEnd());
    }
    res.setTimeout(timeoutMs, () => res.destroy(new Error(`no data for ${timeoutMs} ms`)));
    try {
      await pipeline(res, out);
    } catch (err) {
      throw new Error(`GET ${url.href}: transfer failed: ${messageOf(err)}`);
    }
    return;
  }
}
