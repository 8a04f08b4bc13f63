/**
 * Fetcher benchmark: a 10 MB URI from a local HTTP server fetched into a fresh sandbox, first
 * with an empty cache (a download into the cache, then a copy into the sandbox), then from the
 * cache (no request). ROUNDS of each, each with its own cache directory for the first fetch; the
 * table shows the medians and their ratio.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Fetcher } from '@plateau/agent';
import { printTable } from './table.js';
import { record } from './record.js';

/** Runner metadata (test/bench/run.js). */
export const benchmark = {
  description: 'a 10 MB URI, first fetch (download into the cache) vs cached fetch (no request)',
};

const ROUNDS = Number(process.env.BENCH_FETCHER_ROUNDS ?? (process.env.BENCH_QUICK === '1' ? 3 : 10));
const SIZE = 10 * 1000 * 1000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  const body = Buffer.alloc(SIZE, 'x');
  let requests = 0;
  const server = createServer((_req, res) => {
    requests++;
    res.writeHead(200, { 'content-length': SIZE }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/payload.bin`;
  const root = mkdtempSync(join(tmpdir(), 'plateau-bench-fetcher-'));
  try {
    const first: number[] = [];
    const cached: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const fetcher = new Fetcher({ cacheDir: join(root, `cache-${i}`), cacheMaxBytes: 100 * SIZE });
      const timed = async (): Promise<number> => {
        const sandbox = mkdtempSync(join(root, 'sandbox-'));
        const t0 = performance.now();
        await fetcher.fetch({ uris: [{ value: uri, cache: true }], sandbox, user: 'bench' });
        const ms = performance.now() - t0;
        rmSync(sandbox, { recursive: true, force: true });
        return ms;
      };
      first.push(await timed());
      cached.push(await timed());
    }
    if (requests !== ROUNDS) throw new Error(`expected ${ROUNDS} requests (one per first fetch), the server saw ${requests}`);
    const f = median(first);
    const c = median(cached);
    record({ id: 'fetcher.cached_ms', measure: 'fetch of a 10 MB URI from the cache, median', value: c, unit: 'ms', baseline: { label: 'first fetch', value: f }, size: `${ROUNDS} rounds` });
    printTable(
      ['fetch of a 10 MB URI', 'median ms', 'requests', 'ratio'],
      [
        ['first fetch (download + cache)', f.toFixed(1), ROUNDS, '1.00'],
        ['cached fetch', c.toFixed(1), 0, (c / f).toFixed(2)],
      ],
    );
    process.stdout.write(`fetcher: 10 MB URI first fetch vs cached fetch: ${(f / c).toFixed(1)}x faster from the cache (${ROUNDS} rounds)\n`);
  } finally {
    server.close();
    rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : err}\n`);
    process.exit(1);
  });
}
