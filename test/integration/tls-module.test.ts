// An out-of-process module dialed by address over TLS: a real gRPC module server with a
// certificate from a CA made by openssl at test time, and a ModuleHost whose entry says
// `tls: {ca, cert, key}`. The host verifies the module's certificate (a CA that did not sign it is
// refused, and the message names the CA file), presents its own when the module requires one
// (mutual TLS), and the server takes its TLS files from PLATEAU_MODULE_TLS_* too.

import * as fs from 'node:fs';
import * as path from 'node:path';
import pino from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type ModuleEntry, ModuleHost, type ModuleServer, moduleServerTlsFromEnv, startModuleServer } from '@plateau/kernel';
import echoHook from '../fixtures/modules/echo-hook';
import { makeTestPki, type TestPki } from '@plateau/testkit/tls';
import { makeTempDir } from '@plateau/testkit/tmp';

interface Hook {
  masterLaunchTask(req: unknown): Promise<{ labels?: { labels: Array<{ key: string; value: string }> } }>;
}

const log = pino({ level: 'silent' });
let pki: TestPki;
let other: TestPki;

test.before(() => {
  pki = makeTestPki();
  other = makeTestPki('other-ca');
});

test.after(() => {
  pki?.remove();
  other?.remove();
});

const read = (file: string) => fs.readFileSync(file);

/** Boots a host with one endpoint module `ep`; runs `fn`; stops the host whatever happens. */
async function withHost(entry: ModuleEntry, fn: (host: ModuleHost) => Promise<void>, configFile?: string): Promise<void> {
  const host = new ModuleHost({ modules: { ep: entry }, workDir: makeTempDir('plateau-tls-module-'), logger: log, configFile });
  try {
    host.load();
    await host.start();
    await fn(host);
  } finally {
    await host.stop(2000);
  }
}

async function serve(requireClientCert: boolean): Promise<ModuleServer> {
  return startModuleServer(echoHook, {
    address: '127.0.0.1:0',
    log,
    tls: { cert: read(pki.server.cert), key: read(pki.server.key), clientCa: requireClientCert ? read(pki.ca.cert) : undefined },
  });
}

test('a module served over TLS is dialed with the CA that signed it; calls work', async () => {
  const server = await serve(false);
  try {
    await withHost({ kind: 'hook', endpoint: server.target, tls: { ca: pki.ca.cert }, config: { prefix: 'tls' } }, async (host) => {
      const out = await (host.instance('ep') as Hook).masterLaunchTask({});
      assert.match(out.labels!.labels[0]!.value, /^tls:\d+$/);
    });
  } finally {
    await server.close(2000);
  }
});

test('TLS paths in the entry are taken relative to the config file', async () => {
  const server = await serve(false);
  try {
    const configFile = path.join(pki.dir, 'plateau.yaml');
    await withHost({ kind: 'hook', endpoint: server.target, tls: { ca: path.basename(pki.ca.cert) }, config: { prefix: 'rel' } }, async (host) => {
      assert.ok(await (host.instance('ep') as Hook).masterLaunchTask({}));
    }, configFile);
  } finally {
    await server.close(2000);
  }
});

test('a CA that did not sign the module certificate is refused, and the message names that CA file', async () => {
  const server = await serve(false);
  try {
    let err: Error | undefined;
    await withHost({ kind: 'hook', endpoint: server.target, tls: { ca: other.ca.cert }, config: { prefix: 'x' } }, async () => undefined).catch((e: Error) => (err = e));
    assert.ok(err, 'the host did not start the module');
    assert.match(err!.message, /health check failed/);
    assert.ok(err!.message.includes(other.ca.cert), `names the CA file: ${err!.message}`);
  } finally {
    await server.close(2000);
  }
});

test('plain gRPC to a TLS module fails; so does TLS to a plain one', async () => {
  const server = await serve(false);
  try {
    let err: Error | undefined;
    await withHost({ kind: 'hook', endpoint: server.target, config: { prefix: 'x' } }, async () => undefined).catch((e: Error) => (err = e));
    assert.match(String(err?.message), /health check failed/);
  } finally {
    await server.close(2000);
  }
  const plain = await startModuleServer(echoHook, { address: '127.0.0.1:0', log, tls: undefined });
  try {
    let err: Error | undefined;
    await withHost({ kind: 'hook', endpoint: plain.target, tls: { ca: pki.ca.cert }, config: { prefix: 'x' } }, async () => undefined).catch((e: Error) => (err = e));
    assert.match(String(err?.message), /health check failed \(over TLS/);
  } finally {
    await plain.close(2000);
  }
});

test('mutual TLS: a module that requires a client certificate refuses a host without one and serves a host with one', async () => {
  const server = await serve(true);
  try {
    let err: Error | undefined;
    await withHost({ kind: 'hook', endpoint: server.target, tls: { ca: pki.ca.cert }, config: { prefix: 'x' } }, async () => undefined).catch((e: Error) => (err = e));
    assert.match(String(err?.message), /health check failed/, 'no client certificate: refused');
    await withHost({ kind: 'hook', endpoint: server.target, tls: { ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key }, config: { prefix: 'mtls' } }, async (host) => {
      const out = await (host.instance('ep') as Hook).masterLaunchTask({});
      assert.match(out.labels!.labels[0]!.value, /^mtls:\d+$/);
    });
  } finally {
    await server.close(2000);
  }
});

test('a TLS file that cannot be used is an error at its key, naming the file', () => {
  const missing = path.join(pki.dir, 'nope.pem');
  const host = new ModuleHost({ modules: { ep: { kind: 'hook', endpoint: '127.0.0.1:1', tls: { ca: missing } } }, workDir: makeTempDir('plateau-tls-module-'), logger: log });
  assert.throws(() => host.load(), (e: Error) => e.message.includes('modules.ep.tls.ca') && e.message.includes(`cannot read ${missing}: no such file`));
  const mismatched = new ModuleHost({
    modules: { ep: { kind: 'hook', endpoint: '127.0.0.1:1', tls: { ca: pki.ca.cert, cert: pki.client.cert, key: pki.server.key } } },
    workDir: makeTempDir('plateau-tls-module-'),
    logger: log,
  });
  assert.throws(() => mismatched.load(), (e: Error) => e.message.includes('modules.ep.tls.key') && e.message.includes('is not the private key of'));
});

test('the module server takes its certificate, key and client CA from PLATEAU_MODULE_TLS_*', async () => {
  assert.is(moduleServerTlsFromEnv({}), undefined, 'nothing set: plain');
  assert.throws(() => moduleServerTlsFromEnv({ PLATEAU_MODULE_TLS_CERT: pki.server.cert }), /needs both PLATEAU_MODULE_TLS_CERT and PLATEAU_MODULE_TLS_KEY/);
  assert.throws(() => moduleServerTlsFromEnv({ PLATEAU_MODULE_TLS_CERT: '/nonexistent.pem', PLATEAU_MODULE_TLS_KEY: pki.server.key }), /PLATEAU_MODULE_TLS_CERT: cannot read \/nonexistent\.pem/);
  const saved = { ...process.env };
  Object.assign(process.env, { PLATEAU_MODULE_TLS_CERT: pki.server.cert, PLATEAU_MODULE_TLS_KEY: pki.server.key, PLATEAU_MODULE_TLS_CLIENT_CA: pki.ca.cert });
  let server: ModuleServer;
  try {
    server = await startModuleServer(echoHook, { address: '127.0.0.1:0', log });
  } finally {
    for (const k of ['PLATEAU_MODULE_TLS_CERT', 'PLATEAU_MODULE_TLS_KEY', 'PLATEAU_MODULE_TLS_CLIENT_CA']) if (saved[k] === undefined) delete process.env[k];
  }
  try {
    let err: Error | undefined;
    await withHost({ kind: 'hook', endpoint: server.target, tls: { ca: pki.ca.cert }, config: { prefix: 'x' } }, async () => undefined).catch((e: Error) => (err = e));
    assert.match(String(err?.message), /health check failed/, 'the client CA from the environment requires a certificate');
    await withHost({ kind: 'hook', endpoint: server.target, tls: { ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key }, config: { prefix: 'env' } }, async (host) => {
      assert.ok(await (host.instance('ep') as Hook).masterLaunchTask({}));
    });
  } finally {
    await server.close(2000);
  }
});

test.run();
