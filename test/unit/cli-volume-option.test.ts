// `plateau task run --volume`: the host form (HOST:CONTAINER[:ro|rw]) and the Docker volume
// form (DRIVER:NAME:CONTAINER[:ro|rw]) as Mesos Volumes, and what is neither refused naming both.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { volumeOption } from '@plateau/cli';

test('the host form: two parts, or three ending in ro/rw', () => {
  assert.equal(volumeOption('/srv:/data'), { host_path: '/srv', container_path: '/data', mode: 'RW' });
  assert.equal(volumeOption('/srv:/data:ro'), { host_path: '/srv', container_path: '/data', mode: 'RO' });
  assert.equal(volumeOption('cache:cache:rw'), { host_path: 'cache', container_path: 'cache', mode: 'RW' });
});

test('the Docker volume form: DRIVER:NAME:CONTAINER, optionally :ro/:rw', () => {
  const dv = (container: string, mode: string) => ({ container_path: container, mode, source: { type: 'DOCKER_VOLUME', docker_volume: { driver: 'plateau-local', name: 'pgdata' } } });
  assert.equal(volumeOption('plateau-local:pgdata:/var/lib/pg'), dv('/var/lib/pg', 'RW'));
  assert.equal(volumeOption('plateau-local:pgdata:/var/lib/pg:ro'), dv('/var/lib/pg', 'RO'));
  assert.equal(volumeOption('plateau-local:pgdata:data'), dv('data', 'RW'));
});

test('neither form is refused naming both', () => {
  for (const bad of ['/srv', '/srv::/x', 'a:b:c:d', '/host:name:/x', 'a:b:c:ro:x', '']) {
    assert.throws(() => volumeOption(bad), /--volume: expected HOST:CONTAINER\[:ro\|rw\] or DRIVER:NAME:CONTAINER\[:ro\|rw\] \(a Docker volume\)/, bad);
  }
});

test.run();
