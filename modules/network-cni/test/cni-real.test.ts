// network-cni with the real Debian plugins (bridge, host-local, portmap, loopback) on bridges and
// subnets the test names: ADD gives the namespace an address that Status reports, the files and
// MESOS_CONTAINER_IP; DEL leaves no veth, lease file, iptables rule, namespace or checkpoint;
// port mappings outside the task's ports are refused naming the port, inside them become DNAT
// rules that DEL removes; a plugin's error fails Prepare with its msg and details, leaking
// nothing; a nested container shares its parent's files and addresses; after a restart Recover
// keeps the live container's address and DELs the one the agent no longer knows.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isMounted } from '../src/netns';
import { CniFixture, cniSkipReason } from './cni-fixture';
import { printSkip } from '@plateau/testkit/skip';

const SKIP = cniSkipReason();

function realTest(title: string, body: (f: CniFixture) => Promise<void>): void {
  test(title, async () => {
    if (SKIP) {
      printSkip(title, SKIP);
      return;
    }
    const f = new CniFixture();
    try {
      await body(f);
    } finally {
      f.close();
    }
  });
}

const uid = () => `cni${Math.random().toString(16).slice(2, 10)}`;

/** A Prepare request of a top-level container asking for `networks` (names, or NetworkInfo objects). */
function prepareReq(id: string, networks: unknown[], extra: { hostname?: string; ports?: [number, number][] } = {}) {
  const network_infos = networks.map((n) => (typeof n === 'string' ? { name: n } : n));
  const resources = extra.ports ? [{ name: 'ports', type: 'RANGES', ranges: extra.ports.map(([begin, end]) => ({ begin, end })) }] : [];
  return {
    containerId: { value: id },
    config: {
      containerId: { value: id },
      directory: '/tmp',
      resources,
      containerInfoJson: JSON.stringify({ type: 'MESOS', network_infos, ...(extra.hostname ? { hostname: extra.hostname } : {}) }),
      taskInfoJson: JSON.stringify({ task_id: { value: `task-${id}` } }),
    },
  } as never;
}

async function rejects(p: Promise<unknown>, re: RegExp): Promise<void> {
  try {
    await p;
  } catch (err) {
    assert.match((err as Error).message, re);
    return;
  }
  assert.unreachable(`expected a failure matching ${re}`);
}

realTest('ADD joins the network (address, files, namespace); DEL leaves no veth, lease, iptables rule, namespace or checkpoint', async (f) => {
  const bridge = f.network('blue', { octet: 11, dns: { nameservers: ['10.199.11.53'], search: ['plateau.test'] } });
  const iso = f.isolator();
  assert.equal(await iso.supports(), { networks: ['blue'], volumeSources: [] });
  const id = uid();
  const { launchInfo } = await iso.prepare(prepareReq(id, ['blue'], { hostname: 'web-1' }));
  assert.ok(launchInfo);
  assert.equal(launchInfo.namespaces, [{ type: 'network', path: f.netns(id) }]);
  assert.ok(isMounted(f.netns(id)), 'the namespace file is a mount');
  assert.is(launchInfo.hostname, 'web-1');
  const status = await iso.status({ containerId: { value: id } });
  const ip = status.networkInfos[0]?.ipAddresses[0]?.ipAddress ?? '';
  assert.equal(status.networkInfos.map((n) => n.name), ['blue']);
  assert.match(ip, /^10\.199\.11\.\d+$/);
  assert.equal(launchInfo.environment, [{ name: 'MESOS_CONTAINER_IP', value: ip }]);
  assert.match(f.inNetns(f.netns(id), ['ip', '-4', '-o', 'addr', 'show', 'eth0']), new RegExp(`inet ${ip.replace(/\./g, '\\.')}/24`));
  assert.match(f.inNetns(f.netns(id), ['ip', '-o', 'link', 'show', 'lo']), /state UNKNOWN|UP/, 'lo is up');
  const mounts = new Map(launchInfo.mounts.map((m) => [m.target, m.source]));
  assert.equal([...mounts.keys()].sort(), ['/etc/hostname', '/etc/hosts', '/etc/resolv.conf']);
  assert.match(readFileSync(mounts.get('/etc/hosts')!, 'utf8'), new RegExp(`${ip.replace(/\./g, '\\.')} web-1`));
  assert.is(readFileSync(mounts.get('/etc/resolv.conf')!, 'utf8'), 'nameserver 10.199.11.53\nsearch plateau.test\n');
  assert.is(readFileSync(mounts.get('/etc/hostname')!, 'utf8'), 'web-1\n');
  assert.is(f.veths(bridge).length, 1, 'one veth on the bridge');
  assert.equal(f.leases('blue'), [ip]);
  assert.ok(f.rulesNaming(id).length > 0, 'ipMasq made rules naming the container');

  await iso.cleanup({ containerId: { value: id } });
  assert.equal(f.veths(bridge), [], 'no veth left');
  assert.equal(f.leases('blue'), [], 'no lease left');
  assert.equal(f.rulesNaming(id), [], 'no iptables rule left');
  assert.not.ok(existsSync(f.netns(id)), 'no namespace file left');
  assert.not.ok(existsSync(mounts.get('/etc/hosts')!), 'no files left');
  assert.not.ok(existsSync(join(f.stateDir, 'containers', `${id}.json`)), 'no checkpoint left');
  await iso.cleanup({ containerId: { value: id } });
});

realTest('port mappings: a host port outside the task ports is refused naming it; inside, DNAT rules that DEL removes', async (f) => {
  const bridge = f.network('ports', { octet: 12, portmap: true });
  f.network('noports', { octet: 13 });
  const iso = f.isolator();
  const mapping = { name: 'ports', port_mappings: [{ host_port: 31999, container_port: 80 }] };
  await rejects(iso.prepare(prepareReq(uid(), [mapping], { ports: [[31000, 31010]] })), /port_mappings\[0\]\.host_port 31999 is not among the task's ports resources \(ports: 31000-31010\)/);
  await rejects(iso.prepare(prepareReq(uid(), [{ ...mapping, name: 'noports' }], { ports: [[31999, 31999]] })), /network 'noports' has no plugin with the portMappings capability/);
  assert.equal(f.veths(bridge), [], 'refusals made nothing');
  const id = uid();
  await iso.prepare(prepareReq(id, [mapping], { ports: [[31990, 31999]] }));
  const dnat = f.rulesNaming(id).filter((l) => l.includes('31999'));
  assert.ok(dnat.length > 0, `a DNAT rule for 31999: ${f.rulesNaming(id).join('\n')}`);
  await iso.cleanup({ containerId: { value: id } });
  assert.equal(f.rulesNaming(id), [], 'no rule left');
  assert.equal(f.veths(bridge), []);
});

realTest("a plugin's error fails Prepare with its msg and details, and leaves nothing behind", async (f) => {
  const bridge = f.network('broken', { octet: 14, broken: true });
  const iso = f.isolator();
  const id = uid();
  await rejects(iso.prepare(prepareReq(id, ['broken'])), /CNI plugin bridge ADD failed.*too small to allocate from/);
  assert.equal(f.veths(bridge), []);
  assert.not.ok(existsSync(f.netns(id)), 'no namespace file left');
  assert.not.ok(existsSync(join(f.stateDir, 'containers', `${id}.json`)), 'no checkpoint left');
  await rejects(iso.status({ containerId: { value: id } }), /not known/);
  await rejects(iso.prepare(prepareReq(uid(), ['nope'])), /network 'nope' is not configured in isolator cni \(networks: broken\)/);
});

realTest("a nested container shares its parent's files and addresses, with no ADD of its own", async (f) => {
  const bridge = f.network('pod', { octet: 15 });
  const iso = f.isolator();
  const id = uid();
  const parent = await iso.prepare(prepareReq(id, ['pod']));
  const child = await iso.prepare({ containerId: { value: 'task1', parent: { value: id } }, config: { containerId: { value: 'task1', parent: { value: id } }, containerInfoJson: '' } } as never);
  assert.equal(child.launchInfo?.namespaces, []);
  assert.equal(child.launchInfo?.mounts, parent.launchInfo?.mounts);
  assert.equal(child.launchInfo?.environment, parent.launchInfo?.environment, 'the same MESOS_CONTAINER_IP');
  const a = await iso.status({ containerId: { value: id } });
  const b = await iso.status({ containerId: { value: 'task1', parent: { value: id } } });
  assert.equal(b.networkInfos, a.networkInfos);
  assert.is(f.veths(bridge).length, 1, 'one veth for the pod');
  await iso.cleanup({ containerId: { value: 'task1', parent: { value: id } } });
  assert.is(f.veths(bridge).length, 1, 'the parent keeps its network');
  await iso.cleanup({ containerId: { value: id } });
  assert.equal(f.veths(bridge), []);
});

realTest('Recover after a restart keeps the live container and its address, and DELs the one the agent no longer knows', async (f) => {
  const bridge = f.network('green', { octet: 16 });
  const first = f.isolator();
  const live = uid();
  const dead = uid();
  await first.prepare(prepareReq(live, ['green']));
  await first.prepare(prepareReq(dead, ['green']));
  const ip = (await first.status({ containerId: { value: live } })).networkInfos[0]?.ipAddresses[0]?.ipAddress;
  assert.is(f.veths(bridge).length, 2);
  first.close();

  const second = f.isolator();
  await second.recover({ states: [{ containerId: { value: live } }], orphans: [] } as never);
  assert.is(f.veths(bridge).length, 1, "the unknown container's veth is gone");
  assert.equal(f.leases('green'), [ip], 'only the live lease is left');
  assert.equal(f.rulesNaming(dead), []);
  assert.not.ok(existsSync(f.netns(dead)));
  assert.ok(isMounted(f.netns(live)), 'the live namespace stays');
  assert.is((await second.status({ containerId: { value: live } })).networkInfos[0]?.ipAddresses[0]?.ipAddress, ip, 'the live container keeps its address');
  await second.cleanup({ containerId: { value: live } });
  assert.equal(f.veths(bridge), []);
  assert.equal(f.leases('green'), []);
});

test.run();
