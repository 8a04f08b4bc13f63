/**
 * The fetcher (Mesos's mesos-fetcher): before a container starts, each URI of its CommandInfo is
 * fetched into the sandbox: downloaded (or taken from the agent-wide cache when `cache` is set),
 * saved as `output_file` or its basename, made executable when asked, and extracted when it is an
 * archive and `extract` is not false (the archive stays beside what it held, as in Mesos). What
 * it does is logged to the sandbox's stderr; the first failure stops the fetch with a message
 * naming the URI (the containerizer then fails the task, REASON_CONTAINER_LAUNCH_FAILED).
 */
import { constants, copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandInfo_URI } from '@plateau/mesos';
import { messageOf } from '@plateau/kernel';
import { FetcherCache } from './cache';
import { download, type Reader } from './download';
import { extractArchive } from './extract';
import { appendLog, chownTree, ensureDirs, makeExecutable, makeStage, type Owner, placeAll, placeEntry, removeStage } from './place';
import { archiveKind, outputSegments, uriBasename } from './uri';

export interface FetcherOptions {
  /** Directory of the cache (Mesos --fetcher_cache_dir). */
  cacheDir: string;
  /** Size bound of the cache, bytes (Mesos --fetcher_cache_size). */
  cacheMaxBytes: number;
  /** A download with no progress this long fails, ms (Mesos --fetcher_stall_timeout). */
  stallTimeoutMs?: number;
}

/** Mesos's defaults: a 2 GiB cache, a 60 s stall timeout. */
export const FETCHER_DEFAULTS = { cacheMaxBytes: 2 * 1024 * 1024 * 1024, stallTimeoutMs: 60_000 } as const;

/** One container's fetch. */
export interface FetchRequest {
  uris: readonly CommandInfo_URI[];
  /** The sandbox (exists; made by the agent). */
  sandbox: string;
  /** The user the task asks for; part of the cache key (Mesos keys the cache by user and URI). */
  user: string;
  /** The uid/gid the container will run as, when known: fetched files are handed to it. */
  owner?: Owner & { gids?: number[] };
  /** The fetch log (the sandbox's stderr). */
  logPath?: string;
}

/** A fetch failed; the message names the URI and why. */
export class FetchError extends Error {
  constructor(
    readonly uri: string,
    message: string,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

export class Fetcher {
  private loaded: FetcherCache | undefined;
  private readonly stallTimeoutMs: number;

  constructor(private readonly opts: FetcherOptions) {
    this.stallTimeoutMs = opts.stallTimeoutMs ?? FETCHER_DEFAULTS.stallTimeoutMs;
  }

  /** The cache, loaded from its index on first use (an agent that fetches nothing makes no directory). */
  get cache(): FetcherCache {
    this.loaded ??= new FetcherCache(this.opts.cacheDir, this.opts.cacheMaxBytes);
    return this.loaded;
  }

  /** Fetches every URI of `req` into its sandbox, in order; throws a FetchError on the first failure. */
  async fetch(req: FetchRequest): Promise<void> {
    const log = (line: string) => (req.logPath ? appendLog(req.logPath, `${new Date().toISOString()} fetcher: ${line}\n`) : undefined);
    for (const uri of req.uris) {
      try {
        await this.fetchOne(uri, req, log);
      } catch (err) {
        const msg = `Failed to fetch '${uri.value}': ${messageOf(err)}`;
        log(msg);
        throw new FetchError(uri.value, msg);
      }
    }
    if (req.uris.length > 0) log(`Successfully fetched all URIs into '${req.sandbox}'`);
  }

  private async fetchOne(uri: CommandInfo_URI, req: FetchRequest, log: (line: string) => void): Promise<void> {
    log(`Fetching URI '${uri.value}'`);
    const segs = uri.output_file ? outputSegments(uri.output_file) : [uriBasename(uri.value)];
    const name = segs[segs.length - 1]!;
    const reader: Reader | undefined = req.owner ? { uid: req.owner.uid, gids: [req.owner.gid, ...(req.owner.gids ?? [])] } : undefined;
    const stage = makeStage(req.sandbox);
    try {
      const file = join(stage, 'file');
      const fill = (dest: string) => download(uri.value, dest, { timeoutMs: this.stallTimeoutMs, reader });
      if (uri.cache) {
        const lease = await this.cache.get(req.user, uri.value, fill);
        try {
          copyFileSync(lease.path, file, constants.COPYFILE_EXCL);
        } finally {
          lease.release();
        }
        log(lease.hit ? `Using the cached copy of '${uri.value}' (${lease.size} bytes)` : `Downloaded '${uri.value}' into the cache (${lease.size} bytes)`);
      } else {
        const size = await fill(file);
        log(`Downloaded '${uri.value}' (${size} bytes)`);
      }
      if (uri.executable) makeExecutable(file);
      const kind = uri.extract !== false && !uri.executable ? archiveKind(name) : undefined;
      let extracted: string | undefined;
      if (kind !== undefined) {
        extracted = join(stage, 'extracted');
        mkdirSync(extracted, 0o755);
        await extractArchive(file, kind, extracted, name.replace(/\.gz$/i, ''));
      }
      if (req.owner) {
        chownTree(file, req.owner);
        if (extracted) chownTree(extracted, req.owner);
      }
      const dir = ensureDirs(req.sandbox, segs.slice(0, -1), req.owner);
      placeEntry(file, dir, name, req.sandbox);
      log(`Saved '${uri.value}' as '${segs.join('/')}'`);
      if (extracted) {
        placeAll(extracted, req.sandbox, req.sandbox);
        log(`Extracted '${segs.join('/')}' into the sandbox`);
      }
    } finally {
      removeStage(stage);
    }
  }
}
