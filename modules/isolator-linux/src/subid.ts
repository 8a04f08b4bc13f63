/**
 * /etc/subuid and /etc/subgid (shadow-utils): `user:start:count` lines that hand each user a range
 * of ids for its own user namespaces. The containers' range should be one no user was given.
 */
import { readFileSync } from 'node:fs';
import type { IdRange } from './config';

/** The ranges of a subid file's text. */
export function parseSubid(text: string): { owner: string; start: number; size: number }[] {
  return text
    .split('\n')
    .map((l) => l.trim().split(':'))
    .filter((f) => f.length === 3 && /^\d+$/.test(f[1]!) && /^\d+$/.test(f[2]!))
    .map(([owner, start, size]) => ({ owner: owner!, start: Number(start), size: Number(size) }));
}

/** The lines of /etc/subuid and /etc/subgid whose range overlaps the configured one, as "file user:start:count". */
export function subidOverlaps(uids: IdRange, gids: IdRange, read = (f: string) => readFileSync(f, 'utf8')): string[] {
  const out: string[] = [];
  for (const [file, r] of [['/etc/subuid', uids], ['/etc/subgid', gids]] as const) {
    let text = '';
    try {
      text = read(file);
    } catch {
      continue; // no file: nobody was given a range
    }
    for (const e of parseSubid(text)) {
      if (e.start < r.start + r.size && r.start < e.start + e.size) out.push(`${file} ${e.owner}:${e.start}:${e.size}`);
    }
  }
  return out;
}
