import * as fs from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sha256 } from '../src/digest';
import { flattenLayers } from '../src/flatten';
import { unpackLayer } from '../src/unpack';
import { images, memoryLogger, tmp } from './shared';

// Unpacking layer tars on the real filesystem: whiteouts recorded not written, unsafe paths
// refused, symlinked parents never followed, digests checked, gzip or plain, and flattening
// in order with opaque directories and cross-layer hard links.

const log = memoryLogger();
const src = (buf: Buffer) => Readable.from([buf]);

test('whiteouts and opaque markers are recorded, not written; digests are checked', async () => {
  const dir = tmp.makeTempDir('plateau-unpack-');
  const tarball = images.makeTar([
    { path: 'etc', type: 'directory' },
    { path: 'etc/.wh.passwd', type: 'file' },
    { path: 'opt/.wh..wh..opq', type: 'file' },
    { path: 'opt/x', type: 'file', content: 'x', mode: 0o4755 },
    { path: 'link', type: 'symlink', linkname: '/etc/x' },
  ]);
  const gz = gzipSync(tarball);
  const meta = await unpackLayer(src(gz), dir, { digest: sha256(gz), diffId: sha256(tarball), what: 'l1', log });
  assert.equal(meta.whiteouts, ['etc/passwd']);
  assert.equal(meta.opaques, ['opt']);
  assert.is(meta.diffId, sha256(tarball));
  assert.not.ok(fs.existsSync(join(dir, 'etc/.wh.passwd')));
  assert.is(fs.readFileSync(join(dir, 'opt/x'), 'utf8'), 'x');
  assert.is(fs.statSync(join(dir, 'opt/x')).mode & 0o7777, 0o4755, 'setuid kept');
  assert.is(fs.readlinkSync(join(dir, 'link')), '/etc/x');
  // Plain (uncompressed) layers work too.
  const plain = tmp.makeTempDir('plateau-unpack-');
  const meta2 = await unpackLayer(src(tarball), plain, { digest: sha256(tarball), diffId: sha256(tarball), what: 'l1-plain', log });
  assert.is(meta2.diffId, sha256(tarball));
  // A wrong digest is refused.
  const other = tmp.makeTempDir('plateau-unpack-');
  const err = await unpackLayer(src(gz), other, { digest: sha256('nope'), what: 'l1-bad', log }).catch((e: unknown) => e);
  assert.is((err as { code?: string }).code, 'PLT_ERR_IMAGE_DIGEST');
  const err2 = await unpackLayer(src(gz), tmp.makeTempDir('plateau-unpack-'), { diffId: sha256('nope'), what: 'l1-bad2', log }).catch((e: unknown) => e);
  assert.is((err2 as { code?: string }).code, 'PLT_ERR_IMAGE_DIGEST');
});

test('paths never leave the layer root', async () => {
  const outside = tmp.makeTempDir('plateau-outside-');
  const dir = tmp.makeTempDir('plateau-unpack-');
  const escape = images.makeTar([{ path: '../escaped', type: 'file', content: 'bad' }]);
  const err = await unpackLayer(src(escape), dir, { what: 'evil', log }).catch((e: unknown) => e);
  assert.is((err as { code?: string }).code, 'PLT_ERR_IMAGE_LAYER', String(err));
  // A symlink to a host dir, then a file "through" it: the symlink is replaced by a directory.
  const through = images.makeTar([
    { path: 'sneaky', type: 'symlink', linkname: outside },
    { path: 'sneaky/planted', type: 'file', content: 'bad' },
  ]);
  const dir2 = tmp.makeTempDir('plateau-unpack-');
  await unpackLayer(src(through), dir2, { what: 'evil2', log });
  assert.equal(fs.readdirSync(outside), [], 'nothing written outside');
  assert.ok(fs.lstatSync(join(dir2, 'sneaky')).isDirectory());
  // Whiteouts in a later layer do not follow a symlinked parent either.
  const victim = join(outside, 'victim');
  fs.writeFileSync(victim, 'keep');
  const l1 = tmp.makeTempDir('plateau-unpack-');
  const m1 = await unpackLayer(src(images.makeTar([{ path: 'up', type: 'symlink', linkname: outside }])), l1, { what: 'a', log });
  const l2 = tmp.makeTempDir('plateau-unpack-');
  const m2 = await unpackLayer(src(images.makeTar([{ path: 'up/.wh.victim', type: 'file' }])), l2, { what: 'b', log });
  const root = tmp.makeTempDir('plateau-flat-');
  await flattenLayers([{ tree: l1, meta: m1 }, { tree: l2, meta: m2 }], root);
  assert.is(fs.readFileSync(victim, 'utf8'), 'keep', 'host file untouched');
});

test('flattening: order, replacement, opaque dirs, cross-layer hard links', async () => {
  const layers = [
    images.makeTar([
      { path: 'a', type: 'directory' },
      { path: 'a/one', type: 'file', content: '1' },
      { path: 'a/two', type: 'file', content: '2' },
      { path: 'b', type: 'file', content: 'file b' },
      { path: 'target', type: 'file', content: 'T' },
    ]),
    images.makeTar([
      { path: 'a/.wh..wh..opq', type: 'file' },
      { path: 'a/three', type: 'file', content: '3' },
      { path: 'b', type: 'directory' },
      { path: 'b/inside', type: 'file', content: 'in b' },
    ]),
  ];
  const unpacked = [];
  for (const [i, t] of layers.entries()) {
    const tree = tmp.makeTempDir('plateau-unpack-');
    unpacked.push({ tree, meta: await unpackLayer(src(t), tree, { what: `l${i}`, log }) });
  }
  // A hard link whose target lives in a lower layer (tar-stream reads type '1' as a link).
  const linkTar = images.makeTar([{ path: 'hl', type: 'file', content: '' }]);
  linkTar[156] = '1'.charCodeAt(0);
  linkTar.write('target\0', 157);
  let sum = 0;
  linkTar.fill(' ', 148, 156);
  for (const b of linkTar.subarray(0, 512)) sum += b;
  linkTar.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  const hlTree = tmp.makeTempDir('plateau-unpack-');
  const hlMeta = await unpackLayer(src(linkTar), hlTree, { what: 'hl', log });
  assert.equal(hlMeta.hardlinks, [{ path: 'hl', target: 'target' }]);
  unpacked.push({ tree: hlTree, meta: hlMeta });
  const root = tmp.makeTempDir('plateau-flat-');
  await flattenLayers(unpacked, root);
  assert.equal(fs.readdirSync(join(root, 'a')).sort(), ['three']);
  assert.ok(fs.lstatSync(join(root, 'b')).isDirectory(), 'dir replaced the file');
  assert.is(fs.readFileSync(join(root, 'b/inside'), 'utf8'), 'in b');
  assert.is(fs.statSync(join(root, 'hl')).ino, fs.statSync(join(root, 'target')).ino, 'hard link to the lower layer file');
});

test.run();
