import { join } from 'node:path';
import * as fs from 'node:fs';
import bcrypt from 'bcryptjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { BuiltImage } from '@plateau/testkit/images';
import type { RunningRegistry, TokenServer } from '@plateau/testkit/registry';
import type { OciProvisioner } from '../src/index';
import { destroyAll, images, newProvisioner, registry, tmp, printSkip, testUnless, toolsMissing } from './shared';

// Registry authentication against the real docker-registry: basic auth (its htpasswd, bcrypt
// lines made here with bcryptjs) and the bearer-token flow (auth.token, with a token server of
// the test's own that signs JWTs with a throw-away certificate the registry trusts).

let skip: string | undefined;
/** Each test of this file, skipped with its own SKIP line when the tools are missing. */
const real = testUnless(() => skip);
let image: BuiltImage | undefined;
const cleanups: (() => Promise<void>)[] = [];
const provisioners: OciProvisioner[] = [];

test.before(async () => {
  skip = await toolsMissing({ registry: true });
  if (skip) return;
  image = await images.buildBusyboxImage(join(tmp.makeTempDir('plateau-oci-auth-'), 'layout'), { tag: 'base' });
});

test.after(async () => {
  for (const p of provisioners) await destroyAll(p);
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

async function provisioner(host: string, settings: Record<string, unknown> = {}) {
  const made = await newProvisioner({ registries: { [host]: { insecure: true, ...settings } } });
  provisioners.push(made.p);
  return made.p;
}

const codeOf = (e: unknown) => (e as { code?: string }).code;

real('basic auth: refused without credentials, pulls with configured or per-image credentials', async () => {
  const htpasswd = `alice:${bcrypt.hashSync('s3cret', 4)}\n`;
  const reg: RunningRegistry = await registry.startRegistry({ htpasswd });
  cleanups.push(() => reg.stop());
  await images.pushImage(image!, reg.host, 'team/base:1', { creds: 'alice:s3cret' });
  const name = `${reg.host}/team/base:1`;

  const anon = await provisioner(reg.host);
  const e1 = await anon.provision({ containerId: { value: 'b-anon' }, image: { name } }).catch((e: unknown) => e);
  assert.is(codeOf(e1), 'PLT_ERR_IMAGE_AUTH', String(e1));
  assert.match(String((e1 as Error).message), /no credentials are configured/);

  const wrong = await provisioner(reg.host, { username: 'alice', password: 'nope' });
  const e2 = await wrong.provision({ containerId: { value: 'b-wrong' }, image: { name } }).catch((e: unknown) => e);
  assert.is(codeOf(e2), 'PLT_ERR_IMAGE_AUTH', String(e2));

  const good = await provisioner(reg.host, { username: 'alice', password: 's3cret' });
  const res = await good.provision({ containerId: { value: 'b-good' }, image: { name } });
  assert.ok(fs.existsSync(join(res.rootfs, 'bin/busybox')));

  // Credentials carried by the request (Docker config.json) work with nothing in the config.
  const perImage = await provisioner(reg.host);
  const pullConfigJson = JSON.stringify({ auths: { [reg.host]: { auth: Buffer.from('alice:s3cret').toString('base64') } } });
  const res2 = await perImage.provision({ containerId: { value: 'b-req' }, image: { name, pullConfigJson } });
  assert.ok(fs.existsSync(join(res2.rootfs, 'bin/busybox')));
});

real('bearer tokens: the realm is asked with credentials and the scope, the token is used', async () => {
  if (!registry.opensslAvailable()) {
    return printSkip('bearer tokens', 'openssl is not installed (apt-get install openssl); the token server needs a certificate');
  }
  const tokens: TokenServer = await registry.startTokenServer({ users: { bob: 'hunter2' } });
  cleanups.push(() => tokens.stop());
  const reg: RunningRegistry = await registry.startRegistry({ token: tokens });
  cleanups.push(() => reg.stop());
  await images.pushImage(image!, reg.host, 'team/tok:1', { creds: 'bob:hunter2' });
  const name = `${reg.host}/team/tok:1`;

  const anon = await provisioner(reg.host);
  const e1 = await anon.provision({ containerId: { value: 't-anon' }, image: { name } }).catch((e: unknown) => e);
  assert.is(codeOf(e1), 'PLT_ERR_IMAGE_AUTH', String(e1));
  assert.match(String((e1 as Error).message), /token endpoint .* refused anonymous access/);

  const p = await provisioner(reg.host, { username: 'bob', password: 'hunter2' });
  const seenBefore = tokens.requests().length;
  const res = await p.provision({ containerId: { value: 't-good' }, image: { name } });
  assert.ok(fs.existsSync(join(res.rootfs, 'bin/busybox')));
  const asked = tokens.requests().slice(seenBefore);
  assert.ok(asked.length >= 1, 'token endpoint asked');
  assert.ok(
    asked.every((r) => r.user === 'bob' && r.granted && r.scope === 'repository:team/tok:pull'),
    JSON.stringify(asked),
  );
  // One token serves the manifest, the config and the layer (it is cached for its lifetime).
  assert.is(p.client.stats.tokenRequests, 1);
  const authorized = reg.requests().filter((r) => r.uri.startsWith('/v2/team/tok/') && r.method === 'GET' && r.status === 200);
  assert.ok(authorized.some((r) => r.uri.includes('/blobs/')), 'blob fetched with the token');
});

test.run();
