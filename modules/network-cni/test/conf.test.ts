// What network-cni builds without running a plugin: network configs read from a dir (.conflist,
// .conf wrapped into a list of one, every refusal naming the file), a plugin's stdin request
// (list name and version, runtimeConfig only for declared capabilities, prevResult), the
// resolv.conf and hosts texts, and port mappings checked against the task's ports.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withTempDir } from '@plateau/testkit/tmp';
import { loadNetworks } from '../src/conf';
import { pluginRequest } from '../src/attach';
import { hostsFile, resolvConf } from '../src/etc-files';
import { portMappingsOf, portRanges } from '../src/ports';

const throwsWith = (fn: () => unknown, re: RegExp) => {
  try {
    fn();
  } catch (err) {
    assert.match((err as Error).message, re);
    return;
  }
  assert.unreachable(`expected an error matching ${re}`);
};

test('conf dirs: .conflist as is, .conf wrapped, name order; duplicates and bad files refused naming the file', async () => {
  await withTempDir('plateau-cni-conf-', (dir) => {
    const a = join(dir, 'a');
    mkdirSync(a);
    writeFileSync(join(a, '10-blue.conflist'), JSON.stringify({ cniVersion: '1.0.0', name: 'blue', plugins: [{ type: 'bridge' }, { type: 'portmap', capabilities: { portMappings: true } }] }));
    writeFileSync(join(a, '20-red.conf'), JSON.stringify({ cniVersion: '0.4.0', name: 'red', type: 'ptp', ipam: { type: 'host-local' } }));
    writeFileSync(join(a, 'README'), 'not a config');
    const nets = loadNetworks([a, join(dir, 'missing')]);
    assert.equal([...nets.keys()], ['blue', 'red']);
    assert.equal(nets.get('red')!.list, { cniVersion: '0.4.0', name: 'red', plugins: [{ type: 'ptp', ipam: { type: 'host-local' } }] });
    const b = join(dir, 'b');
    mkdirSync(b);
    writeFileSync(join(b, 'blue.conflist'), JSON.stringify({ cniVersion: '1.0.0', name: 'blue', plugins: [{ type: 'bridge' }] }));
    throwsWith(() => loadNetworks([a, b]), /CNI network 'blue' is defined twice: in .*10-blue\.conflist and in .*b\/blue\.conflist/);
    const bad = (name: string, text: string, re: RegExp) => {
      const d = join(dir, `bad-${name}`);
      mkdirSync(d);
      writeFileSync(join(d, name), text);
      throwsWith(() => loadNetworks([d]), re);
    };
    bad('x.conflist', '{', /x\.conflist: not valid JSON/);
    bad('y.conflist', JSON.stringify({ cniVersion: '1.0.0', name: 'y', plugins: [] }), /y\.conflist: 'plugins' must be a non-empty list/);
    bad('z.conf', JSON.stringify({ cniVersion: '1.0.0', name: '-z', type: 'bridge' }), /z\.conf: 'name' must match/);
    bad('w.conflist', JSON.stringify({ cniVersion: '1.0.0', name: 'w', plugins: [{ type: '../../bin/sh' }] }), /w\.conflist: plugins\[0\]\.type must be a plugin binary name/);
  });
});

test("a plugin's request: the list's name and version, runtimeConfig only for declared capabilities, prevResult", () => {
  const list = { cniVersion: '1.0.0', name: 'blue', plugins: [] };
  const runtime = { portMappings: [{ hostPort: 31000, containerPort: 80, protocol: 'tcp' }] };
  const prev = { cniVersion: '1.0.0', ips: [{ address: '10.199.0.2/24' }] };
  assert.equal(pluginRequest(list, { type: 'portmap', capabilities: { portMappings: true }, snat: true }, runtime, prev), {
    type: 'portmap',
    snat: true,
    cniVersion: '1.0.0',
    name: 'blue',
    runtimeConfig: runtime,
    prevResult: prev,
  });
  assert.equal(pluginRequest(list, { type: 'bridge', bridge: 'b0' }, runtime, null), { type: 'bridge', bridge: 'b0', cniVersion: '1.0.0', name: 'blue' });
  assert.equal(pluginRequest(list, { type: 'portmap', capabilities: { portMappings: false } }, runtime, null), { type: 'portmap', cniVersion: '1.0.0', name: 'blue' });
});

test('resolv.conf from the first result with nameservers; hosts lists the addresses under the hostname', () => {
  assert.is(resolvConf([{ dns: {} }, { dns: { nameservers: ['10.0.0.53', '10.0.0.54'], domain: 'a.test', options: ['ndots:2'] } }]), 'nameserver 10.0.0.53\nnameserver 10.0.0.54\nsearch a.test\noptions ndots:2\n');
  assert.is(resolvConf([undefined, { dns: { nameservers: [] } }]), undefined);
  assert.is(hostsFile('web', ['10.199.0.2']), '127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n10.199.0.2 web\n');
});

test("port mappings: within the task's ports, valid ports and protocols, each refusal naming the field", () => {
  const ranges = portRanges([{ name: 'cpus' }, { name: 'ports', ranges: [{ begin: '31000', end: '31010' }, { begin: 32000, end: 32000 }] }]);
  assert.equal(ranges, [[31000, 31010], [32000, 32000]]);
  assert.equal(portMappingsOf([{ host_port: 31005, container_port: 80 }, { host_port: 32000, container_port: 53, protocol: 'UDP' }], ranges, 'n'), [
    { hostPort: 31005, containerPort: 80, protocol: 'tcp' },
    { hostPort: 32000, containerPort: 53, protocol: 'udp' },
  ]);
  throwsWith(() => portMappingsOf([{ host_port: 31011, container_port: 80 }], ranges, 'n'), /n\.port_mappings\[0\]\.host_port 31011 is not among the task's ports resources \(ports: 31000-31010, 32000\)/);
  throwsWith(() => portMappingsOf([{ host_port: 31001, container_port: 0 }], ranges, 'n'), /container_port must be a port number/);
  throwsWith(() => portMappingsOf([{ host_port: 31001, container_port: 80, protocol: 'sctp' }], ranges, 'n'), /protocol must be tcp or udp/);
  throwsWith(() => portMappingsOf([{ host_port: 31001, container_port: 80 }], [], 'n'), /\(ports: none\)/);
});

test.run();
