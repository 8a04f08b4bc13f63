/**
 * Mesos's sandbox file endpoints on the agent: `/files/browse`, `/files/read`, `/files/download`
 * (also under `/slave(1)` and `/files/...json`), and the same lookups for the v1 API's LIST_FILES
 * and READ_FILE.
 *
 * `path` is a sandbox's host path (the `directory` of /state) or below it, or the virtual
 * `/frameworks/<fid>/executors/<eid>/runs/<containerId|latest>[/...]`. Every path is confined to
 * the sandboxes under `<workDir>/slaves`: a `..` segment is refused (403), and the real path
 * (symlinks resolved) must still be inside the real path of the same sandbox (403 otherwise);
 * anything else under the work dir is 403, a missing file 404.
 *
 * browse → JSON array of `{path, nlink, size, mtime, mode, uid, gid}` (Mesos's FileInfo);
 * read   → `{data, offset}`: `length` bytes (default and cap 16 MiB) from `offset`; offset -1
 *          answers `{data: "", offset: <size>}` (how Mesos clients find the end to tail from);
 * download → the file as application/octet-stream with a Content-Disposition.
 */
import { createReadStream, lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import { badRequest, forbidden, notFound, sendAnswer, sendJson, type HttpAnswer } from '@plateau/mesos';
import type { Agent } from '../agent';
import { segment } from '../paths';
import type { AgentRouter } from './router';

/** Largest read answered at once, bytes (Mesos's default page). */
export const MAX_READ_BYTES = 16 * 1024 * 1024;

/** A resolved, confined path, or the answer refusing it. */
export type Resolved = { ok: true; path: string; stats: Stats } | { ok: false; answer: HttpAnswer };

/** Sandboxes are `slaves/<aid>/frameworks/<fid>/executors/<eid>/runs/<cid>`: 8 segments. */
const SANDBOX_DEPTH = 8;

function isSandboxPrefix(parts: string[]): boolean {
  return parts.length >= SANDBOX_DEPTH && parts[0] === 'slaves' && parts[2] === 'frameworks' && parts[4] === 'executors' && parts[6] === 'runs';
}

/**
 * Resolves a request path to a host path inside a sandbox of `workDir`, refusing escapes.
 * `agentId` is used for virtual `/frameworks/...` paths.
 */
export function resolveSandboxPath(workDir: string, agentId: string, requested: string | null): Resolved {
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
  const sandbox = join(root, ...rel.slice(0, SANDBOX_DEPTH));
  let realSandbox: string;
  let real: string;
  try {
    realSandbox = realpathSync(sandbox);
  } catch {
    return { ok: false, answer: notFound(`No sandbox at '${requested}'`) };
  }
  try {
    real = realpathSync(host);
  } catch {
    // A dangling symlink whose target is outside is still an escape; else it is just missing.
    try {
      lstatSync(host);
      return { ok: false, answer: notFound(`'${requested}' is a broken link`) };
    } catch {
      return { ok: false, answer: notFound(`No file or directory at '${requested}'`) };
    }
  }
  if (real !== realSandbox && !real.startsWith(realSandbox + sep)) {
    return { ok: false, answer: forbidden(`'${requested}' leads outside its sandbox (symbolic link to '${real}')`) };
  }
  return { ok: true, path: real, stats: statSync(real) };
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

/** Entries of a directory (or the file itself), with `path` in the request's own form. */
export function browse(requested: string, r: { path: string; stats: Stats }): Record<string, unknown>[] {
  if (!r.stats.isDirectory()) return [fileInfo(requested, r.stats)];
  const base = requested.endsWith('/') ? requested.slice(0, -1) : requested;
  const out: Record<string, unknown>[] = [];
  for (const name of readdirSync(r.path).sort()) {
    try {
      out.push(fileInfo(`${base}/${name}`, lstatSync(join(r.path, name))));
    } catch {
      // vanished meanwhile
    }
  }
  return out;
}

/** Reads `length` bytes at `offset` (offset -1: the size, no data). */
export async function readAt(r: { path: string; stats: Stats }, offset: number, length: number | undefined): Promise<{ data: Buffer; offset: number }> {
  const size = r.stats.size;
  if (offset < 0) return { data: Buffer.alloc(0), offset: size };
  const want = Math.min(length ?? MAX_READ_BYTES, MAX_READ_BYTES, Math.max(0, size - offset));
  if (want <= 0) return { data: Buffer.alloc(0), offset };
  const fh = await open(r.path, 'r');
  try {
    const buf = Buffer.alloc(want);
    const { bytesRead } = await fh.read(buf, 0, want, offset);
    return { data: buf.subarray(0, bytesRead), offset };
  } finally {
    await fh.close();
  }
}

function intParam(q: URLSearchParams, name: string): number | undefined | HttpAnswer {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) return badRequest(`Failed to parse '${name}': '${v}' is not an integer`);
  return Number(v);
}

const aliases = (...paths: string[]) => paths.flatMap((p) => [p, `/slave(1)${p}`]);

/** Registers /files/browse, /files/read and /files/download. */
export function fileRoutes(agent: Agent, router: AgentRouter): void {
  const workDir = agent.opts.workDir;
  router.add(aliases('/files/browse', '/files/browse.json'), {
    methods: ['GET'],
    handle: ({ res, search }) => {
      const q = new URLSearchParams(search);
      const r = resolveSandboxPath(workDir, agent.agentId, q.get('path'));
      if (!r.ok) return sendAnswer(res, r.answer);
      sendJson(res, browse(q.get('path')!, r));
    },
  });
  router.add(aliases('/files/read', '/files/read.json'), {
    methods: ['GET'],
    handle: async ({ res, search }) => {
      const q = new URLSearchParams(search);
      const offset = intParam(q, 'offset');
      const length = intParam(q, 'length');
      if (typeof offset === 'object') return sendAnswer(res, offset);
      if (typeof length === 'object') return sendAnswer(res, length);
      if (length !== undefined && length < 0) return sendAnswer(res, badRequest(`Negative 'length': ${length}`));
      const r = resolveSandboxPath(workDir, agent.agentId, q.get('path'));
      if (!r.ok) return sendAnswer(res, r.answer);
      if (r.stats.isDirectory()) return sendAnswer(res, badRequest('Cannot read a directory'));
      const out = await readAt(r, offset ?? 0, length);
      sendJson(res, { data: out.data.toString('utf8'), offset: out.offset });
    },
  });
  router.add(aliases('/files/download', '/files/download.json'), {
    methods: ['GET'],
    handle: async ({ res, search }) => {
      const q = new URLSearchParams(search);
      const r = resolveSandboxPath(workDir, agent.agentId, q.get('path'));
      if (!r.ok) return sendAnswer(res, r.answer);
      if (r.stats.isDirectory()) return sendAnswer(res, badRequest('Cannot download a directory'));
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': r.stats.size,
        'Content-Disposition': `attachment; filename="${basename(r.path).replace(/["\\\r\n]/g, '_')}"`,
      });
      await new Promise<void>((done) => {
        const s = createReadStream(r.path, { start: 0, end: Math.max(0, r.stats.size - 1) });
        if (r.stats.size === 0) {
          s.destroy();
          res.end();
          return done();
        }
        s.on('error', () => {
          res.destroy();
          done();
        });
        s.on('end', () => done());
        s.pipe(res);
      });
    },
  });
}
