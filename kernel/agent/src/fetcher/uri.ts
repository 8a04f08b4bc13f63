/**
 * What the fetcher accepts as a URI (Mesos's CommandInfo.URI.value): http and https URLs, file
 * URLs and absolute host paths. Other schemes (hdfs://, s3://, ftp://, ...) need a fetcher plugin
 * Plateau does not have, so they are refused by name rather than tried.
 */
import { posix } from 'node:path';

/** How a URI is fetched. */
export type UriSource = { kind: 'http'; url: URL } | { kind: 'file'; path: string };

/** Schemes the fetcher speaks. */
export const FETCHER_SCHEMES = ['http', 'https', 'file'] as const;

/** The source of `value`; throws a message naming the URI when it cannot be fetched. */
export function parseUri(value: string): UriSource {
  if (value === '') throw new Error('the URI is empty');
  if (value.startsWith('/')) return { kind: 'file', path: posix.normalize(value) };
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(value);
  if (m === null) throw new Error(`'${value}' is neither an absolute path nor a URI with a scheme (${FETCHER_SCHEMES.join(', ')})`);
  const scheme = m[1]!.toLowerCase();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`'${value}' is not a valid URI`);
  }
  if (scheme === 'http' || scheme === 'https') return { kind: 'http', url };
  if (scheme === 'file') {
    if (url.hostname !== '' && url.hostname !== 'localhost') throw new Error(`'${value}': a file URI must name a local path (host '${url.hostname}')`);
    return { kind: 'file', path: posix.normalize(decodeURIComponent(url.pathname)) };
  }
  throw new Error(`'${value}': unsupported scheme '${scheme}' (the fetcher speaks ${FETCHER_SCHEMES.join(', ')})`);
}

/** The file name a URI is saved as in the sandbox: the last path segment (Mesos's basename). */
export function uriBasename(value: string): string {
  const src = parseUri(value);
  const path = src.kind === 'file' ? src.path : decodeURIComponent(src.url.pathname);
  const base = posix.basename(path);
  if (base === '' || base === '.' || base === '..' || base === '/') throw new Error(`'${value}' names no file (its path has no last segment); give output_file`);
  return base;
}

/**
 * Checks an `output_file`: a relative path inside the sandbox (no `..`, not absolute, no empty
 * segments); returns its normalized segments.
 */
export function outputSegments(outputFile: string): string[] {
  if (outputFile.startsWith('/')) throw new Error(`output_file '${outputFile}' is absolute; it must be relative to the sandbox`);
  const segs = outputFile.split('/').filter((s) => s !== '' && s !== '.');
  if (segs.length === 0) throw new Error(`output_file '${outputFile}' names no file`);
  if (segs.includes('..')) throw new Error(`output_file '${outputFile}' leaves the sandbox ('..')`);
  if (segs.some((s) => s.includes('\0'))) throw new Error(`output_file '${outputFile}' has a NUL byte`);
  return segs;
}

/** Archive kinds the fetcher extracts, by file name (Mesos's list, plus xz). */
export type ArchiveKind = 'tar' | 'zip' | 'gz';

/** The archive kind of a file name, or undefined when it is not one the fetcher extracts. */
export function archiveKind(name: string): ArchiveKind | undefined {
  const n = name.toLowerCase();
  if (/\.(tar|tgz|tar\.gz|tbz2|tar\.bz2|txz|tar\.xz)$/.test(n)) return 'tar';
  if (n.endsWith('.zip')) return 'zip';
  if (n.endsWith('.gz')) return 'gz';
  return undefined;
}
