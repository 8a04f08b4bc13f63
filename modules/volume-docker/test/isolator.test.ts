// The isolator against the reference plugin over its real unix socket: Prepare creates and
// mounts with the container's id and answers bind mounts (absolute and sandbox-relative paths,
// RO/RW); one volume in two containers is mounted once per container and unmounted as each
// ends; the plugin's Err, an unreachable plugin and an unknown driver fail Prepare naming the
// volume and the reason, leaving nothing mounted; the mounts are checkpointed, and a new
// instance recovering after a crash unmounts those of containers that are gone and keeps the rest.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import pino from 'pino';
import { makeTempDir } from '@plateau/testkit/tmp';
import { DockerVolumeIsolator, withDefaults } from '../src/index';
import { startReferencePlugin, type ReferencePlugin } from './reference-plugin';

const log = pino({ level: 'silent' });
let p: ReferencePlugin;
const isolators: DockerVolumeIsolator[] = [];

test.before(async () => {
  p = await startReferencePlugin();
});
test.after(async () => {
  await p?.stop();
});
test.after.each(async () => {
  for (const i of isolators.splice(0)) await i.close();
});

function isolator(stateDir = makeTempDir('plateau-dv-state-'), extra: Partial<Parameters<typeof withDefaults>[0]> = {}): DockerVolumeIsolator {
  const i = new DockerVolumeIsolator(withDefaults({ socketDirs: [p.socketDir], specDirs: [], ...extra }), stateDir, log);
  isolators.push(i);
  return i;
}

let seq = 0;
/** A container whose ContainerInfo has `volumes`. */
function container(volumes: unknown[]): { containerId: { value: string }; config: Record<string, unknown> } {
  const value = `dv-${process.pid}-${++seq}`;
  return { containerId: { value }, config: { containerId: { value }, directory: makeTempDir('plateau-dv-sandbox-'), containerInfoJson: JSON.stringify({ type: 'MESOS', volumes }) } };
}

const dockerVolume = (name: string, containerPath: string, mode: 'RO' | 'RW' = 'RW', driver = 'plateau-local', options: Record<string, string> = {}) => ({
  mode,
  container_path: containerPath,
  source: { type: 'DOCKER_VOLUME', docker_volume: { driver, name, driver_options: { parameter: Object.entries(options).map(([key, value]) => ({ key, value })) } } },
});

async function prepareFails(iso: DockerVolumeIsolator, c: ReturnType<typeof container>, re: RegExp): Promise<string> {
  try {
    await iso.prepare(c as never);
  } catch (err) {
    assert.match((err as Error).message, re);
    return (err as Error).message;
  }
  return assert.unreachable(`prepare should fail with ${re}`) as never;
}

test('supports DOCKER_VOLUME; a container without docker volumes adds nothing', async () => {
  const iso = isolator();
  assert.equal(await iso.supports(), { networks: [], volumeSources: ['DOCKER_VOLUME'] });
  const c = container([{ mode: 'RW', container_path: '/x', host_path: '/tmp' }]);
  assert.equal(await iso.prepare(c as never), { launchInfo: null });
  await iso.cleanup({ containerId: c.containerId });
});

test('prepare creates a missing volume with its driver_options, mounts it with the container id, answers binds (absolute, relative, RO, RW)', async () => {
  const iso = isolator();
  const c = container([dockerVolume('data-a', '/data', 'RW', 'plateau-local', { mode: '0777' }), dockerVolume('conf-a', 'conf', 'RO')]);
  const r = await iso.prepare(c as never);
  assert.equal(r.launchInfo?.mounts, [
    { source: path.join(p.root, 'volumes', 'data-a'), target: '/data', type: 'bind', options: ['rbind', 'rw'] },
    { source: path.join(p.root, 'volumes', 'conf-a'), target: '/mnt/mesos/sandbox/conf', type: 'bind', options: ['rbind', 'ro', 'nosuid', 'nodev'] },
  ]);
  assert.is(fs.statSync(path.join(p.root, 'volumes', 'data-a')).mode & 0o777, 0o777, 'driver_options reached Create');
  assert.equal(p.mountIds('data-a'), [c.containerId.value]);
  assert.equal(p.mountIds('conf-a'), [c.containerId.value]);
  const saved = JSON.parse(fs.readFileSync(iso.checkpointPath, 'utf8')) as { containers: Record<string, unknown[]> };
  assert.equal(saved.containers[c.containerId.value], [
    { driver: 'plateau-local', name: 'data-a', id: c.containerId.value, mountpoint: path.join(p.root, 'volumes', 'data-a') },
    { driver: 'plateau-local', name: 'conf-a', id: c.containerId.value, mountpoint: path.join(p.root, 'volumes', 'conf-a') },
  ]);
  await iso.cleanup({ containerId: c.containerId });
  assert.equal(p.mountIds('data-a'), []);
  assert.equal(p.mountIds('conf-a'), []);
  assert.not.ok(JSON.parse(fs.readFileSync(iso.checkpointPath, 'utf8')).containers[c.containerId.value], 'checkpoint forgets it');
  // An existing volume is only mounted: Get finds it, no second Create.
  const creates = p.calls().filter((l) => l.startsWith('VolumeDriver.Create') && l.includes('"data-a"')).length;
  const again = container([dockerVolume('data-a', '/data')]);
  await iso.prepare(again as never);
  await iso.cleanup({ containerId: again.containerId });
  assert.is(p.calls().filter((l) => l.startsWith('VolumeDriver.Create') && l.includes('"data-a"')).length, creates);
});

test('one volume in two containers: mounted once per container id, unmounted as each ends', async () => {
  const iso = isolator();
  const a = container([dockerVolume('shared', '/s')]);
  const b = container([dockerVolume('shared', '/s', 'RO')]);
  await Promise.all([iso.prepare(a as never), iso.prepare(b as never)]);
  assert.equal(p.mountIds('shared').sort(), [a.containerId.value, b.containerId.value].sort());
  assert.equal(iso.holders().get('plateau-local/shared')?.sort(), [a.containerId.value, b.containerId.value].sort());
  await iso.cleanup({ containerId: a.containerId });
  assert.equal(p.mountIds('shared'), [b.containerId.value], 'b still holds it');
  await iso.cleanup({ containerId: a.containerId }); // idempotent: no second Unmount
  await iso.cleanup({ containerId: b.containerId });
  assert.equal(p.mountIds('shared'), []);
  const unmounts = p.calls().filter((l) => l.startsWith('VolumeDriver.Unmount') && l.includes('"shared"'));
  assert.is(unmounts.length, 2, unmounts.join('\n'));
});

test("the plugin's Err fails prepare naming the volume; what was mounted before is unmounted", async () => {
  const iso = isolator();
  const c = container([dockerVolume('ok-first', '/a'), dockerVolume('bad-opts', '/b', 'RW', 'plateau-local', { bogus: '1' })]);
  const msg = await prepareFails(iso, c, /^docker volume 'bad-opts' \(driver 'plateau-local', ContainerInfo\.volumes\[1\]\): VolumeDriver\.Create: unknown option 'bogus' \(known: mode, uid, gid\)$/);
  assert.ok(msg);
  assert.equal(p.mountIds('ok-first'), [], 'the first volume was unmounted again');
  assert.not.ok(JSON.parse(fs.readFileSync(iso.checkpointPath, 'utf8')).containers[c.containerId.value], 'nothing left in the checkpoint');
  await iso.cleanup({ containerId: c.containerId }); // unknown now: fine
});

test('an unknown driver names the paths searched; an unreachable plugin says so; bad volumes are refused', async () => {
  const specDir = makeTempDir('plateau-dv-spec-');
  const iso = isolator(undefined, { specDirs: [specDir], connectRetryMs: 0 });
  await prepareFails(
    iso,
    container([dockerVolume('v', '/v', 'RW', 'nosuch')]),
    new RegExp(`volume driver 'nosuch' not found: no plugin socket or spec at ${p.socketDir}/nosuch\\.sock, ${p.socketDir}/nosuch/nosuch\\.sock, ${specDir}/nosuch\\.spec, ${specDir}/nosuch\\.json$`),
  );
  const deadSock = makeTempDir('plateau-dv-dead-');
  fs.writeFileSync(path.join(specDir, 'gone.spec'), `unix://${deadSock}/gone.sock\n`);
  await prepareFails(iso, container([dockerVolume('v', '/v', 'RW', 'gone')]), /docker volume 'v' \(driver 'gone', ContainerInfo\.volumes\[0\]\): Plugin\.Activate: plugin 'gone' is unreachable at unix:\/\/.*gone\.sock: connect ENOENT/);
  await prepareFails(iso, container([dockerVolume('v', '/v'), dockerVolume('v', '/w')]), /volumes\[1\].*docker volume 'v' \(driver 'plateau-local'\) is already mounted by volumes\[0\]/);
  await prepareFails(iso, container([dockerVolume('v', '../up')]), /container_path "\.\.\/up" has a '\.\.' component/);
  await prepareFails(iso, container([dockerVolume('v', '/v', 'RW', '')]), /docker_volume\.driver is empty/);
  await prepareFails(iso, container([dockerVolume('v', '/v', 'RW', 'a/b')]), /not a plugin name/);
});

test('recovery after a crash: the mounts of containers the agent no longer knows are unmounted, the others kept', async () => {
  const stateDir = makeTempDir('plateau-dv-recover-');
  const before = isolator(stateDir);
  const live = container([dockerVolume('rec', '/r')]);
  const dead = container([dockerVolume('rec', '/r'), dockerVolume('rec-only-dead', '/o')]);
  await before.prepare(live as never);
  await before.prepare(dead as never);
  assert.equal(p.mountIds('rec').length, 2);
  // The agent dies (nothing cleaned up); a new instance recovers with only `live` checkpointed.
  const after = isolator(stateDir);
  await after.recover({ states: [{ containerId: live.containerId, pid: 0, config: live.config }], orphans: [] } as never);
  assert.equal(p.mountIds('rec'), [live.containerId.value]);
  assert.equal(p.mountIds('rec-only-dead'), []);
  assert.equal(Object.keys(JSON.parse(fs.readFileSync(path.join(stateDir, 'mounts.json'), 'utf8')).containers), [live.containerId.value]);
  // The recovered container is known again: status answers, cleanup unmounts with the same ID.
  assert.equal(await after.status({ containerId: live.containerId }), { networkInfos: [], executorPid: 0 });
  await after.cleanup({ containerId: live.containerId });
  assert.equal(p.mountIds('rec'), []);
});

test('recovery with the plugin down keeps the mounts for the next recovery', async () => {
  const stateDir = makeTempDir('plateau-dv-recover-down-');
  const own = await startReferencePlugin({ name: 'flaky' });
  try {
    const before = isolator(stateDir, { socketDirs: [own.socketDir], connectRetryMs: 0 });
    const gone = container([dockerVolume('fv', '/f', 'RW', 'flaky')]);
    await before.prepare(gone as never);
    await own.proc.stop('SIGKILL', 2000);
    const after = isolator(stateDir, { socketDirs: [own.socketDir], connectRetryMs: 0 });
    await after.recover({ states: [], orphans: [] } as never);
    assert.ok(JSON.parse(fs.readFileSync(path.join(stateDir, 'mounts.json'), 'utf8')).containers[gone.containerId.value], 'kept for later');
    const back = await startReferencePlugin({ name: 'flaky', socketDir: own.socketDir, root: own.root });
    try {
      const third = isolator(stateDir, { socketDirs: [own.socketDir], connectRetryMs: 0 });
      await third.recover({ states: [], orphans: [] } as never);
      assert.equal(back.mountIds('fv'), []);
      assert.not.ok(fs.existsSync(path.join(stateDir, 'mounts.json')) && JSON.parse(fs.readFileSync(path.join(stateDir, 'mounts.json'), 'utf8')).containers[gone.containerId.value]);
    } finally {
      await back.stop();
    }
  } finally {
    await own.stop();
  }
});

test.run();
