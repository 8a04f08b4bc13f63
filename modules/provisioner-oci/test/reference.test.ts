import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { selectPlatform, parseManifest, MediaTypes, type ImageIndex } from '../src/manifest';
import { formatReference, parseReference } from '../src/reference';
import { credentialsFromDockerConfig, parseChallenge } from '../src/registry-client';
import { chainIdOf, checkContainerId, toImageConfig } from '../src/provisioner';
import { sha256 } from '../src/digest';

// Pure logic of the provisioner: references, auth challenges, credentials, platform choice,
// chain ids. The registry-facing behaviour is tested against a real registry elsewhere.

const D = `sha256:${'a'.repeat(64)}`;

test('references: Docker Hub defaults, registries with ports, tags and digests', () => {
  assert.equal(parseReference('busybox'), { kind: 'registry', registry: 'docker.io', repository: 'library/busybox', tag: 'latest', digest: undefined });
  assert.equal(parseReference('busybox:1.36'), { kind: 'registry', registry: 'docker.io', repository: 'library/busybox', tag: '1.36', digest: undefined });
  assert.equal(parseReference('team/app'), { kind: 'registry', registry: 'docker.io', repository: 'team/app', tag: 'latest', digest: undefined });
  assert.equal(parseReference('127.0.0.1:5000/team/app:tag'), { kind: 'registry', registry: '127.0.0.1:5000', repository: 'team/app', tag: 'tag', digest: undefined });
  assert.equal(parseReference(`name@${D}`), { kind: 'registry', registry: 'docker.io', repository: 'library/name', tag: undefined, digest: D });
  assert.equal(parseReference(`localhost/app:v1@${D}`), { kind: 'registry', registry: 'localhost', repository: 'app', tag: 'v1', digest: D });
  assert.equal((parseReference('index.docker.io/busybox') as { registry: string }).registry, 'docker.io');
  assert.equal(parseReference('docker://quay.io/x/y:z'), { kind: 'registry', registry: 'quay.io', repository: 'x/y', tag: 'z', digest: undefined });
  // Another default registry: no library/ prefix.
  assert.equal(parseReference('app', 'registry.local:5000'), { kind: 'registry', registry: 'registry.local:5000', repository: 'app', tag: 'latest', digest: undefined });
  assert.is(formatReference(parseReference('busybox')), 'docker.io/library/busybox:latest');
});

test('references: local transports', () => {
  assert.equal(parseReference('oci:/var/lib/images/busybox:latest'), { kind: 'oci', path: '/var/lib/images/busybox', ref: 'latest' });
  assert.equal(parseReference('oci:/layout'), { kind: 'oci', path: '/layout', ref: undefined });
  assert.equal(parseReference('docker-archive:/x.tar'), { kind: 'docker-archive', path: '/x.tar', ref: undefined });
  assert.equal(parseReference('docker-archive:/x.tar:team/app:1'), { kind: 'docker-archive', path: '/x.tar', ref: 'team/app:1' });
});

test('references: invalid ones are InvalidError, non-sha256 digests Unsupported', () => {
  for (const bad of ['', 'UPPER/Case', 'a//b', 'app:bad tag', 'app@sha256:short', 'app:-x']) {
    try {
      parseReference(bad);
      assert.unreachable(`accepted '${bad}'`);
    } catch (err) {
      assert.is((err as { code?: string }).code, 'PLT_ERR_INVALID', `${bad}: ${String(err)}`);
    }
  }
  try {
    parseReference(`app@sha512:${'b'.repeat(128)}`);
    assert.unreachable('sha512 accepted');
  } catch (err) {
    assert.is((err as { code?: string }).code, 'PLT_ERR_UNSUPPORTED');
  }
});

test('WWW-Authenticate challenges', () => {
  assert.equal(parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull"'), {
    scheme: 'bearer',
    params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/busybox:pull' },
  });
  assert.equal(parseChallenge('Basic realm="Registry Realm"'), { scheme: 'basic', params: { realm: 'Registry Realm' } });
  assert.equal(parseChallenge('Bearer realm=http://x/token, service=s'), { scheme: 'bearer', params: { realm: 'http://x/token', service: 's' } });
});

test('credentials from a Docker config.json', () => {
  const auth = Buffer.from('u:p:with:colons').toString('base64');
  assert.equal(credentialsFromDockerConfig(JSON.stringify({ auths: { 'reg:5000': { auth } } }), 'reg:5000'), { username: 'u', password: 'p:with:colons' });
  assert.equal(credentialsFromDockerConfig(JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth } } }), 'docker.io'), { username: 'u', password: 'p:with:colons' });
  assert.equal(credentialsFromDockerConfig(JSON.stringify({ auths: { 'http://reg:5000': { username: 'a', password: 'b' } } }), 'reg:5000'), { username: 'a', password: 'b' });
  assert.is(credentialsFromDockerConfig(JSON.stringify({ auths: { other: { auth } } }), 'reg:5000'), undefined);
  assert.is(credentialsFromDockerConfig('not json', 'reg:5000'), undefined);
});

test('platform selection: os, architecture, variant; attestations never match', () => {
  const m = (arch: string, variant?: string, os = 'linux') => ({ mediaType: MediaTypes.ociManifest, digest: sha256(`${os}${arch}${variant}`), size: 1, platform: { os, architecture: arch, ...(variant ? { variant } : {}) } });
  const index: ImageIndex = {
    schemaVersion: 2,
    manifests: [
      { mediaType: MediaTypes.ociManifest, digest: sha256('att'), size: 1, platform: { os: 'unknown', architecture: 'unknown' } },
      m('amd64'),
      m('arm', 'v7'),
      m('arm64', 'v8'),
      m('amd64', undefined, 'windows'),
    ],
  };
  assert.is(selectPlatform(index, { os: 'linux', architecture: 'amd64' }, 'x').digest, m('amd64').digest);
  assert.is(selectPlatform(index, { os: 'linux', architecture: 'arm64' }, 'x').digest, m('arm64', 'v8').digest);
  assert.is(selectPlatform(index, { os: 'linux', architecture: 'arm', variant: 'v7' }, 'x').digest, m('arm', 'v7').digest);
  assert.throws(() => selectPlatform(index, { os: 'linux', architecture: 'arm', variant: 'v6' }, 'x'), /no manifest for platform linux\/arm\/v6/);
  assert.is(selectPlatform(index, { os: 'windows', architecture: 'amd64' }, 'x').digest, m('amd64', undefined, 'windows').digest);
});

test('manifests: media types, schema 1 refused', () => {
  const manifest = { schemaVersion: 2, mediaType: MediaTypes.dockerManifest, config: { mediaType: MediaTypes.dockerConfig, digest: D, size: 2 }, layers: [] };
  assert.is(parseManifest(Buffer.from(JSON.stringify(manifest)), undefined, 'x').type, 'manifest');
  const list = { schemaVersion: 2, mediaType: MediaTypes.dockerList, manifests: [] };
  assert.is(parseManifest(Buffer.from(JSON.stringify(list)), undefined, 'x').type, 'index');
  // Without mediaType in the body the Content-Type decides.
  const { mediaType: _m, ...bare } = manifest;
  assert.is(parseManifest(Buffer.from(JSON.stringify(bare)), `${MediaTypes.ociManifest}; charset=utf-8`, 'x').type, 'manifest');
  try {
    parseManifest(Buffer.from(JSON.stringify({ schemaVersion: 1, name: 'x', fsLayers: [] })), MediaTypes.dockerSchema1Signed, 'x');
    assert.unreachable('schema 1 accepted');
  } catch (err) {
    assert.is((err as { code?: string }).code, 'PLT_ERR_UNSUPPORTED');
  }
});

test('chain ids, container ids, image config', () => {
  const a = sha256('a');
  const b = sha256('b');
  assert.is(chainIdOf([a]), a);
  assert.is(chainIdOf([a, b]), sha256(`${a} ${b}`));
  assert.is(checkContainerId('abc-1.2_3'), 'abc-1.2_3');
  for (const bad of ['', '..', '.', 'a/b', 'a b']) assert.throws(() => checkContainerId(bad), /must match/);
  assert.equal(toImageConfig({ config: { Env: ['A=1=2', 'B'], Entrypoint: null, Cmd: ['x'], User: '1000:1000', Labels: { k: 'v' } } }, D), {
    entrypoint: [],
    cmd: ['x'],
    env: [
      { name: 'A', value: '1=2' },
      { name: 'B', value: '' },
    ],
    workingDir: '',
    user: '1000:1000',
    labels: [{ key: 'k', value: 'v' }],
    digest: D,
  });
});

test.run();
