// The bind mounts of ContainerInfo.volumes on a real filesystem (a temp sandbox and host dirs):
// host paths and sandbox paths with their modes and targets, and each refusal naming the field:
// a missing host path, a sandbox path through a symbolic link or out of the sandbox, PARENT,
// DOCKER_VOLUME, legacy image volumes, a named network; and the master's checks at ACCEPT. The
// launches are in e2e/agent-volumes.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir } from '@plateau/testkit/tmp';
import { checkNetworks, noSupport, volumeMountsOf } from '@plateau/agent';
import { type TaskInfo, validateTaskInfo } from '@plateau/mesos';

const throwsWith = (fn: () => unknown, re: RegExp) => {
  try {
    fn();
  } catch (err) {
    assert.match((err as Error).message, re);
    return;
  }
  assert.unreachable(`expected an error matching ${re}`);
};

test('host and sandbox paths become binds with their modes; relative targets go under the sandbox', () => {
  const sandbox = makeTempDir('plateau-vol-sandbox-');
  const host = makeTempDir('plateau-vol-host-');
  const mounts = volumeMountsOf(
    {
      type: 'MESOS',
      volumes: [
        { mode: 'RO', container_path: '/data', source: { type: 'HOST_PATH', host_path: { path: host } } },
        { mode: 'RW', container_path: 'rel/dir', host_path: host },
        { mode: 'RW', container_path: '/self', source: { type: 'SANDBOX_PATH', sandbox_path: { type: 'SELF', path: 'a/b' } } },
        { mode: 'RO', container_path: 'secret', source: { type: 'SECRET' } },
      ],
    } as any,
    sandbox,
  );
  assert.equal(mounts, [
    { source: host, target: '/data', type: 'bind', options: ['rbind', 'ro', 'nosuid', 'nodev', 'rslave'] },
    { source: host, target: '/mnt/mesos/sandbox/rel/dir', type: 'bind', options: ['rbind', 'rw', 'rslave'] },
    { source: path.join(sandbox, 'a/b'), target: '/self', type: 'bind', options: ['rbind', 'rw'] },
  ]);
  assert.ok(fs.statSync(path.join(sandbox, 'a/b')).isDirectory(), 'the sandbox directory is made');
});

test('SANDBOX_PATH PARENT: a directory of the parent sandbox, made when missing; a symlink in it is refused', () => {
  const parent = makeTempDir('plateau-vol-parent-');
  const sandbox = path.join(parent, 'containers', 'child');
  fs.mkdirSync(sandbox, { recursive: true });
  const volumes = [
    { mode: 'RW', container_path: '/shared', source: { type: 'SANDBOX_PATH', sandbox_path: { type: 'PARENT', path: 'shared/www' } } },
    { mode: 'RO', container_path: 'ro', source: { type: 'SANDBOX_PATH', sandbox_path: { type: 'PARENT', path: 'shared' } } },
  ];
  const mounts = volumeMountsOf({ type: 'MESOS', volumes } as any, sandbox, noSupport(), parent);
  assert.equal(mounts, [
    { source: path.join(parent, 'shared/www'), target: '/shared', type: 'bind', options: ['rbind', 'rw'] },
    { source: path.join(parent, 'shared'), target: '/mnt/mesos/sandbox/ro', type: 'bind', options: ['rbind', 'ro', 'nosuid', 'nodev'] },
  ]);
  assert.ok(fs.statSync(path.join(parent, 'shared/www')).isDirectory(), 'the directory is made in the parent sandbox');
  fs.symlinkSync('/etc', path.join(parent, 'evil'));
  throwsWith(
    () => volumeMountsOf({ type: 'MESOS', volumes: [{ mode: 'RW', container_path: '/x', source: { type: 'SANDBOX_PATH', sandbox_path: { type: 'PARENT', path: 'evil/sub' } } }] } as any, sandbox, noSupport(), parent),
    /PARENT.*symbolic link \('evil'\)/,
  );
  throwsWith(
    () => volumeMountsOf({ type: 'MESOS', volumes: [{ mode: 'RW', container_path: '/x', source: { type: 'SANDBOX_PATH', sandbox_path: { type: 'PARENT', path: '../up' } } }] } as any, sandbox, noSupport(), parent),
    /must be a relative path inside the sandbox/,
  );
});

test('refusals name the volume and the reason', () => {
  const sandbox = makeTempDir('plateau-vol-sandbox-');
  fs.symlinkSync('/etc', path.join(sandbox, 'link'));
  const one = (v: unknown) => () => volumeMountsOf({ type: 'MESOS', volumes: [v] } as any, sandbox);
  throwsWith(one({ mode: 'RW', container_path: '/x', source: { type: 'HOST_PATH', host_path: { path: '/no/such/plateau/path' } } }), /volumes\[0\].*host path '\/no\/such\/plateau\/path' does not exist/);
  throwsWith(one({ mode: 'RW', container_path: '/x', source: { type: 'SANDBOX_PATH', sandbox_path: { type: 'SELF', path: 'link/sub' } } }), /symbolic link \('link'\)/);
  throwsWith(one({ mode: 'RW', container_path: '/x', source: { type: 'SANDBOX_PATH', sandbox_path: { type: 'SELF', path: '../up' } } }), /must be a relative path inside the sandbox/);
  throwsWith(one({ mode: 'RW', container_path: '/x', source: { type: 'SANDBOX_PATH', sandbox_path: { type: 'PARENT', path: 'p' } } }), /PARENT needs a parent container, and this is a top-level container/);
  throwsWith(one({ mode: 'RW', container_path: '/x', source: { type: 'DOCKER_VOLUME', docker_volume: { name: 'v' } } }), /source.type DOCKER_VOLUME is not supported/);
  throwsWith(one({ mode: 'RW', container_path: '/x', image: { type: 'DOCKER' } }), /Volume.image/);
  throwsWith(one({ mode: 'RW', container_path: '../x', host_path: '/tmp' }), /'\.\.' component/);
  throwsWith(one({ mode: 'RW', container_path: '/x' }), /neither source nor host_path/);
  assert.ok(fs.lstatSync(path.join(sandbox, 'link')).isSymbolicLink(), 'nothing was made through the link');
});

test('a named network no isolator provides is refused naming the field and the isolators; none or an unnamed one is the host network', () => {
  const none = noSupport(['cgroups (isolator.cgroups)']);
  throwsWith(() => checkNetworks({ type: 'MESOS', network_infos: [{ name: 'plateau' }] } as any, none), /network_infos\[0\]\.name: network 'plateau' is not provided by any isolator of this agent \(isolators configured: cgroups \(isolator\.cgroups\)\); networks here: none/);
  throwsWith(() => checkNetworks({ type: 'MESOS', network_infos: [{ port_mappings: [{ host_port: 80, container_port: 80 }] }] } as any, none), /port_mappings need a named network/);
  checkNetworks({ type: 'MESOS' } as any, none);
  checkNetworks({ type: 'MESOS', network_infos: [{}] } as any, none);
  const cni = { ...noSupport(['cni (isolator.cni)']), networks: new Map([['plateau', 'cni (isolator.cni)']]) };
  checkNetworks({ type: 'MESOS', network_infos: [{ name: 'plateau' }] } as any, cni);
  throwsWith(() => checkNetworks({ type: 'MESOS', network_infos: [{ name: 'other' }] } as any, cni), /networks here: plateau/);
});

test('a volume source type an isolator provides is left to it; others are refused naming the isolators', () => {
  const docker = { ...noSupport(['dv (isolator.docker)']), volumeSources: new Map([['DOCKER_VOLUME', 'dv (isolator.docker)']]) };
  const v = { mode: 'RW', container_path: '/x', source: { type: 'DOCKER_VOLUME', docker_volume: { name: 'v' } } };
  assert.equal(volumeMountsOf({ type: 'MESOS', volumes: [v] } as any, '/tmp', docker).length, 0);
  const csi = { mode: 'RW', container_path: '/x', source: { type: 'CSI_VOLUME' } };
  throwsWith(() => volumeMountsOf({ type: 'MESOS', volumes: [csi] } as any, '/tmp', docker), /source\.type CSI_VOLUME is not supported by this agent: no isolator mounts it \(isolators configured: dv \(isolator\.docker\)\)/);
});

test('the master refuses volumes without container_path or escaping the sandbox, naming the field', () => {
  const task = (volumes: unknown[]) =>
    ({ task_id: { value: 't' }, agent_id: { value: 'a' }, name: 't', command: { value: 'true' }, resources: [{ name: 'cpus', type: 'SCALAR', scalar: { value: 1 } }], container: { type: 'MESOS', volumes } }) as unknown as TaskInfo;
  assert.equal(validateTaskInfo(task([{ mode: 'RW', container_path: 'data', host_path: '/tmp' }])), []);
  assert.equal(validateTaskInfo(task([{ mode: 'RW', container_path: '', host_path: '/tmp' }])), [{ path: 'task.container.volumes[0].container_path', message: 'Volume has no container_path' }]);
  assert.equal(validateTaskInfo(task([{ mode: 'RW', container_path: 'a/../../x', host_path: '/tmp' }])), [{ path: 'task.container.volumes[0].container_path', message: "Relative container_path 'a/../../x' escapes the sandbox with '..'" }]);
  assert.equal(validateTaskInfo(task([{ mode: 'RW', container_path: '/x', source: { type: 'SANDBOX_PATH', sandbox_path: { type: 'SELF', path: '/etc' } } }]))[0]?.path, 'task.container.volumes[0].source.sandbox_path.path');
  assert.equal(validateTaskInfo(task([{ mode: 'RW', container_path: '/x', source: { type: 'HOST_PATH', host_path: { path: 'rel' } } }]))[0]?.message, "Host path 'rel' must be absolute");
});

test.run();
