// The fetcher against a local HTTP server: a plain file (executable bit), a tar.gz and a zip
// extracted, output_file, a 404 naming the URI, a cached second fetch with no request, concurrent
// fetches of one URI coalesced into one request, LRU eviction by size, the cache index surviving a
// new Fetcher (an agent restart), a tar with `../x`, a link pointing out, an unsupported scheme.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Fetcher, FetchError } from '@plateau/agent';
import { makeTempDir } from '@plateau/testkit/tmp';

const files = new Map<string, Buffer>();
const hits = new Map<string, number>();
let server: Server;
let base = '';

function sandbox(): string {
  return makeTempDir('plateau-fetch-sandbox-');
}

function fetcher(maxBytes = 64 * 1024 * 1024, dir = makeTempDir('plateau-fetch-cache-')): Fetcher {
  return new Fetcher({ cacheDir: dir, cacheMaxBytes: maxBytes, stallTimeoutMs: 5000 });
}

async function rejects(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

test.before(async () => {
  const src = makeTempDir('plateau-fetch-src-');
  fs.mkdirSync(path.join(src, 'app/bin'), { recursive: true });
  fs.writeFileSync(path.join(src, 'app/bin/run.sh'), '#!/bin/sh\necho from-tar\n', { mode: 0o755 });
  fs.writeFileSync(path.join(src, 'app/data.txt'), 'data\n');
  execFileSync('tar', ['-czf', path.join(src, 'app.tar.gz'), '-C', src, 'app']);
  execFileSync('python3', ['-c', `import zipfile\nz=zipfile.ZipFile('${src}/app.zip','w')\nz.writestr('zipped/hello.txt','hello from zip\\n')\nz.close()`]);
  execFileSync('python3', ['-c', `import tarfile,io\nt=tarfile.open('${src}/evil.tar','w')\ni=tarfile.TarInfo('../x')\nb=b'pwned'\ni.size=len(b)\nt.addfile(i,io.BytesIO(b))\nt.close()`]);
  execFileSync('python3', ['-c', `import tarfile\nt=tarfile.open('${src}/link.tar','w')\ni=tarfile.TarInfo('escape')\ni.type=tarfile.SYMTYPE\ni.linkname='../../../etc'\nt.addfile(i)\nt.close()`]);
  files.set('/script.sh', Buffer.from('#!/bin/sh\necho fetched\n'));
  files.set('/app.tar.gz', fs.readFileSync(path.join(src, 'app.tar.gz')));
  files.set('/app.zip', fs.readFileSync(path.join(src, 'app.zip')));
  files.set('/evil.tar', fs.readFileSync(path.join(src, 'evil.tar')));
  files.set('/link.tar', fs.readFileSync(path.join(src, 'link.tar')));
  files.set('/corrupt.tar.gz', Buffer.from('this is not gzip'));
  for (const n of ['a', 'b', 'c']) files.set(`/${n}.bin`, Buffer.alloc(400 * 1024, n));
  server = createServer((req, res) => {
    hits.set(req.url ?? '', (hits.get(req.url ?? '') ?? 0) + 1);
    const body = files.get(req.url ?? '');
    if (body === undefined) {
      res.writeHead(404).end('no such file');
      return;
    }
    // A short delay, so concurrent fetches overlap.
    setTimeout(() => res.writeHead(200, { 'content-length': body.length }).end(body), 100);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.after(() => {
  server.close();
});

test('a plain file with the executable bit; the fetch log goes to the sandbox stderr', async () => {
  const dir = sandbox();
  await fetcher().fetch({ uris: [{ value: `${base}/script.sh`, executable: true }], sandbox: dir, user: '', logPath: path.join(dir, 'stderr') });
  const st = fs.statSync(path.join(dir, 'script.sh'));
  assert.is(st.mode & 0o777, 0o755);
  assert.is(execFileSync(path.join(dir, 'script.sh'), { encoding: 'utf8' }), 'fetched\n');
  const log = fs.readFileSync(path.join(dir, 'stderr'), 'utf8');
  assert.match(log, `Fetching URI '${base}/script.sh'`);
  assert.match(log, 'Successfully fetched all URIs');
  assert.equal(fs.readdirSync(dir).sort(), ['script.sh', 'stderr'], 'no staging directory is left');
});

test('a tar.gz and a zip are extracted into the sandbox; output_file renames', async () => {
  const dir = sandbox();
  await fetcher().fetch({
    uris: [{ value: `${base}/app.tar.gz` }, { value: `${base}/app.zip` }, { value: `${base}/script.sh`, output_file: 'sub/dir/renamed.sh', extract: false }],
    sandbox: dir,
    user: '',
  });
  assert.is(execFileSync(path.join(dir, 'app/bin/run.sh'), { encoding: 'utf8' }), 'from-tar\n');
  assert.is(fs.readFileSync(path.join(dir, 'app/data.txt'), 'utf8'), 'data\n');
  assert.is(fs.readFileSync(path.join(dir, 'zipped/hello.txt'), 'utf8'), 'hello from zip\n');
  assert.is(fs.readFileSync(path.join(dir, 'sub/dir/renamed.sh'), 'utf8'), '#!/bin/sh\necho fetched\n');
  assert.ok(fs.existsSync(path.join(dir, 'app.tar.gz')), 'the archive stays, as in Mesos');
});

test('a 404 fails with a message naming the URI and the status', async () => {
  const dir = sandbox();
  const err = await rejects(fetcher().fetch({ uris: [{ value: `${base}/missing.txt` }], sandbox: dir, user: '', logPath: path.join(dir, 'stderr') }));
  assert.instance(err, FetchError);
  assert.match(err.message, `Failed to fetch '${base}/missing.txt'`);
  assert.match(err.message, 'HTTP 404');
  assert.match(fs.readFileSync(path.join(dir, 'stderr'), 'utf8'), 'HTTP 404');
});

test('an unreachable host, a corrupt archive and an unsupported scheme fail clearly', async () => {
  const f = fetcher();
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  closed.close();
  assert.match((await rejects(f.fetch({ uris: [{ value: `http://127.0.0.1:${port}/x` }], sandbox: sandbox(), user: '' }))).message, 'ECONNREFUSED');
  assert.match((await rejects(f.fetch({ uris: [{ value: `${base}/corrupt.tar.gz` }], sandbox: sandbox(), user: '' }))).message, /tar failed/);
  assert.match((await rejects(f.fetch({ uris: [{ value: 'hdfs://nn/x' }], sandbox: sandbox(), user: '' }))).message, "unsupported scheme 'hdfs'");
});

test('a cached second fetch makes no request; the index survives a new fetcher (agent restart)', async () => {
  const cacheDir = makeTempDir('plateau-fetch-cache-');
  hits.clear();
  await fetcher(undefined, cacheDir).fetch({ uris: [{ value: `${base}/script.sh`, cache: true }], sandbox: sandbox(), user: 'alice' });
  const again = sandbox();
  await fetcher(undefined, cacheDir).fetch({ uris: [{ value: `${base}/script.sh`, cache: true, executable: true }], sandbox: again, user: 'alice', logPath: path.join(again, 'stderr') });
  assert.is(hits.get('/script.sh'), 1, 'one request for two fetches');
  assert.match(fs.readFileSync(path.join(again, 'stderr'), 'utf8'), 'Using the cached copy');
  assert.is(fs.readFileSync(path.join(again, 'script.sh'), 'utf8'), '#!/bin/sh\necho fetched\n');
  // Another user has its own entry.
  await fetcher(undefined, cacheDir).fetch({ uris: [{ value: `${base}/script.sh`, cache: true }], sandbox: sandbox(), user: 'bob' });
  assert.is(hits.get('/script.sh'), 2);
});

test('concurrent fetches of one URI are coalesced into one request', async () => {
  hits.clear();
  const f = fetcher();
  const dirs = [sandbox(), sandbox(), sandbox(), sandbox()];
  await Promise.all(dirs.map((d) => f.fetch({ uris: [{ value: `${base}/app.tar.gz`, cache: true }], sandbox: d, user: '' })));
  assert.is(hits.get('/app.tar.gz'), 1);
  for (const d of dirs) assert.ok(fs.existsSync(path.join(d, 'app/bin/run.sh')), d);
});

test('the cache evicts the least recently used file to stay under its size', async () => {
  hits.clear();
  const f = fetcher(1000 * 1024); // room for two 400 KiB files
  const get = (n: string) => f.fetch({ uris: [{ value: `${base}/${n}.bin`, cache: true }], sandbox: sandbox(), user: '' });
  await get('a');
  await get('b');
  await get('a'); // a is now the most recently used
  await get('c'); // evicts b
  assert.ok(f.cache.has('', `${base}/a.bin`));
  assert.not.ok(f.cache.has('', `${base}/b.bin`));
  assert.ok(f.cache.has('', `${base}/c.bin`));
  assert.ok(f.cache.stats().bytes <= 1000 * 1024);
  await get('b');
  assert.is(hits.get('/b.bin'), 2, 'an evicted file is downloaded again');
  assert.is(hits.get('/a.bin'), 1);
});

test('a tar with ../x is refused and nothing is written outside the sandbox', async () => {
  const parent = makeTempDir('plateau-fetch-parent-');
  const dir = path.join(parent, 'sandbox');
  fs.mkdirSync(dir);
  const err = await rejects(fetcher().fetch({ uris: [{ value: `${base}/evil.tar` }], sandbox: dir, user: '' }));
  assert.match(err.message, "entry '../x' leaves the extraction directory");
  assert.not.ok(fs.existsSync(path.join(parent, 'x')));
  assert.equal(fs.readdirSync(dir), [], 'the staging directory is removed');
});

test('a tar with a link pointing out of the sandbox is refused', async () => {
  const err = await rejects(fetcher().fetch({ uris: [{ value: `${base}/link.tar` }], sandbox: sandbox(), user: '' }));
  assert.match(err.message, "entry 'escape' is a link pointing outside the sandbox");
});

test('a link the task planted at the file name is replaced, never written through', async () => {
  const dir = sandbox();
  const outside = path.join(makeTempDir('plateau-fetch-outside-'), 'victim');
  fs.writeFileSync(outside, 'untouched');
  fs.symlinkSync(outside, path.join(dir, 'script.sh'));
  await fetcher().fetch({ uris: [{ value: `${base}/script.sh` }], sandbox: dir, user: '' });
  assert.is(fs.readFileSync(outside, 'utf8'), 'untouched');
  assert.ok(fs.lstatSync(path.join(dir, 'script.sh')).isFile());
});

test('files are handed to the container uid when it is known', async () => {
  const dir = sandbox();
  await fetcher().fetch({ uris: [{ value: `${base}/app.tar.gz` }], sandbox: dir, user: 'nobody', owner: { uid: 65534, gid: 65534 } });
  for (const p of ['app.tar.gz', 'app', 'app/bin/run.sh']) assert.is(fs.lstatSync(path.join(dir, p)).uid, 65534, p);
});

test.run();
