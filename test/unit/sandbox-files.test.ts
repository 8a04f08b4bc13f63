// The agent's sandbox file endpoints (/files/browse, /files/read, /files/download, served from a
// real router on a real port) never follow a symbolic link a task made: a link to a host file or a
// host directory is refused for read and download, a listing shows links as links, a fifo is not
// opened for reading; and while another thread flips a name between a regular file and a link
// out of the sandbox (and a directory between a directory and a link), thousands of reads never
// return the outside file's content.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import pino from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AgentAuth, AgentRouter, closeSandboxPath, fileRoutes, openSandboxPath, readAt } from '@plateau/agent';
import { makeTempDir } from '@plateau/testkit/tmp';
import { request } from '../helpers/scheduler-client';

const SECRET = 'HOST-SECRET-CONTENT';
const workDir = makeTempDir('plateau-files-');
const sandbox = path.join(workDir, 'slaves', 'a', 'frameworks', 'f', 'executors', 'e', 'runs', 'c');
const outside = makeTempDir('plateau-host-');
const hostname = path.join(outside, 'hostname');
let server: http.Server;
let address = '';

test.before(async () => {
  fs.mkdirSync(sandbox, { recursive: true });
  fs.writeFileSync(path.join(sandbox, 'stdout'), 'inside\n');
  fs.writeFileSync(hostname, SECRET);
  fs.mkdirSync(path.join(outside, 'dir'));
  fs.writeFileSync(path.join(outside, 'dir', 'f'), SECRET);
  const log = pino({ level: 'silent' });
  const router = new AgentRouter(log);
  // No authenticator and no authorizer: every caller anonymous and allowed, as config/dev.yaml.
  fileRoutes({ opts: { workDir }, agentId: 'a', auth: new AgentAuth(undefined, undefined, log) } as never, router);
  server = http.createServer((req, res) => void router.dispatch(req, res));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  address = `127.0.0.1:${(server.address() as { port: number }).port}`;
});

test.after(() => {
  server?.close();
});

const get = (endpoint: string, p: string, extra = '') => request(address, 'GET', `/files/${endpoint}?path=${encodeURIComponent(p)}${extra}`);

test('a regular sandbox file is read, downloaded and listed', async () => {
  const r = await get('read', path.join(sandbox, 'stdout'), '&offset=0');
  assert.is(r.status, 200, r.body);
  assert.equal(JSON.parse(r.body), { data: 'inside\n', offset: 0 });
  const d = await get('download', path.join(sandbox, 'stdout'));
  assert.is(d.status, 200);
  assert.is(d.body, 'inside\n');
  const v = await get('read', '/frameworks/f/executors/e/runs/latest/stdout', '&offset=2&length=3');
  assert.equal(JSON.parse(v.body), { data: 'sid', offset: 2 });
});

test('a link to a host file or directory is refused for read, download and browse; a listing shows it as a link', async () => {
  fs.symlinkSync(hostname, path.join(sandbox, 'host-link'));
  fs.symlinkSync(path.join(outside, 'dir'), path.join(sandbox, 'dir-link'));
  fs.symlinkSync('stdout', path.join(sandbox, 'inside-link'));
  for (const [endpoint, p] of [
    ['read', 'host-link'],
    ['download', 'host-link'],
    ['read', 'dir-link/f'],
    ['download', 'dir-link/f'],
    ['browse', 'dir-link'],
    ['browse', 'host-link'],
    ['read', 'inside-link'],
  ] as const) {
    const r = await get(endpoint, path.join(sandbox, p), endpoint === 'read' ? '&offset=0' : '');
    assert.is(r.status, 403, `${endpoint} ${p}: ${r.status} ${r.body}`);
    assert.match(r.body, /symbolic link/);
    assert.not.match(r.body, SECRET);
  }
  const b = await get('browse', sandbox);
  assert.is(b.status, 200, b.body);
  const link = (JSON.parse(b.body) as any[]).find((e) => e.path === `${sandbox}/host-link`);
  assert.ok(link, b.body);
  assert.match(link.mode, /^l/, 'listed as a link, not followed');
  assert.is(link.size, hostname.length, "the link's own size, not its target's");
  // Direct calls answer the same.
  const r = openSandboxPath(workDir, 'a', path.join(sandbox, 'host-link'));
  assert.not.ok(r.ok);
  for (const name of ['host-link', 'dir-link', 'inside-link']) fs.unlinkSync(path.join(sandbox, name));
});

test('a fifo is not opened for reading (400, no hang)', async () => {
  execFileSync('mkfifo', [path.join(sandbox, 'pipe')]);
  const r = await get('read', path.join(sandbox, 'pipe'), '&offset=0');
  assert.is(r.status, 400, r.body);
  assert.match(r.body, /fifo/);
  const d = await get('download', path.join(sandbox, 'pipe'));
  assert.is(d.status, 400, d.body);
  fs.unlinkSync(path.join(sandbox, 'pipe'));
});

/** Flips `<sandbox>/flip` between a regular file and a link to the host file, and `<sandbox>/d` between a directory and a link to a host directory, until told to stop. */
const FLIPPER = `
const fs = require('node:fs');
const { workerData: { sandbox, hostname, hostDir, stop } } = require('node:worker_threads');
const flag = new Int32Array(stop);
const flip = sandbox + '/flip', reg = sandbox + '/.reg', lnk = sandbox + '/.lnk';
const d = sandbox + '/d', dReal = sandbox + '/.d-real';
while (Atomics.load(flag, 0) === 0) {
  fs.writeFileSync(reg, 'inside');
  fs.renameSync(reg, flip);
  fs.symlinkSync(hostname, lnk);
  fs.renameSync(lnk, flip);
  fs.renameSync(dReal, d);
  fs.renameSync(d, dReal);
  fs.symlinkSync(hostDir, d);
  fs.unlinkSync(d);
}
`;

test('a name flipped between a regular file and a link out (and a directory and a link out) never yields the outside content', async () => {
  fs.mkdirSync(path.join(sandbox, '.d-real'));
  fs.writeFileSync(path.join(sandbox, '.d-real', 'f'), 'inside');
  fs.writeFileSync(path.join(sandbox, 'flip'), 'inside');
  const stop = new SharedArrayBuffer(4);
  const worker = new Worker(FLIPPER, { eval: true, workerData: { sandbox, hostname, hostDir: path.join(outside, 'dir'), stop } });
  let failed: unknown;
  worker.on('error', (e) => (failed = e));
  const seen = { ok: 0, refused: 0 };
  try {
    for (let i = 0; i < 3000; i++) {
      for (const p of [path.join(sandbox, 'flip'), path.join(sandbox, 'd', 'f')]) {
        const r = openSandboxPath(workDir, 'a', p);
        if (!r.ok) {
          seen.refused++;
          continue;
        }
        try {
          const { data } = await readAt(r, 0, undefined);
          assert.is.not(data.toString(), SECRET, `read ${i} of ${p} returned the host file`);
          seen.ok++;
        } finally {
          closeSandboxPath(r);
        }
      }
      if (i % 30 === 0) {
        for (const endpoint of ['read', 'download'] as const) {
          for (const p of ['flip', 'd/f']) {
            const r = await get(endpoint, path.join(sandbox, p), endpoint === 'read' ? '&offset=0' : '');
            assert.not.match(r.body, SECRET, `${endpoint} ${p}: ${r.status}`);
          }
        }
      }
    }
  } finally {
    Atomics.store(new Int32Array(stop), 0, 1);
    await worker.terminate();
  }
  assert.is(failed, undefined, String(failed));
  assert.ok(seen.ok > 0 && seen.refused > 0, `both outcomes seen: ${JSON.stringify(seen)}`);
});

test.run();
