// The plugin client against real plugins over real sockets: discovery in socket and spec dirs
// (and the paths named when a driver is nowhere), activation once with Implements checked, the
// whole VolumeDriver API against the reference plugin, the plugin's Err as the error, the
// headers and bodies on the wire, retries while a plugin is not listening yet, and time limits.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import pino from 'pino';
import { freePort } from '@plateau/testkit/ports';
import { startProcess } from '@plateau/testkit/proc';
import { makeTempDir } from '@plateau/testkit/tmp';
import { discoverPlugin, PLUGIN_MEDIA_TYPE, PluginClient, VolumeDrivers, withDefaults } from '../src/index';
import { PLUGIN_MAIN, startReferencePlugin, type ReferencePlugin } from './reference-plugin';

const log = pino({ level: 'silent' });
const started: ReferencePlugin[] = [];
const servers: http.Server[] = [];

test.after.each(async () => {
  for (const p of started.splice(0)) await p.stop();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function plugin(opts: Parameters<typeof startReferencePlugin>[0] = {}): Promise<ReferencePlugin> {
  const p = await startReferencePlugin(opts);
  started.push(p);
  return p;
}

/** A plain HTTP server on a unix socket whose handler the test writes (a plugin that misbehaves on purpose). */
async function socketServer(socket: string, handler: http.RequestListener): Promise<http.Server> {
  fs.mkdirSync(path.dirname(socket), { recursive: true });
  const s = http.createServer(handler);
  servers.push(s);
  await new Promise<void>((r) => s.listen(socket, r));
  return s;
}

async function rejects(p: Promise<unknown>, re: RegExp, what: string): Promise<Error> {
  try {
    await p;
  } catch (err) {
    assert.match((err as Error).message, re, what);
    return err as Error;
  }
  return assert.unreachable(`${what}: expected an error matching ${re}`) as never;
}

test('discovery: <name>.sock, <name>/<name>.sock, .spec and .json, in Docker\'s order; a missing driver names every path searched', async () => {
  const flat = await plugin({ name: 'flat' });
  const nested = await plugin({ name: 'nested', socketDir: flat.socketDir, nested: true });
  const specDir = makeTempDir('plateau-dvp-spec-');
  const other = makeTempDir('plateau-dvp-spec2-');
  fs.writeFileSync(path.join(specDir, 'byspec.spec'), `unix://${flat.socket}\n`);
  fs.writeFileSync(path.join(other, 'byjson.json'), JSON.stringify({ Name: 'byjson', Addr: `unix://${nested.socket}` }));
  fs.writeFileSync(path.join(other, 'tcpjson.json'), JSON.stringify({ Name: 'tcpjson', Addr: 'tcp://127.0.0.1:9', TLSConfig: { InsecureSkipVerify: false } }));
  fs.writeFileSync(path.join(specDir, 'noscheme.spec'), '/run/x.sock\n');
  const dirs = [[flat.socketDir], [specDir, other]] as const;
  assert.equal(discoverPlugin('flat', ...dirs).address, { kind: 'unix', socketPath: flat.socket });
  assert.equal(discoverPlugin('nested', ...dirs).address, { kind: 'unix', socketPath: nested.socket });
  assert.equal(discoverPlugin('byspec', ...dirs), { name: 'byspec', address: { kind: 'unix', socketPath: flat.socket }, foundAt: path.join(specDir, 'byspec.spec') });
  assert.equal(discoverPlugin('byjson', ...dirs).address, { kind: 'unix', socketPath: nested.socket });
  // Docker: TLSConfig without a CAFile does not verify the server.
  assert.equal(discoverPlugin('tcpjson', ...dirs).address, { kind: 'tcp', host: '127.0.0.1', port: 9, tls: { insecureSkipVerify: true, caFile: undefined, certFile: undefined, keyFile: undefined } });
  assert.throws(() => discoverPlugin('noscheme', ...dirs), /noscheme\.spec: '\/run\/x\.sock' is not a URL.*Unknown protocol/);
  assert.throws(() => discoverPlugin('../etc', ...dirs), /not a plugin name/);
  try {
    discoverPlugin('nosuch', ...dirs);
    assert.unreachable('nosuch was found');
  } catch (err) {
    assert.is((err as { code?: string }).code, 'PLT_ERR_NOT_FOUND');
    const msg = (err as Error).message;
    for (const p of [`${flat.socketDir}/nosuch.sock`, `${flat.socketDir}/nosuch/nosuch.sock`, `${specDir}/nosuch.spec`, `${specDir}/nosuch.json`, `${other}/nosuch.spec`, `${other}/nosuch.json`]) {
      assert.ok(msg.includes(p), `the message names ${p}: ${msg}`);
    }
  }
});

test('the whole VolumeDriver API against the reference plugin; Plugin.Activate once; the plugin\'s Err is the error', async () => {
  const p = await plugin();
  const drivers = new VolumeDrivers(withDefaults({ socketDirs: [p.socketDir], specDirs: [] }), log);
  try {
    const [d, again] = await Promise.all([drivers.driver(p.name), drivers.driver(p.name)]);
    assert.is(d, again, 'one driver per plugin');
    assert.is(d.scope, 'local');
    await d.create('v1', { mode: '0770' });
    await d.create('v1', { mode: '0770' }); // idempotent
    const got = await d.get('v1');
    assert.is(got.Name, 'v1');
    assert.is(got.Mountpoint, path.join(p.root, 'volumes', 'v1'));
    assert.equal(got.Status?.options, { mode: '0770' });
    assert.is(fs.statSync(got.Mountpoint!).mode & 0o7777, 0o770);
    const mp = await d.mount('v1', 'c1');
    assert.is(mp, got.Mountpoint);
    await d.mount('v1', 'c2');
    assert.equal(p.mountIds('v1'), ['c1', 'c2']);
    assert.is(await d.path('v1'), mp);
    assert.equal((await d.list()).map((v) => v.Name), ['v1']);
    await rejects(d.remove('v1'), /VolumeDriver\.Remove: volume 'v1' is in use \(mount IDs: c1, c2\)/, 'remove while mounted');
    await d.unmount('v1', 'c1');
    await d.unmount('v1', 'c2');
    assert.equal(p.mountIds('v1'), []);
    await d.remove('v1');
    await rejects(d.get('v1'), /VolumeDriver\.Get: volume 'v1' not found/, 'get after remove');
    await rejects(d.create('v2', { bogus: 'x' }), /^VolumeDriver\.Create: unknown option 'bogus' \(known: mode, uid, gid\)$/, 'unknown option');
    const activations = p.calls().filter((c) => c.startsWith('Plugin.Activate'));
    assert.is(activations.length, 1, `Plugin.Activate once: ${p.calls().join('\n')}`);
    assert.ok(p.calls().some((c) => c.startsWith('VolumeDriver.Capabilities')), 'Capabilities asked at activation');
  } finally {
    await drivers.close();
  }
});

test('on the wire: POST, the v1.2 media type, an empty Activate body, JSON bodies; a plugin that is not a VolumeDriver is refused', async () => {
  const dir = makeTempDir('plateau-dvp-net-');
  const seen: { url: string; method: string; accept?: string; type?: string; body: string }[] = [];
  await socketServer(path.join(dir, 'netonly.sock'), (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', method: req.method ?? '', accept: req.headers.accept, type: req.headers['content-type'], body: Buffer.concat(chunks).toString() });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ Implements: ['NetworkDriver', 'IpamDriver'] }));
    });
  });
  const drivers = new VolumeDrivers(withDefaults({ socketDirs: [dir], specDirs: [] }), log);
  try {
    await rejects(drivers.driver('netonly'), /plugin 'netonly' at unix:\/\/.*netonly\.sock is not a volume driver: it implements NetworkDriver, IpamDriver/, 'not a volume driver');
    assert.equal(seen, [{ url: '/Plugin.Activate', method: 'POST', accept: PLUGIN_MEDIA_TYPE, type: PLUGIN_MEDIA_TYPE, body: '' }]);
    const c = new PluginClient('netonly', { kind: 'unix', socketPath: path.join(dir, 'netonly.sock') }, 0);
    await c.call('VolumeDriver.Mount', { Name: 'v', ID: 'x' }, 1000);
    c.close();
    assert.is(seen[1]!.body, '{"Name":"v","ID":"x"}\n');
  } finally {
    await drivers.close();
  }
});

test('errors: HTTP 500 with Err, 200 with Err, a non-JSON body, no answer in time', async () => {
  const dir = makeTempDir('plateau-dvp-bad-');
  const socket = path.join(dir, 'bad.sock');
  await socketServer(socket, (req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url === '/A') return res.writeHead(500).end(JSON.stringify({ Err: 'disk on fire' }));
      if (req.url === '/B') return res.writeHead(200).end(JSON.stringify({ Mountpoint: '/x', Err: 'half done' }));
      if (req.url === '/C') return res.writeHead(404).end('404 page not found\n');
      // /D: never answers.
    });
  });
  const c = new PluginClient('bad', { kind: 'unix', socketPath: socket }, 0);
  try {
    await rejects(c.call('A', {}, 1000), /^A: disk on fire$/, '500 with Err');
    await rejects(c.call('B', {}, 1000), /^B: half done$/, '200 with Err');
    await rejects(c.call('C', {}, 1000), /^C: 404 page not found$/, 'raw body');
    const t0 = Date.now();
    const err = await rejects(c.call('D', {}, 300), /^D: plugin 'bad' at unix:\/\/.*bad\.sock did not answer within 300 ms$/, 'time limit');
    assert.is((err as { code?: string }).code, 'PLT_ERR_DEADLINE');
    assert.ok(Date.now() - t0 < 3000, 'the time limit holds');
  } finally {
    c.close();
  }
});

test('a plugin that is not listening: retried with back-off within the bound, then unreachable; one that comes up meanwhile is reached', async () => {
  const p = await plugin({ name: 'late' });
  await p.proc.stop('SIGKILL', 2000);
  started.splice(started.indexOf(p), 1);
  assert.ok(fs.existsSync(p.socket), 'a killed plugin leaves its socket behind');
  const c = new PluginClient('late', { kind: 'unix', socketPath: p.socket }, 2500);
  try {
    const t0 = Date.now();
    await rejects(c.call('Plugin.Activate', undefined, 1000), /Plugin\.Activate: plugin 'late' is unreachable at unix:\/\/.*late\.sock: connect ECONNREFUSED .*\(tried 2 times over 1(\.\d)? s\)/, 'unreachable');
    const took = Date.now() - t0;
    assert.ok(took >= 1000 && took < 2500, `one retry after 1 s, then given up inside the 2.5 s bound (took ${took} ms)`);
    // The plugin comes back 400 ms into the call: the retry 1 s in reaches it.
    const pending = c.call('Plugin.Activate', undefined, 1000);
    await new Promise((r) => setTimeout(r, 400));
    started.push(await startReferencePlugin({ name: 'late', socketDir: p.socketDir, root: p.root }));
    assert.equal(await pending, { Implements: ['VolumeDriver'], Err: '' });
  } finally {
    c.close();
  }
});

test('a plugin on TCP, named by a .spec file: tcp://host:port', async () => {
  const port = await freePort();
  const root = makeTempDir('plateau-dvp-tcp-root-');
  const proc = startProcess(process.execPath, [PLUGIN_MAIN, '--listen', `tcp://127.0.0.1:${port}`, '--root', root], { name: 'plugin:tcp' });
  const specDir = makeTempDir('plateau-dvp-tcp-spec-');
  fs.writeFileSync(path.join(specDir, 'overtcp.spec'), `tcp://127.0.0.1:${port}\n`);
  const drivers = new VolumeDrivers(withDefaults({ socketDirs: [], specDirs: [specDir] }), log);
  try {
    await proc.waitForLine(/^listening on tcp:/, 10_000);
    const d = await drivers.driver('overtcp');
    assert.equal(d.plugin.address, { kind: 'tcp', host: '127.0.0.1', port, tls: undefined });
    await d.create('t1');
    assert.is(await d.mount('t1', 'c1'), path.join(root, 'volumes', 't1'));
    await d.unmount('t1', 'c1');
  } finally {
    await drivers.close();
    await proc.stop('SIGTERM', 3000);
  }
});

test.run();
