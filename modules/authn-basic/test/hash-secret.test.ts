// plateau-hash-secret: reads the secret from stdin (one trailing newline dropped), prints a
// scrypt hash with a fresh salt that authn-basic accepts for that secret and no other; refuses
// arguments, an empty secret and a NUL.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BasicAuthenticator } from '../src/basic-authenticator';
import { loadCredentials } from '../src/credentials';

const BIN = join(__dirname, '..', 'src', 'hash-secret-cli.js');
const run = (input: string, args: string[] = []) => spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', timeout: 20_000 });

async function accepts(hash: string, secret: string): Promise<boolean> {
  const a = new BasicAuthenticator(loadCredentials({ inline: [{ principal: 'ops', secret: hash }] }, { warn: () => undefined } as never), Buffer.alloc(32), 60);
  return (await a.authenticate({ authorization: `Basic ${Buffer.from(`ops:${secret}`).toString('base64')}` })).authenticated;
}

test('prints scrypt$16384$8$1$<salt>$<hash> of stdin, which authenticates that secret', async () => {
  const r = run('correct horse: battery staple\n');
  assert.is(r.status, 0, r.stderr);
  const hash = r.stdout.trim();
  assert.match(hash, /^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
  assert.ok(await accepts(hash, 'correct horse: battery staple'));
  assert.not.ok(await accepts(hash, 'correct horse: battery staple\n'), 'the trailing newline is not part of the secret');
  assert.is.not(run('correct horse: battery staple').stdout.trim(), hash, 'a fresh salt each time');
});

test('a piped secret without a newline, and with CRLF, are taken as typed', async () => {
  assert.ok(await accepts(run('pw').stdout.trim(), 'pw'));
  assert.ok(await accepts(run('pw\r\n').stdout.trim(), 'pw'));
  assert.ok(await accepts(run('pw\n\n').stdout.trim(), 'pw\n'), 'only one newline is dropped');
});

test('refuses arguments (a secret there would land in shell history), an empty secret, a NUL', () => {
  const arg = run('', ['hunter2']);
  assert.is(arg.status, 2);
  assert.match(arg.stderr, /takes no arguments/);
  assert.is(arg.stdout, '');
  const empty = run('\n');
  assert.is(empty.status, 2);
  assert.match(empty.stderr, /empty/);
  const nul = run('a\0b');
  assert.is(nul.status, 2);
  assert.match(nul.stderr, /NUL/);
  const help = run('', ['--help']);
  assert.is(help.status, 0);
  assert.match(help.stdout, /usage: plateau-hash-secret/);
});

test.run();
