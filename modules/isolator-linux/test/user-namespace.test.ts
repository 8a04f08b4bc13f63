// userNamespace auto | on | off at Prepare: the mappings, the rootfs shifted into the range, the
// sandbox given to the mapped root, and each reason a container runs without (auto, logged once)
// or fails (on). Real files on this host; inside.test.ts runs such containers with runc.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ErrorCodes, type Logger } from '@plateau/kernel';
import { LinuxIsolator, withDefaults } from '../src/index';
import type { LinuxConfigInput } from '../src/config';
import { parseSubid, subidOverlaps } from '../src/subid';
import { kernelBlocker } from '../src/user-namespace';
import { tempDir } from './runc';

/** A logger that keeps its warnings. */
function recordingLog(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const log = { warnings, debug() {}, info() {}, error() {}, warn(_o: unknown, msg: string) { warnings.push(msg); }, child() { return log; } };
  return log as unknown as Logger & { warnings: string[] };
}

function isolator(cfg: LinuxConfigInput = {}, log: Logger = recordingLog()): LinuxIsolator {
  return new LinuxIsolator(withDefaults(cfg), log, { arch: 'x64', kernel: '6.1.0', userNamespaceRefused: undefined });
}

/** A directory the mapped root can reach (0755). */
const openDir = (prefix: string): string => tempDir(prefix);

/** A root-owned directory only the host's root can enter. */
function closedDir(prefix: string): string {
  const d = tempDir(prefix);
  fs.chmodSync(d, 0o700);
  return d;
}

/** A small image rootfs owned as an unpacked image is: root, one user's file, a setuid binary, links. */
function imageRootfs(): string {
  const root = path.join(openDir('plateau-userns-rootfs-'), 'rootfs');
  for (const d of ['bin', 'etc', 'home/app', 'tmp']) fs.mkdirSync(path.join(root, d), { recursive: true, mode: 0o755 });
  fs.writeFileSync(path.join(root, 'bin/tool'), 'x');
  fs.chmodSync(path.join(root, 'bin/tool'), 0o4755);
  fs.linkSync(path.join(root, 'bin/tool'), path.join(root, 'bin/tool-link'));
  fs.symlinkSync('tool', path.join(root, 'bin/alias'));
  fs.writeFileSync(path.join(root, 'home/app/data'), 'y');
  fs.chownSync(path.join(root, 'home/app'), 1000, 1000);
  fs.chownSync(path.join(root, 'home/app/data'), 1000, 1000);
  fs.writeFileSync(path.join(root, 'etc/far'), 'z');
  fs.chownSync(path.join(root, 'etc/far'), 70000, 70000); // past the range's size: left as it is
  return root;
}

const owner = (p: string) => {
  const st = fs.lstatSync(p);
  return `${st.uid}:${st.gid}`;
};

const cid = (() => {
  let n = 0;
  return () => ({ value: `userns-${process.pid}-${++n}` });
})();

test('default config is userNamespace auto with 100000/65536: a user namespace, /sys bound, the sandbox given to uid 100000', async () => {
  const sandbox = openDir('plateau-userns-sandbox-');
  fs.mkdirSync(path.join(sandbox, 'sub'));
  fs.writeFileSync(path.join(sandbox, 'sub', 'f'), 'x');
  fs.writeFileSync(path.join(sandbox, 'stdout'), '');
  const c = withDefaults();
  assert.is(c.userNamespace, 'auto');
  assert.equal(c.uidRange, { start: 100000, size: 65536 });
  assert.equal(c.gidRange, { start: 100000, size: 65536 });
  const li = (await isolator().prepare({ containerId: cid(), config: { directory: sandbox, rootfs: imageRootfs() } })).launchInfo!;
  assert.equal(li.namespaces.map((n) => n.type), ['pid', 'ipc', 'uts', 'mount', 'user']);
  assert.equal(li.uidMappings, [{ containerStart: 0, hostStart: 100000, size: 65536 }]);
  assert.equal(li.gidMappings, [{ containerStart: 0, hostStart: 100000, size: 65536 }]);
  assert.equal(li.mounts, [{ source: '/sys', target: '/sys', type: 'bind', options: ['rbind', 'nosuid', 'noexec', 'nodev', 'ro', 'rro'] }], 'sysfs cannot be mounted from a user namespace that does not own the network namespace');
  for (const p of [sandbox, path.join(sandbox, 'sub'), path.join(sandbox, 'sub', 'f'), path.join(sandbox, 'stdout')]) assert.is(owner(p), '100000:100000', p);
});

test('uidRange and gidRange: separate ranges; gidRange defaults to uidRange; bad ranges refused at start', async () => {
  const li = (await isolator({ uidRange: { start: 300000, size: 1000 }, gidRange: { start: 400000, size: 1000 } }).prepare({ containerId: cid(), config: { rootfs: imageRootfs() } })).launchInfo!;
  assert.equal(li.uidMappings, [{ containerStart: 0, hostStart: 300000, size: 1000 }]);
  assert.equal(li.gidMappings, [{ containerStart: 0, hostStart: 400000, size: 1000 }]);
  assert.equal(withDefaults({ uidRange: { start: 500000 } }).gidRange, { start: 500000, size: 65536 });
  assert.throws(() => isolator({ uidRange: { start: 0xffffff00, size: 65536 } }), /uidRange: start \+ size must stay below/);
  assert.throws(() => isolator({ gidRange: { start: 0, size: 10 } }), /gidRange: start and size must be positive integers/);
});

test('userNamespace off: no user namespace, no mappings, nothing chowned', async () => {
  const sandbox = openDir('plateau-userns-sandbox-');
  const rootfs = imageRootfs();
  const li = (await isolator({ userNamespace: 'off' }).prepare({ containerId: cid(), config: { directory: sandbox, rootfs } })).launchInfo!;
  assert.not.ok(li.namespaces.some((n) => n.type === 'user'));
  assert.equal(li.uidMappings, []);
  assert.equal(li.mounts, []);
  assert.is(owner(sandbox), '0:0');
  assert.is(owner(rootfs), '0:0');
});

test('the image rootfs is shifted into the range: root → 100000, uid 1000 → 101000, ids past the size kept, setuid kept, links once, a second Prepare changes nothing', async () => {
  const rootfs = imageRootfs();
  await isolator().prepare({ containerId: cid(), config: { rootfs } });
  assert.is(owner(rootfs), '100000:100000');
  assert.is(owner(path.join(rootfs, 'bin')), '100000:100000');
  assert.is(owner(path.join(rootfs, 'bin/tool')), '100000:100000');
  assert.is(owner(path.join(rootfs, 'bin/tool-link')), '100000:100000', 'a hard link is shifted once, not twice');
  assert.is(owner(path.join(rootfs, 'bin/alias')), '100000:100000', 'the link itself, not its target');
  assert.is(fs.statSync(path.join(rootfs, 'bin/tool')).mode & 0o7777, 0o4755, 'the setuid bit chown cleared is back');
  assert.is(owner(path.join(rootfs, 'home/app/data')), '101000:101000');
  assert.is(owner(path.join(rootfs, 'etc/far')), '70000:70000');
  await isolator().prepare({ containerId: cid(), config: { rootfs } });
  assert.is(owner(path.join(rootfs, 'home/app/data')), '101000:101000', 'already shifted: left alone');
});

/** Prepares `config` under auto and under on; auto must run without (logging `reason`), on must fail naming it. */
async function blocked(cfg: LinuxConfigInput, config: object, reason: RegExp, unchanged: string[] = []): Promise<void> {
  const log = recordingLog();
  const auto = isolator(cfg, log);
  const li = (await auto.prepare({ containerId: cid(), config })).launchInfo!;
  assert.not.ok(li.namespaces.some((n) => n.type === 'user'), 'auto: no user namespace');
  assert.equal(li.uidMappings, []);
  assert.is(log.warnings.length, 1, log.warnings.join('\n'));
  assert.match(log.warnings[0]!, /userNamespace auto: container \S+ runs without a user namespace/);
  assert.match(log.warnings[0]!, reason);
  await auto.prepare({ containerId: cid(), config });
  assert.is(log.warnings.length, 1, 'the same reason is logged once');
  for (const p of unchanged) assert.is(owner(p), '0:0', `${p} is left to the host's root`);
  try {
    await isolator({ ...cfg, userNamespace: 'on' }).prepare({ containerId: cid(), config });
    assert.unreachable('on: the container fails');
  } catch (err) {
    assert.is((err as { code?: string }).code, ErrorCodes.invalid);
    assert.match((err as Error).message, /userNamespace is on but container \S+ cannot run in a user namespace/);
    assert.match((err as Error).message, reason);
  }
}

const mesos = (containerInfo: object, extra: object = {}) => ({ containerInfoJson: JSON.stringify({ type: 'MESOS', ...containerInfo }), ...extra });

test('a capability that needs the host\'s root (SYS_TIME; NET_ADMIN on the host network): auto runs without, on fails', async () => {
  const sandbox = openDir('plateau-userns-sandbox-');
  const cfg = { allowedCapabilities: ['SYS_TIME', 'NET_ADMIN'] };
  await blocked(cfg, mesos({ linux_info: { effective_capabilities: { capabilities: ['SYS_TIME'] } } }, { directory: sandbox }), /asks for CAP_SYS_TIME, which works only with the host's root/, [sandbox]);
  await blocked(cfg, mesos({ linux_info: { effective_capabilities: { capabilities: ['NET_ADMIN'] } } }), /CAP_NET_ADMIN.*shares the host's network/);
  const own = (await isolator(cfg).prepare({ containerId: cid(), config: mesos({ linux_info: { effective_capabilities: { capabilities: ['NET_ADMIN'] } }, network_infos: [{ name: 'cni1' }] }, { rootfs: imageRootfs() }) })).launchInfo!;
  assert.ok(own.namespaces.some((n) => n.type === 'user'), 'NET_ADMIN over a network of its own works in a user namespace');
});

test('gpus (devices of the host\'s root): auto runs without, on fails', async () => {
  await blocked({}, { resources: [{ name: 'gpus', type: 'SCALAR', scalar: 1 }] }, /asks for gpus/);
});

test('a host-path volume the mapped root cannot use: auto runs without, on fails; a usable one and a sandbox-relative one do not block', async () => {
  const sandbox = openDir('plateau-userns-sandbox-');
  const closed = closedDir('plateau-userns-vol-');
  await blocked({}, mesos({ volumes: [{ container_path: '/data', host_path: closed, mode: 'RW' }] }, { directory: sandbox }), /host-path volume .* \(RW, owner 0:0, mode 700\) is not usable by the mapped root \(uid 100000\)/, [sandbox]);
  const readable = openDir('plateau-userns-vol-');
  await blocked({}, mesos({ volumes: [{ container_path: '/data', mode: 'RW', source: { type: 'HOST_PATH', host_path: { path: readable } } }] }), /host-path volume .* \(RW, owner 0:0, mode 755\)/);
  const ro = (await isolator().prepare({ containerId: cid(), config: mesos({ volumes: [{ container_path: '/data', host_path: readable, mode: 'RO' }, { container_path: '/c', host_path: 'cache', mode: 'RW' }] }, { rootfs: imageRootfs() }) })).launchInfo!;
  assert.ok(ro.namespaces.some((n) => n.type === 'user'), 'a world-readable RO volume and a sandbox path are fine');
});

test('a rootfs or sandbox behind a directory the mapped root cannot search: auto runs without, on fails', async () => {
  const hidden = closedDir('plateau-userns-hidden-');
  const rootfs = path.join(hidden, 'rootfs');
  fs.mkdirSync(rootfs);
  await blocked({}, { rootfs }, /the directory \S+plateau-userns-hidden-\S+ above the rootfs \S+ is not searchable by the mapped root \(uid 100000\)/, [rootfs]);
  const sandbox = path.join(hidden, 'sandbox');
  fs.mkdirSync(sandbox);
  await blocked({}, { directory: sandbox }, /above the sandbox/, [sandbox]);
});

test('a task without an image (no rootfs: the host\'s filesystem): auto runs without, on fails naming why', async () => {
  const sandbox = openDir('plateau-userns-sandbox-');
  await blocked({}, { directory: sandbox }, /the task has no image: its root is the host's filesystem/, [sandbox]);
});

test('a rootfs too large to remap (rootfsRemapMaxEntries): auto runs without, on fails, nothing chowned', async () => {
  const rootfs = imageRootfs();
  await blocked({ rootfsRemapMaxEntries: 3 }, { rootfs }, /has more than 3 entries \(rootfsRemapMaxEntries\)/, [rootfs, path.join(rootfs, 'bin/tool')]);
});

test('a kernel that refuses user namespaces: auto runs without, on fails; the limit is read from /proc/sys/user/max_user_namespaces', async () => {
  const refused = kernelBlocker(() => '0\n');
  assert.match(refused!.why, /max_user_namespaces is 0/);
  assert.is(kernelBlocker(() => '1000\n'), undefined);
  const log = recordingLog();
  const iso = new LinuxIsolator(withDefaults(), log, { arch: 'x64', kernel: '6.1.0', userNamespaceRefused: refused });
  assert.equal((await iso.prepare({ containerId: cid(), config: {} })).launchInfo!.uidMappings, []);
  assert.ok(log.warnings.some((w) => /max_user_namespaces is 0/.test(w)));
  const on = new LinuxIsolator(withDefaults({ userNamespace: 'on' }), recordingLog(), { arch: 'x64', kernel: '6.1.0', userNamespaceRefused: refused });
  try {
    await on.prepare({ containerId: cid(), config: {} });
    assert.unreachable('on: fails');
  } catch (err) {
    assert.match((err as Error).message, /userNamespace is on .*max_user_namespaces is 0/);
  }
});

test('/etc/subuid conventions: ranges parsed, overlaps with the configured range reported', () => {
  assert.equal(parseSubid('alice:100000:65536\n# x\nbob:165536:65536\n'), [
    { owner: 'alice', start: 100000, size: 65536 },
    { owner: 'bob', start: 165536, size: 65536 },
  ]);
  const files: Record<string, string> = { '/etc/subuid': 'alice:100000:65536\nbob:165536:65536\n', '/etc/subgid': 'alice:100000:65536\n' };
  const read = (f: string) => {
    if (!(f in files)) throw new Error('ENOENT');
    return files[f]!;
  };
  assert.equal(subidOverlaps({ start: 100000, size: 65536 }, { start: 300000, size: 65536 }, read), ['/etc/subuid alice:100000:65536']);
  assert.equal(subidOverlaps({ start: 231072, size: 65536 }, { start: 231072, size: 65536 }, read), []);
});

test.run();
