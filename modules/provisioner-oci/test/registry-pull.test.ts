import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { BuiltImage } from '@plateau/testkit/images';
import type { RunningRegistry } from '@plateau/testkit/registry';
import type { OciProvisioner, PullProgress } from '../src/index';
import { destroyAll, images, newProvisioner, registry, tmp, testUnless, toolsMissing } from './shared';

// Pulls from a real Docker Registry HTTP API v2 server (Debian's docker-registry) holding images
// that umoci built from busybox-static and skopeo pushed: by tag, by digest, through an index,
// with whiteouts, with a shared base layer, with a corrupted blob, and offline from the cache.

interface Fixture {
  reg: RunningRegistry;
  layout: string;
  base: BuiltImage;
  wh: BuiltImage;
  opq: BuiltImage;
  app: BuiltImage;
  corrupt: BuiltImage;
  arm: BuiltImage;
  indexDigest: string;
  provisioners: OciProvisioner[];
}

let fx: Fixture | undefined;
let skip: string | undefined;
/** Each test of this file, skipped with its own SKIP line when the tools are missing. */
const real = testUnless(() => skip);

test.before(async () => {
  skip = await toolsMissing({ registry: true });
  if (skip) return;
  const layout = join(tmp.makeTempDir('plateau-oci-images-'), 'layout');
  const base = await images.buildBusyboxImage(layout, {
    tag: 'base',
    files: { 'etc/victim': 'delete me\n', 'opt/lower/file': 'lower\n' },
    labels: { 'org.example.team': 'plateau' },
    env: ['PATH=/usr/sbin:/usr/bin:/sbin:/bin', 'GREETING=hello world'],
    entrypoint: ['/bin/sh', '-c'],
    cmd: ['echo hi'],
    workingDir: '/tmp',
  });
  const wh = await images.deriveImage(layout, 'base', 'wh', (rootfs) => {
    fs.rmSync(join(rootfs, 'etc/victim'));
    fs.writeFileSync(join(rootfs, 'etc/added'), 'added\n');
  });
  const opq = images.appendLayer(layout, 'base', 'opq', [
    { path: 'opt', type: 'directory' },
    { path: 'opt/.wh..wh..opq', type: 'file' },
    { path: 'opt/upper', type: 'file', content: 'upper\n' },
  ]);
  const app = await images.deriveImage(layout, 'base', 'app', (rootfs) => fs.writeFileSync(join(rootfs, 'app.txt'), 'app\n'));
  const corrupt = await images.deriveImage(layout, 'base', 'corrupt', (rootfs) =>
    fs.writeFileSync(join(rootfs, 'unique.bin'), Buffer.alloc(4096, 7)),
  );
  const arm = await images.buildBusyboxImage(layout, { tag: 'arm', architecture: 'arm64', files: { 'etc/arch': 'arm64\n' } });
  const indexDigest = images.makeIndex(layout, 'multi', [
    { tag: 'base', os: 'linux', architecture: 'amd64' },
    { tag: 'arm', os: 'linux', architecture: 'arm64', variant: 'v8' },
  ]);
  const reg = await registry.startRegistry();
  fx = { reg, layout, base, wh, opq, app, corrupt, arm, indexDigest, provisioners: [] };
  for (const [img, name] of [
    [base, 'team/base:1'],
    [wh, 'team/wh:1'],
    [opq, 'team/opq:1'],
    [app, 'team/app:1'],
    [corrupt, 'team/corrupt:1'],
  ] as const) {
    await images.pushImage(img, reg.host, name);
  }
  await images.pushImage(`oci:${layout}:multi`, reg.host, 'team/multi:1', { all: true });
  // The same images as Docker schema 2 manifests and a Docker manifest list.
  await images.pushImage(`oci:${layout}:multi`, reg.host, 'team/dlist:1', { all: true, format: 'v2s2' });
  await images.pushImage(wh, reg.host, 'team/d2:1', { format: 'v2s2' });
});

test.after(async () => {
  if (!fx) return;
  for (const p of fx.provisioners) await destroyAll(p);
  await fx.reg.stop();
});

async function provisioner(extra: Parameters<typeof newProvisioner>[0] = {}) {
  const made = await newProvisioner({ registries: { [fx!.reg.host]: { insecure: true } }, ...extra });
  fx!.provisioners.push(made.p);
  return made;
}

const read = (rootfs: string, file: string) => fs.readFileSync(join(rootfs, file), 'utf8');
const exists = (rootfs: string, file: string) => fs.existsSync(join(rootfs, file));

real('pull by tag: rootfs with a runnable busybox and the image config', async () => {
  const { p } = await provisioner();
  const progress: PullProgress[] = [];
  p.onProgress((e) => progress.push(e));
  const res = await p.provision({ containerId: { value: 'tag-1' }, image: { name: `${fx!.reg.host}/team/base:1` } });
  assert.ok(fs.statSync(join(res.rootfs, 'bin/busybox')).isFile(), 'bin/busybox in the rootfs');
  assert.is(fs.lstatSync(res.rootfs).isDirectory(), true, 'rootfs is a real directory');
  // Runnable: chroot into it and run the shell.
  const out = execFileSync('chroot', [res.rootfs, '/bin/sh', '-c', 'echo "$((6*7))" && cat /etc/victim'], { encoding: 'utf8' });
  assert.is(out, '42\ndelete me\n');
  const c = res.config!;
  assert.equal(c.entrypoint, ['/bin/sh', '-c']);
  assert.equal(c.cmd, ['echo hi']);
  assert.equal(
    c.env.find((e) => e.name === 'GREETING'),
    { name: 'GREETING', value: 'hello world' },
  );
  assert.is(c.workingDir, '/tmp');
  assert.equal(c.labels, [{ key: 'org.example.team', value: 'plateau' }]);
  assert.is(c.digest, fx!.base.configDigest);
  assert.is(c.user, '');
  const layer = fx!.base.layers[0]!;
  assert.ok(progress.some((e) => e.layer === layer && e.phase === 'downloading' && e.bytesTotal! > 0), 'download progress reported');
  assert.ok(progress.some((e) => e.layer === layer && e.phase === 'done'), 'layer done reported');
  // The container's writes go to its own upper layer, not to the shared image.
  fs.writeFileSync(join(res.rootfs, 'etc/victim'), 'changed\n');
  const again = await p.provision({ containerId: { value: 'tag-2' }, image: { name: `${fx!.reg.host}/team/base:1` } });
  assert.is(read(again.rootfs, 'etc/victim'), 'delete me\n', 'second container sees the pristine image');
  await p.destroy({ containerId: { value: 'tag-1' } });
  await p.destroy({ containerId: { value: 'tag-2' } });
});

real('pull by digest verifies the manifest digest', async () => {
  const { p } = await provisioner();
  const res = await p.provision({ containerId: { value: 'dig' }, image: { name: `${fx!.reg.host}/team/app@${fx!.app.manifestDigest}` } });
  assert.is(read(res.rootfs, 'app.txt'), 'app\n');
  assert.is(res.config!.digest, fx!.app.configDigest);
  // A digest the registry does not have is NotFound.
  const missing = `sha256:${'0'.repeat(64)}`;
  const err = await p.provision({ containerId: { value: 'dig-2' }, image: { name: `${fx!.reg.host}/team/app@${missing}` } }).catch((e: unknown) => e);
  assert.instance(err, Error);
  assert.is((err as { code?: string }).code, 'PLT_ERR_NOT_FOUND', String(err));
  await p.destroy({ containerId: { value: 'dig' } });
});

real('whiteouts and opaque directories are applied; the shared base stays intact', async () => {
  const { p } = await provisioner();
  const wh = await p.provision({ containerId: { value: 'wh' }, image: { name: `${fx!.reg.host}/team/wh:1` } });
  assert.not.ok(exists(wh.rootfs, 'etc/victim'), '.wh.victim deleted /etc/victim');
  assert.is(read(wh.rootfs, 'etc/added'), 'added\n');
  assert.not.ok(exists(wh.rootfs, 'etc/.wh.victim'), 'no whiteout file left in the rootfs');
  const opq = await p.provision({ containerId: { value: 'opq' }, image: { name: `${fx!.reg.host}/team/opq:1` } });
  assert.equal(fs.readdirSync(join(opq.rootfs, 'opt')), ['upper'], 'opaque /opt hides the lower layer contents');
  const base = await p.provision({ containerId: { value: 'base' }, image: { name: `${fx!.reg.host}/team/base:1` } });
  assert.is(read(base.rootfs, 'etc/victim'), 'delete me\n', 'base image still has the file');
  assert.is(read(base.rootfs, 'opt/lower/file'), 'lower\n');
  for (const id of ['wh', 'opq', 'base']) await p.destroy({ containerId: { value: id } });
});

real('layer cache: an image sharing the base layer fetches only its own layer', async () => {
  const { p } = await provisioner();
  await p.provision({ containerId: { value: 'c-base' }, image: { name: `${fx!.reg.host}/team/base:1` } });
  const before = p.counters.blobsDownloaded;
  assert.is(before, 1);
  const mark = fx!.reg.requests().length;
  const res = await p.provision({ containerId: { value: 'c-app' }, image: { name: `${fx!.reg.host}/team/app:1` } });
  assert.is(read(res.rootfs, 'app.txt'), 'app\n');
  assert.is(p.counters.blobsDownloaded, before + 1, 'one new layer blob');
  const blobGets = fx!.reg
    .requests()
    .slice(mark)
    .filter((r) => r.method === 'GET' && r.uri.includes('/blobs/'));
  const baseLayer = fx!.base.layers[0]!;
  assert.not.ok(
    blobGets.some((r) => r.uri.endsWith(baseLayer)),
    `base layer fetched again: ${JSON.stringify(blobGets)}`,
  );
  assert.ok(blobGets.some((r) => r.uri.endsWith(fx!.app.layers[1]!)), 'the app layer was fetched');
  // Same image again: no blob at all, and by default not even the manifest (cached reference).
  const mark2 = fx!.reg.requests().length;
  await p.provision({ containerId: { value: 'c-app-2' }, image: { name: `${fx!.reg.host}/team/app:1` } });
  assert.equal(fx!.reg.requests().slice(mark2), [], 'no request for a cached image');
  // forcePull asks for the manifest again, still no blob.
  const mark3 = fx!.reg.requests().length;
  await p.provision({ containerId: { value: 'c-app-3' }, image: { name: `${fx!.reg.host}/team/app:1`, forcePull: true } });
  const again = fx!.reg.requests().slice(mark3);
  assert.ok(again.some((r) => r.uri.includes('/manifests/')), 'forcePull fetched the manifest');
  assert.not.ok(again.some((r) => r.uri.includes('/blobs/')), 'forcePull fetched no blob');
  for (const id of ['c-base', 'c-app', 'c-app-2', 'c-app-3']) await p.destroy({ containerId: { value: id } });
});

real('platform selection from an OCI index', async () => {
  const ref = `${fx!.reg.host}/team/multi:1`;
  const amd = await provisioner();
  const a = await amd.p.provision({ containerId: { value: 'amd' }, image: { name: ref } });
  assert.not.ok(exists(a.rootfs, 'etc/arch'), 'amd64 manifest chosen by default on this host');
  assert.is(a.config!.digest, fx!.base.configDigest);
  const arm = await provisioner({ platform: { os: 'linux', architecture: 'arm64' } });
  const b = await arm.p.provision({ containerId: { value: 'arm' }, image: { name: ref } });
  assert.is(read(b.rootfs, 'etc/arch'), 'arm64\n');
  assert.is(b.config!.digest, fx!.arm.configDigest);
  const s390 = await provisioner({ platform: { os: 'linux', architecture: 's390x' } });
  const err = await s390.p.provision({ containerId: { value: 's390' }, image: { name: ref } }).catch((e: unknown) => e);
  assert.is((err as { code?: string }).code, 'PLT_ERR_NOT_FOUND', String(err));
  assert.match(String((err as Error).message), /linux\/s390x/);
  assert.match(String((err as Error).message), /linux\/arm64\/v8/);
  await amd.p.destroy({ containerId: { value: 'amd' } });
  await arm.p.destroy({ containerId: { value: 'arm' } });
});

real('Docker schema 2 manifests and Docker manifest lists', async () => {
  const manifestType = async (repo: string) =>
    (await fetch(`${fx!.reg.url}/v2/${repo}/manifests/1`, { headers: { Accept: 'application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json' } })).headers.get('content-type');
  assert.is(await manifestType('team/d2'), 'application/vnd.docker.distribution.manifest.v2+json');
  assert.is(await manifestType('team/dlist'), 'application/vnd.docker.distribution.manifest.list.v2+json');
  const { p } = await provisioner();
  const d2 = await p.provision({ containerId: { value: 'd2' }, image: { name: `${fx!.reg.host}/team/d2:1` } });
  assert.not.ok(exists(d2.rootfs, 'etc/victim'), 'whiteout applied');
  assert.is(read(d2.rootfs, 'etc/added'), 'added\n');
  const amd = await p.provision({ containerId: { value: 'dl-amd' }, image: { name: `${fx!.reg.host}/team/dlist:1` } });
  assert.not.ok(exists(amd.rootfs, 'etc/arch'));
  const { p: armP } = await provisioner({ platform: { os: 'linux', architecture: 'arm64' } });
  const arm = await armP.provision({ containerId: { value: 'dl-arm' }, image: { name: `${fx!.reg.host}/team/dlist:1` } });
  assert.is(read(arm.rootfs, 'etc/arch'), 'arm64\n');
  for (const id of ['d2', 'dl-amd']) await p.destroy({ containerId: { value: id } });
  await armP.destroy({ containerId: { value: 'dl-arm' } });
});

real('a corrupted blob in the registry is refused with a digest error', async () => {
  const layer = fx!.corrupt.layers[1]!;
  const file = fx!.reg.blobPath(layer);
  const original = fs.readFileSync(file);
  const bad = Buffer.from(original);
  bad[bad.length >> 1] = bad[bad.length >> 1]! ^ 0xff; // same size, one byte flipped
  fs.writeFileSync(file, bad);
  try {
    const { p, store } = await provisioner();
    const err = await p.provision({ containerId: { value: 'bad' }, image: { name: `${fx!.reg.host}/team/corrupt:1` } }).catch((e: unknown) => e);
    assert.instance(err, Error, 'provision must fail');
    assert.is((err as { code?: string }).code, 'PLT_ERR_IMAGE_DIGEST', String(err));
    assert.match((err as Error).message, new RegExp(`expected ${layer}`));
    assert.not.ok(fs.existsSync(join(store, 'blobs/sha256', layer.slice(7))), 'the bad blob is not kept');
    assert.not.ok(fs.existsSync(join(store, 'containers/bad')), 'no rootfs left behind');
    assert.equal(fs.readdirSync(join(store, 'tmp')), [], 'staging is clean');
  } finally {
    fs.writeFileSync(file, original);
  }
});

real('offline: a cached image provisions without the registry; forcePull then fails clearly', async () => {
  const { p } = await provisioner({ requestTimeoutMs: 2000 });
  await p.provision({ containerId: { value: 'on' }, image: { name: `${fx!.reg.host}/team/wh:1` } });
  // A registry at an address where nothing listens stands in for one that went away.
  const gone = '127.0.0.1:9';
  const { p: p2 } = await provisioner({ registries: { [gone]: { insecure: true } } });
  const err = await p2.provision({ containerId: { value: 'x' }, image: { name: `${gone}/team/wh:1` } }).catch((e: unknown) => e);
  assert.is((err as { code?: string }).code, 'PLT_ERR_IMAGE_FETCH', String(err));
  await fx!.reg.proc.child.kill('SIGSTOP');
  try {
    const res = await p.provision({ containerId: { value: 'off' }, image: { name: `${fx!.reg.host}/team/wh:1` } });
    assert.ok(exists(res.rootfs, 'etc/added'));
    const forced = await p
      .provision({ containerId: { value: 'off-2' }, image: { name: `${fx!.reg.host}/team/wh:1`, forcePull: true } })
      .catch((e: unknown) => e);
    assert.is((forced as { code?: string }).code, 'PLT_ERR_IMAGE_FETCH', String(forced));
  } finally {
    fx!.reg.proc.child.kill('SIGCONT');
  }
  for (const id of ['on', 'off']) await p.destroy({ containerId: { value: id } });
});

real('destroy unmounts and removes; recover drops unknown containers and keeps known ones', async () => {
  const { p, store } = await provisioner();
  const name = `${fx!.reg.host}/team/base:1`;
  const a = await p.provision({ containerId: { value: 'keep' }, image: { name } });
  const b = await p.provision({ containerId: { value: 'drop' }, image: { name } });
  const mounted = () => fs.readFileSync('/proc/self/mountinfo', 'utf8');
  if (p.rootfsBackend === 'overlay') assert.ok(mounted().includes(` ${b.rootfs} `), 'overlay mounted');
  // Provisioning the same container again returns the same rootfs.
  const again = await p.provision({ containerId: { value: 'keep' }, image: { name } });
  assert.is(again.rootfs, a.rootfs);
  await p.recover({ known: [{ value: 'keep' }] });
  assert.not.ok(fs.existsSync(join(store, 'containers/drop')), 'unknown container removed');
  assert.not.ok(mounted().includes(` ${b.rootfs} `), 'and unmounted');
  assert.ok(fs.existsSync(join(a.rootfs, 'bin/busybox')), 'known container kept');
  assert.equal(await p.destroy({ containerId: { value: 'keep' } }), { destroyed: true });
  assert.equal(await p.destroy({ containerId: { value: 'keep' } }), { destroyed: false });
  assert.not.ok(mounted().includes(` ${a.rootfs} `));
  const bad = await p.provision({ containerId: { value: '../etc' }, image: { name } }).catch((e: unknown) => e);
  assert.is((bad as { code?: string }).code, 'PLT_ERR_INVALID');
});

real('copy backend: the same images work without overlayfs', async () => {
  const { p } = await provisioner({ backend: 'copy' });
  assert.is(p.rootfsBackend, 'copy');
  const res = await p.provision({ containerId: { value: 'copy' }, image: { name: `${fx!.reg.host}/team/wh:1` } });
  assert.not.ok(exists(res.rootfs, 'etc/victim'));
  const out = execFileSync('chroot', [res.rootfs, '/bin/busybox', 'cat', '/etc/added'], { encoding: 'utf8' });
  assert.is(out, 'added\n');
  // A write in the copy does not reach the cached layer trees.
  fs.writeFileSync(join(res.rootfs, 'bin/busybox'), 'clobbered');
  const other = await p.provision({ containerId: { value: 'copy-2' }, image: { name: `${fx!.reg.host}/team/wh:1` } });
  assert.ok(fs.statSync(join(other.rootfs, 'bin/busybox')).size > 100_000, 'image tree untouched');
  await p.destroy({ containerId: { value: 'copy' } });
  await p.destroy({ containerId: { value: 'copy-2' } });
});

test.run();
