/**
 * What GET_VERSION reports about the running build (Mesos's VersionInfo): the package's version,
 * when its compiled code was written (build_date, build_time in seconds), and the git commit,
 * branch and tag of the checkout it runs from, read from its `.git` files (no git process). A
 * part that cannot be found is left out.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Mesos's VersionInfo fields this build knows. */
export interface BuildInfo {
  version: string;
  build_date?: string;
  build_time?: number;
  git_sha?: string;
  git_branch?: string;
  git_tag?: string;
}

/** The nearest directory at or above `from` holding `.git` (a directory or a worktree's file). */
function gitDir(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const dot = join(dir, '.git');
    if (existsSync(dot)) {
      if (statSync(dot).isDirectory()) return dot;
      const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(dot, 'utf8'));
      return m ? m[1]!.trim() : undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** The commit `ref` names in `git` (loose or packed). */
function resolveRef(git: string, ref: string): string | undefined {
  const loose = join(git, ref);
  if (existsSync(loose)) return readFileSync(loose, 'utf8').trim();
  const packed = join(git, 'packed-refs');
  if (!existsSync(packed)) return undefined;
  const line = readFileSync(packed, 'utf8').split('\n').find((l) => l.endsWith(` ${ref}`));
  return line?.split(' ')[0];
}

/** A tag pointing at `sha` (loose tags only), if any. */
function tagOf(git: string, sha: string): string | undefined {
  const dir = join(git, 'refs', 'tags');
  if (!existsSync(dir)) return undefined;
  return readdirSync(dir).find((t) => resolveRef(git, `refs/tags/${t}`) === sha);
}

/**
 * The build info of the code at `codeDir` (a package's compiled directory) with `version`. Never
 * throws: what cannot be read is left out.
 */
export function buildInfo(version: string, codeDir: string): BuildInfo {
  const info: BuildInfo = { version };
  try {
    const built = statSync(codeDir).mtime;
    info.build_date = built.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
    info.build_time = Math.floor(built.getTime() / 1000);
  } catch {
    // no compiled directory to date: left out
  }
  try {
    const git = gitDir(codeDir);
    if (git === undefined) return info;
    const head = readFileSync(join(git, 'HEAD'), 'utf8').trim();
    const ref = /^ref:\s*(.+)$/.exec(head)?.[1];
    const sha = ref === undefined ? head : resolveRef(git, ref);
    if (sha !== undefined && /^[0-9a-f]{40}$/.test(sha)) {
      info.git_sha = sha;
      const tag = tagOf(git, sha);
      if (tag !== undefined) info.git_tag = tag;
    }
    if (ref?.startsWith('refs/heads/')) info.git_branch = ref.slice('refs/heads/'.length);
  } catch {
    // an unreadable checkout: the git fields are left out
  }
  return info;
}
