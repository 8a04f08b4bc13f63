/**
 * Mesos's sandbox file endpoints on the agent: `/files/browse`, `/files/read`, `/files/download`
 * (also under `/slave(1)` and `/files/...json`), and the same lookups for the v1 API's LIST_FILES
 * and READ_FILE.
 *
 * `path` is a sandbox's host path (the `directory` of /state) or below it, or the virtual
 * `/frameworks/<fid>/executors/<eid>/runs/<containerId|latest>[/...]`. Every path is confined to
 * the sandboxes under `<workDir>/slaves`: a `..` segment is refused (403), anything else under the
 * work dir is 403, a missing file 404.
 *
 * A sandbox's entries belong to its task, which may swap any of them for a symbolic link at any
 * moment, so no link below a sandbox is ever followed, and a path is checked and opened in one
 * step: each component below the sandbox is lstat'ed and a symbolic link refused (403); the
 * final one is opened with O_NOFOLLOW (and O_NONBLOCK|O_NOCTTY); the descriptor is fstat'ed
 * (a regular file or a directory, 400 otherwise) and where it really is (/proc/self/fd) must be
 * inside the sandbox, which catches a directory swapped for a link between the walk and the
 * open (403). Everything after that — sizes, listings, reads, downloads — goes through the
 * descriptor, never the path again. A listing lstat's its entries: links show as links (`l...`)
 * and are not followed.
 *
 * browse → JSON array of `{path, nlink, size, mtime, mode, uid, gid}` (Mesos's FileInfo);
 * read   → `{data, offset}`: `length` bytes (default and cap 16 MiB) from `offset`; offset -1
 *          answers `{data: "", offset: <size>}` (how Mesos clients find the end to tail from);
 * download → the file as application/octet-stream with a Content-Disposition.
 */
import { closeSync, constants, createReadStream, fstatSync, lstatSync, openSync, read, readdirSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import { badRequest, forbidden, notFound, sendAnswer, sendJson, type HttpAnswer } from '@plateau/mesos';
import type { Agent } from '../agent';
import { segment, unsegment } from '../paths';
import { entryKind, errnoOf } from '../sandbox-entry';
import { sandboxAccess } from './access';
import type { AgentCaller } from './auth';
import type { AgentHttpRequest, AgentRouter } from './router';

/** Largest read answered at once, bytes (Mesos's default page). */
export const MAX_READ_BYTES = 16 * 1024 * 1024;

/**
 * A confined path opened for reading: `fd` is an open descriptor of a regular file or a directory
 * inside a sandbox (close it with closeSandboxPath), `stats` its fstat; or the answer refusing it.
 */
export type Resolved = Opened | { ok: false; answer: HttpAnswer };
/** An opened sandbox path, with whose sandbox it is in (for ACCESS_SANDBOX). */
export type Opened = { ok: true; path: string; fd: number; stats: Stats; owner: SandboxOwner };

/** Whose sandbox a path is in. */
export interface SandboxOwner {
  frameworkId: string;
  executorId: string;
  containerId: string;
}

/** Sandboxes are `slaves/<aid>/frameworks/<fid>/executors/<eid>/runs/<cid>`: 8 segments. */
const SANDBOX_DEPTH = 8;

function isSandboxPrefix(parts: string[]): boolean {
  return parts.length >= SANDBOX_DEPTH && parts[0] === 'slaves' && parts[2] === 'frameworks' && parts[4] === 'executors' && parts[6] === 'runs';
}

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY;



/** The path `fd` really names now, from /proc/self/fd (undefined where that cannot be read). */
function fdPath(fd: number): string | undefined {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return undefined;
  }
}

/** Closes what openSandboxPath opened (nothing for a refusal). */
export function closeSandboxPath(r: Resolved): void {
  if (!r.ok) return;
  try {
    closeSync(r.fd);
  } catch {
    // closed already
  }
}

/**
 * Resolves a request path to a host path inside a sandbox of `workDir` and opens it, refusing
 * escapes and symbolic links (see the module's comment). `agentId` is used for virtual
 * `/frameworks/...` paths. The caller closes an ok answer with closeSandboxPath.
 */
export function openSandboxPath(workDir: string, agentId: string, requested: string | null): Resolved {
  if (requested === null || requested === '') return { ok: false, answer: badRequest("Missing 'path' query parameter") };
  if (!requested.startsWith('/')) return { ok: false, answer: badRequest(`'path' must be absolute, got '${requested}'`) };
  if (requested.split('/').some((s) => s === '..')) return { ok: false, answer: forbidden(`'${requested}': '..' is not allowed in sandbox paths`) };
  const root = resolve(workDir);
  let host: string;
  if (requested === '/frameworks' || requested.startsWith('/frameworks/')) {
    const parts = requested.split('/').filter(Boolean);
    // frameworks/<fid>/executors/<eid>/runs/<cid|latest>/...
    if (parts.length < 6 || parts[2] !== 'executors' || parts[4] !== 'runs') return { ok: false, answer: notFound(`No sandbox at '${requested}'`) };
    const runs = join(root, 'slaves', segment(agentId), 'frameworks', segment(parts[1]!), 'executors', segment(parts[3]!), 'runs');
    let run = parts[5]!;
    if (run === 'latest') {
      const latest = latestRun(runs);
      if (latest === undefined) return { ok: false, answer: notFound(`No runs under '${requested}'`) };
      run = latest;
    }
    host = join(runs, run, ...parts.slice(6));
  } else {
    host = resolve(requested);
  }
  const rel = host === root ? [] : host.startsWith(root + sep) ? host.slice(root.length + 1).split(sep) : undefined;
  if (rel === undefined || !isSandboxPrefix(rel)) return { ok: false, answer: forbidden(`'${requested}' is not inside a sandbox of this agent`) };
  // The work dir and the sandbox directories themselves are the agent's; what is below them is the task's.
  let realSandbox: string;
  try {
    realSandbox = realpathSync(join(root, ...rel.slice(0, SANDBOX_DEPTH)));
    if (!lstatSync(realSandbox).isDirectory()) throw new Error('not a directory');
  } catch {
    return { ok: false, answer: notFound(`No sandbox at '${requested}'`) };
  }
  // Each component below the sandbox: never a symbolic link.
  let path = realSandbox;
  let named = lstatSync(realSandbox);
  for (const part of rel.slice(SANDBOX_DEPTH)) {
    if (!named.isDirectory()) return { ok: false, answer: notFound(`No file or directory at '${requested}'`) };
    path = join(path, part);
    try {
      named = lstatSync(path);
    } catch {
      return { ok: false, answer: notFound(`No file or directory at '${requested}'`) };
    }
    if (named.isSymbolicLink()) {
      return { ok: false, answer: forbidden(`'${requested}' goes through a symbolic link ('${path.slice(realSandbox.length + 1)}'); links in a sandbox are not followed, they could lead outside its sandbox`) };
    }
  }
  if (!named.isFile() && !named.isDirectory()) return { ok: false, answer: badRequest(`'${requested}' is ${entryKind(named)}, not a regular file or directory`) };
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS | (named.isDirectory() ? constants.O_DIRECTORY : 0));
  } catch (err) {
    const code = errnoOf(err);
    if (code === 'ELOOP') return { ok: false, answer: forbidden(`'${requested}' is a symbolic link; links in a sandbox are not followed, they could lead outside its sandbox`) };
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, answer: notFound(`No file or directory at '${requested}'`) };
    throw err;
  }
  let ok = false;
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile() && !stats.isDirectory()) return { ok: false, answer: badRequest(`'${requested}' is ${entryKind(stats)}, not a regular file or directory`) };
    // A directory on the way may have been swapped for a link after the walk: where the descriptor really is decides.
    const real = fdPath(fd);
    if (real === undefined) return { ok: false, answer: forbidden(`'${requested}': cannot tell where it leads (no /proc/self/fd)`) };
    if (real !== realSandbox && !real.startsWith(realSandbox + sep)) return { ok: false, answer: forbidden(`'${requested}' leads outside its sandbox`) };
    ok = true;
    return { ok: true, path, fd, stats, owner: { frameworkId: unsegment(rel[3]!), executorId: unsegment(rel[5]!), containerId: unsegment(rel[7]!) } };
  } finally {
    if (!ok) closeSync(fd);
  }
}

function latestRun(runs: string): string | undefined {
  try {
    const dirs = readdirSync(runs, { withFileTypes: true }).filter((e) => e.isDirectory());
    let best: { name: string; t: number } | undefined;
    for (const d of dirs) {
      const t = statSync(join(runs, d.name)).mtimeMs;
      if (best === undefined || t > best.t) best = { name: d.name, t };
    }
    return best?.name;
  } catch {
    return undefined;
  }
}

/** `ls -l` style mode text (`drwxr-xr-x`). */
export function modeString(st: Stats): string {
  const type = st.isDirectory() ? 'd' : st.isSymbolicLink() ? 'l' : st.isFIFO() ? 'p' : st.isSocket() ? 's' : st.isCharacterDevice() ? 'c' : st.isBlockDevice() ? 'b' : '-';
  const bits = 'rwxrwxrwx';
  let out = type;
  for (let i = 0; i < 9; i++) out += st.mode & (1 << (8 - i)) ? bits[i] : '-';
  return out;
}

/** Mesos's FileInfo JSON of one entry. */
export function fileInfo(path: string, st: Stats): Record<string, unknown> {
  return { path, nlink: st.nlink, size: st.size, mtime: Math.floor(st.mtimeMs / 1000), mode: modeString(st), uid: String(st.uid), gid: String(st.gid) };
}

/** Entries of an opened directory (or the file itself), with `path` in the request's own form; links are listed, not followed. */
export function browse(requested: string, r: { fd: number; stats: Stats }): Record<string, unknown>[] {
  if (!r.stats.isDirectory()) return [fileInfo(requested, r.stats)];
  const base = requested.endsWith('/') ? requested.slice(0, -1) : requested;
  // /proc/self/fd/<fd> is the opened directory itself, whatever its path names now.
  const dir = `/proc/self/fd/${r.fd}`;
  const out: Record<string, unknown>[] = [];
  for (const name of readdirSync(dir).sort()) {
    try {
      out.push(fileInfo(`${base}/${name}`, lstatSync(`${dir}/${name}`)));
    } catch {
      // vanished meanwhile
    }
  }
  return out;
}

function readFd(fd: number, buf: Buffer, position: number): Promise<number> {
  return new Promise((done, fail) => read(fd, buf, 0, buf.length, position, (err, n) => (err ? fail(err) : done(n))));
}

/** Reads `length` bytes at `offset` of an opened file (offset -1: the size, no data). */
export async function readAt(r: { fd: number; stats: Stats }, offset: number, length: number | undefined): Promise<{ data: Buffer; offset: number }> {
  const size = r.stats.size;
  if (offset < 0) return { data: Buffer.alloc(0), offset: size };
  const want = Math.min(length ?? MAX_READ_BYTES, MAX_READ_BYTES, Math.max(0, size - offset));
  if (want <= 0) return { data: Buffer.alloc(0), offset };
  const buf = Buffer.alloc(want);
  let got = 0;
  while (got < want) {
    const n = await readFd(r.fd, buf.subarray(got), offset + got);
    if (n === 0) break;
    got += n;
  }
  return { data: buf.subarray(0, got), offset };
}

function intParam(q: URLSearchParams, name: string): number | undefined | HttpAnswer {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) return badRequest(`Failed to parse '${name}': '${v}' is not an integer`);
  return Number(v);
}

const aliases = (...paths: string[]) => paths.flatMap((p) => [p, `/slave(1)${p}`]);

/**
 * Runs `fn` on the opened path, closing it after (the answer refusing it otherwise); `fn` answers
 * 'taken' when something else (a stream) has taken the descriptor over and closes it itself.
 */
async function withOpened(agent: Agent, caller: AgentCaller, requested: string | null, res: AgentHttpRequest['res'], fn: (r: Opened) => void | 'taken' | Promise<void | 'taken'>): Promise<void> {
  const r = openSandboxPath(agent.opts.workDir, agent.agentId, requested);
  if (!r.ok) return sendAnswer(res, r.answer);
  let taken = false;
  try {
    const refused = await sandboxAccess(agent.auth, caller, r.owner);
    if (refused) return sendAnswer(res, refused);
    taken = (await fn(r)) === 'taken';
  } finally {
    if (!taken) closeSandboxPath(r);
  }
}

/** Registers /files/browse, /files/read and /files/download. */
export function fileRoutes(agent: Agent, router: AgentRouter): void {
  router.add(aliases('/files/browse', '/files/browse.json'), {
    auth: 'readonly',
    selfAuthorizing: true, // ACCESS_SANDBOX on the sandbox the path is in
    methods: ['GET'],
    handle: ({ res, search, caller }) => {
      const q = new URLSearchParams(search);
      return withOpened(agent, caller, q.get('path'), res, (r) => sendJson(res, browse(q.get('path')!, r)));
    },
  });
  router.add(aliases('/files/read', '/files/read.json'), {
    auth: 'readonly',
    selfAuthorizing: true, // ACCESS_SANDBOX on the sandbox the path is in
    methods: ['GET'],
    handle: async ({ res, search, caller }) => {
      const q = new URLSearchParams(search);
      const offset = intParam(q, 'offset');
      const length = intParam(q, 'length');
      if (typeof offset === 'object') return sendAnswer(res, offset);
      if (typeof length === 'object') return sendAnswer(res, length);
      if (length !== undefined && length < 0) return sendAnswer(res, badRequest(`Negative 'length': ${length}`));
      await withOpened(agent, caller, q.get('path'), res, async (r) => {
        if (r.stats.isDirectory()) return sendAnswer(res, badRequest('Cannot read a directory'));
        const out = await readAt(r, offset ?? 0, length);
        sendJson(res, { data: out.data.toString('utf8'), offset: out.offset });
      });
    },
  });
  router.add(aliases('/files/download', '/files/download.json'), {
    auth: 'readonly',
    selfAuthorizing: true, // ACCESS_SANDBOX on the sandbox the path is in
    methods: ['GET'],
    handle: async ({ res, search, caller }) => {
      const q = new URLSearchParams(search);
      await withOpened(agent, caller, q.get('path'), res, async (r) => {
        if (r.stats.isDirectory()) return sendAnswer(res, badRequest('Cannot download a directory'));
        res.writeHead(200, {
          'Content-Type': 'application/octet-stream',
          'Content-Length': r.stats.size,
          'Content-Disposition': `attachment; filename="${basename(r.path).replace(/["\\\r\n]/g, '_')}"`,
        });
        if (r.stats.size === 0) {
          res.end();
          return;
        }
        // From the opened descriptor, which the stream owns from here on: it closes it when done or destroyed.
        const s = createReadStream('', { fd: r.fd, autoClose: true, start: 0, end: r.stats.size - 1 });
        await new Promise<void>((done) => {
          s.on('close', done);
          s.on('error', () => res.destroy());
          res.on('close', () => s.destroy());
          s.pipe(res);
        });
        return 'taken';
      });
    },
  });
}
