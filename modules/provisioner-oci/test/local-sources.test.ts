import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { BuiltImage } from '@plateau/testkit/images';
import type { OciProvisioner } from '../src/index';
import { destroyAll, images, newProvisioner, tmp, testUnless, toolsMissing } from './shared';

// Images without a registry: OCI image layout directories (oci:/path:tag), docker-archive
// tarballs written by `skopeo copy ... docker-archive:`, and names mapped in localImages, which
// resolve with no network at all (no registry is configured in these tests).

let skip: string | undefined;
/** Each test of this file, skipped with its own SKIP line when the tools are missing. */
const real = testUnless(() => skip);
let dir = '';
let layout = '';
let base: BuiltImage | undefined;
let wh: BuiltImage | undefined;
let archive = '';
const provisioners: OciProvisioner[] = [];

test.before(async () => {
  skip = await toolsMissing();
  if (skip) return;
  dir = tmp.makeTempDir('plateau-oci-local-');
  layout = join(dir, 'layout');
  base = await images.buildBusyboxImage(layout, { tag: 'latest', cmd: ['/bin/sh', '-c', 'echo local'] });
  wh = await images.deriveImage(layout, 'latest', 'wh', (rootfs) => fs.rmSync(join(rootfs, 'etc/hostname')));
  archive = join(dir, 'wh.tar');
  await images.skopeoCopy(`oci:${layout}:wh`, `docker-archive:${archive}:example.com/team/wh:2`);
});

test.after(async () => {
  for (const p of provisioners) await destroyAll(p);
});

async function provisioner(config: Parameters<typeof newProvisioner>[0] = {}) {
  const made = await newProvisioner(config);
  provisioners.push(made.p);
  return made;
}

real('OCI layout by tag and by manifest digest', async () => {
  const { p } = await provisioner();
  const a = await p.provision({ containerId: { value: 'oci-tag' }, image: { name: `oci:${layout}:latest` } });
  assert.ok(fs.statSync(join(a.rootfs, 'bin/busybox')).isFile());
  assert.equal(a.config!.cmd, ['/bin/sh', '-c', 'echo local']);
  assert.is(a.config!.digest, base!.configDigest);
  const b = await p.provision({ containerId: { value: 'oci-digest' }, image: { name: `oci:${layout}:${wh!.manifestDigest}` } });
  assert.not.ok(fs.existsSync(join(b.rootfs, 'etc/hostname')), 'whiteout applied');
  assert.ok(fs.existsSync(join(a.rootfs, 'etc/hostname')), 'base untouched');
  const missing = await p.provision({ containerId: { value: 'oci-none' }, image: { name: `oci:${layout}:nope` } }).catch((e: unknown) => e);
  assert.is((missing as { code?: string }).code, 'PLT_ERR_NOT_FOUND');
  assert.match(String((missing as Error).message), /tags: .*latest/);
  for (const id of ['oci-tag', 'oci-digest']) await p.destroy({ containerId: { value: id } });
});

real('docker-archive tarball, whole and by its tag', async () => {
  const { p } = await provisioner();
  const a = await p.provision({ containerId: { value: 'arch' }, image: { name: `docker-archive:${archive}` } });
  assert.ok(fs.statSync(join(a.rootfs, 'bin/busybox')).isFile());
  assert.not.ok(fs.existsSync(join(a.rootfs, 'etc/hostname')), 'whiteout applied');
  assert.is(a.config!.digest, wh!.configDigest, 'same config as the layout image');
  const out = execFileSync('chroot', [a.rootfs, '/bin/sh', '-c', 'echo from-archive'], { encoding: 'utf8' });
  assert.is(out, 'from-archive\n');
  const b = await p.provision({ containerId: { value: 'arch-tag' }, image: { name: `docker-archive:${archive}:example.com/team/wh:2` } });
  assert.is(b.config!.digest, wh!.configDigest);
  const wrong = await p.provision({ containerId: { value: 'arch-x' }, image: { name: `docker-archive:${archive}:example.com/team/other:1` } }).catch((e: unknown) => e);
  assert.is((wrong as { code?: string }).code, 'PLT_ERR_NOT_FOUND');
  // The archive's layers are the layout image's layers: the cache shares them by diff id.
  const { p: p2 } = await provisioner();
  await p2.provision({ containerId: { value: 'arch-first' }, image: { name: `docker-archive:${archive}` } });
  const unpacked = p2.counters.layersUnpacked;
  await p2.provision({ containerId: { value: 'layout-after' }, image: { name: `oci:${layout}:wh` } });
  assert.is(p2.counters.layersUnpacked, unpacked, 'no layer unpacked twice across sources');
  for (const id of ['arch', 'arch-tag']) await p.destroy({ containerId: { value: id } });
  for (const id of ['arch-first', 'layout-after']) await p2.destroy({ containerId: { value: id } });
});

real('localImages: "busybox" resolves offline to a local layout', async () => {
  // The default registry would be Docker Hub, which this machine cannot reach: only the local
  // image store can answer.
  const { p } = await provisioner({ localImages: { busybox: `oci:${layout}:latest` } });
  for (const [id, name] of [
    ['lb-1', 'busybox'],
    ['lb-2', 'busybox:latest'],
    ['lb-3', 'docker.io/library/busybox:latest'],
  ] as const) {
    const res = await p.provision({ containerId: { value: id }, image: { name } });
    assert.ok(fs.statSync(join(res.rootfs, 'bin/busybox')).isFile(), name);
    assert.is(res.config!.digest, base!.configDigest, name);
  }
  assert.is(p.client.stats.requests, 0, 'no network request');
  for (const id of ['lb-1', 'lb-2', 'lb-3']) await p.destroy({ containerId: { value: id } });
});

test.run();
