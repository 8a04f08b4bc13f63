import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCodes, kindsOf, ModuleHost, type Logger, type ModuleEntry } from '@plateau/kernel';
import type { Harness } from './harness';

/** Thrown by `openEntry` when the module skipped itself (SkipModule) on this machine; the message says why. */
export class Skipped extends Error {}

/** A harness that also says which kinds the module serves (its kind and what it `provides`). */
export interface OpenedModule extends Harness {
  kinds: string[];
}

export interface OpenEntryOptions {
  /** The instance name under `modules:` (the entry's own name in errors and logs). */
  instance: string;
  entry: ModuleEntry;
  logger: Logger;
  /** The config file the entry came from: `use: ./path` and TLS paths resolve against it. */
  configFile?: string;
  /** The whole config, handed to modules as Tokens.config. */
  config?: Record<string, unknown>;
  /** Other entries of the config, booted with this one when it cannot start alone (it depends on one of them). */
  others?: Record<string, ModuleEntry>;
  /** How the harness calls its mode: `inproc`, `spawn`, `endpoint`, ... (default: the entry's form). */
  mode?: string;
}

/**
 * openEntry: boots one `modules:` entry through the real ModuleHost, in a fresh work directory
 * of its own, exactly as the kernel would (in-process `use:`, in a thread with `thread: true`, spawned `exec:` or dialed
 * `endpoint:`). An entry that names another module as a dependency is booted with `others`.
 */
export async function openEntry(opts: OpenEntryOptions): Promise<OpenedModule> {
  try {
    return await boot(opts, {});
  } catch (err) {
    const others = withoutSelf(opts.others, opts.instance);
    if ((err as { code?: string }).code !== ErrorCodes.moduleDependency || Object.keys(others).length === 0) throw err;
    return boot(opts, others);
  }
}

async function boot(opts: OpenEntryOptions, others: Record<string, ModuleEntry>): Promise<OpenedModule> {
  // Short: a spawned module's unix socket lives under it, and socket paths are limited to 107 bytes.
  const workDir = mkdtempSync(join(tmpdir(), 'plt-conf-'));
  const mode = opts.mode ?? (opts.entry.use ? (opts.entry.thread ? 'thread' : 'inproc') : opts.entry.exec ? 'spawn' : 'endpoint');
  const host = new ModuleHost({
    modules: { [opts.instance]: opts.entry, ...others },
    configFile: opts.configFile,
    workDir,
    logger: opts.logger,
    config: opts.config,
  });
  const cleanup = async () => {
    await host.stop(5000);
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    host.load();
    await host.start();
  } catch (err) {
    await cleanup();
    throw err;
  }
  const handle = host.handles.get(opts.instance)!;
  if (handle.state === 'skipped') {
    await cleanup();
    throw new Skipped(handle.detail ?? 'skipped');
  }
  const kinds = handle.def ? kindsOf(handle.def) : [handle.kind, ...((handle.remote?.description?.provides ?? []) as string[])];
  return { instance: host.instance(opts.instance)!, mode, uri: `${handle.kind}.${handle.name}`, kinds, close: cleanup };
}

function withoutSelf(others: Record<string, ModuleEntry> | undefined, instance: string): Record<string, ModuleEntry> {
  const out = { ...(others ?? {}) };
  delete out[instance];
  return out;
}
