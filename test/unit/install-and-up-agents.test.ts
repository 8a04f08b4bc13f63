// The pure parts of packaging and `up --agents`: how one machine's resources are split among N
// agents, the systemd units, and how doctor reads the cgroup mounts.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cgroupLayout, splitResources, systemdUnit } from '@plateau/cli';

const scalar = (name: string, value: number) => ({ name, type: 'SCALAR' as const, scalar: { value } });

test('splitResources: scalars divided, the ports range cut into consecutive pieces, reservations left out', () => {
  const shares = splitResources(
    [
      scalar('cpus', 2),
      scalar('mem', 7000),
      scalar('disk', 1001),
      { name: 'ports', type: 'RANGES', ranges: { range: [{ begin: 31000, end: 31005 }, { begin: 32000, end: 32002 }] } },
      { ...scalar('cpus', 1), reservations: [{ type: 'STATIC', role: 'web' }] } as never,
    ],
    3,
  );
  assert.equal(shares, [
    'cpus:0.66;mem:2333;disk:333;ports:[31000-31002]',
    'cpus:0.66;mem:2333;disk:333;ports:[31003-31005]',
    'cpus:0.66;mem:2333;disk:333;ports:[32000-32002]',
  ]);
  assert.equal(splitResources([scalar('cpus', 4)], 1), ['cpus:4']);
  assert.throws(() => splitResources([], 0), /cannot split resources 0 ways/);
});

test('systemdUnit: the agent is killed alone and delegated its cgroups; the master runs as its user', () => {
  const common = { config: '/etc/plateau/plateau.yaml', workDir: '/var/lib/plateau', after: ['zookeeper.service'], node: '/usr/bin/node', plateau: '/usr/lib/node_modules/plateau/bin/plateau.js' };
  const agent = systemdUnit('agent', common);
  assert.match(agent, /^ExecStart=\/usr\/bin\/node \/usr\/lib\/node_modules\/plateau\/bin\/plateau\.js agent --config \/etc\/plateau\/plateau\.yaml --work-dir \/var\/lib\/plateau$/m);
  for (const line of ['KillMode=process', 'Delegate=yes', 'Restart=on-failure', 'LimitNOFILE=1048576', 'StateDirectory=plateau', 'User=root', 'After=network-online.target zookeeper.service']) {
    assert.ok(agent.split('\n').includes(line), `agent unit has ${line}`);
  }
  const master = systemdUnit('master', { ...common, workDir: '/srv/plateau dir', user: 'plateau' });
  assert.ok(master.split('\n').includes('KillMode=control-group'));
  assert.ok(master.split('\n').includes('User=plateau'));
  assert.not.match(master, /Delegate=yes/);
  assert.match(master, /--work-dir "\/srv\/plateau dir"/);
  assert.match(master, /^ExecStartPre=\/bin\/mkdir -p "\/srv\/plateau dir"$/m);
});

test('cgroupLayout: v2 when /sys/fs/cgroup is cgroup2, else the v1 controllers mounted', () => {
  const v1 = [
    'tmpfs /sys/fs/cgroup tmpfs rw 0 0',
    'cgroup /sys/fs/cgroup/cpu cgroup rw,relatime,cpu 0 0',
    'cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0',
    'cgroup /sys/fs/cgroup/systemd cgroup rw,relatime,name=systemd 0 0',
    'cgroup2 /sys/fs/cgroup/unified cgroup2 rw 0 0',
  ].join('\n');
  assert.equal(cgroupLayout(v1), { version: 1, controllers: ['cpu', 'memory'] });
  assert.equal(cgroupLayout('proc /proc proc rw 0 0\n'), { version: undefined, controllers: [] });
  assert.is(cgroupLayout('cgroup2 /sys/fs/cgroup cgroup2 rw 0 0\n').version, 2);
});

test.run();
