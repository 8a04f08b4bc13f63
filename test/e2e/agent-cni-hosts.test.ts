// Two simulated hosts: two runc agents, each in a network namespace this test makes (pltc-a-*,
// pltc-b-*) and joined to the master by a bridge of its own (10.198.5.0/24, the master on
// 10.198.5.1), each with network-cni and a CNI network `sim` on its own subnet (10.199.41.0/24 on
// A, 10.199.42.0/24 on B) and a route to the other's. A task on A serves a page; a task on B
// fetches it by A's task's address. Everything the test made (namespaces, bridge, veths, their
// iptables rules, which live in the namespaces) goes in `after`, whatever happened.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CniNetworks, cniSkipReason } from '@plateau/testkit/cni';
import { SchedulerClient } from '../helpers/scheduler-client';
import { busyboxTask, frameworkInfo, launchOp, nextStatus, realContainersMissing, startMaster, TestAgent, untilState, type MasterProc } from '../integration/agent-harness';
import { printSkip } from '@plateau/testkit/skip';

const SUFFIX = randomBytes(3).toString('hex');
const HOST_BRIDGE = `pltch${SUFFIX}`;
const HOSTS = [
  { key: 'a', ns: `pltc-a-${SUFFIX}`, veth: `pltcva${SUFFIX}`, ip: '10.198.5.2', octet: 41 },
  { key: 'b', ns: `pltc-b-${SUFFIX}`, veth: `pltcvb${SUFFIX}`, ip: '10.198.5.3', octet: 42 },
];

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] });

let skip: string | undefined;
let master: MasterProc | undefined;
const agents: TestAgent[] = [];
const nets: CniNetworks[] = [];
let fw: SchedulerClient | undefined;

/** The bridge, the two namespaces with their veth, address, lo and the route to the other's subnet. */
function makeHosts(): void {
  ip('link', 'add', HOST_BRIDGE, 'type', 'bridge');
  ip('addr', 'add', '10.198.5.1/24', 'dev', HOST_BRIDGE);
  ip('link', 'set', HOST_BRIDGE, 'up');
  for (const h of HOSTS) {
    const other = HOSTS.find((x) => x !== h)!;
    ip('netns', 'add', h.ns);
    ip('link', 'add', h.veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', h.ns);
    ip('link', 'set', h.veth, 'master', HOST_BRIDGE, 'up');
    ip('-n', h.ns, 'addr', 'add', `${h.ip}/24`, 'dev', 'eth0');
    ip('-n', h.ns, 'link', 'set', 'eth0', 'up');
    ip('-n', h.ns, 'link', 'set', 'lo', 'up');
    ip('-n', h.ns, 'route', 'add', `10.199.${other.octet}.0/24`, 'via', other.ip);
  }
}

test.before(async () => {
  skip = (await realContainersMissing()) ?? cniSkipReason();
  if (skip) return;
  makeHosts();
  master = await startMaster([], { listenHost: '10.198.5.1' });
  for (const h of HOSTS) {
    const n = new CniNetworks(`plateau-cni-host-${h.key}-`);
    nets.push(n);
    n.network('sim', { octet: h.octet });
    const agent = new TestAgent(master.address, {
      netns: `/run/netns/${h.ns}`,
      extraIsolators: { cni: `{ use: network-cni, config: { confDirs: [${JSON.stringify(n.confDir)}], binDirs: [/usr/lib/cni] } }` },
    });
    agents.push(agent);
    await agent.start();
  }
  fw = await SchedulerClient.subscribe(master.address, frameworkInfo('agent-cni-hosts'));
});

test.after(async () => {
  try {
    fw?.close();
    for (const a of agents) await a.destroy();
    await master?.stop();
  } finally {
    for (const h of HOSTS) {
      try {
        ip('netns', 'del', h.ns);
      } catch {
        // not made
      }
    }
    try {
      ip('link', 'del', HOST_BRIDGE);
    } catch {
      // not made
    }
    for (const n of nets) n.close();
  }
});

/** Accepts the next offer from `agent` with `task` (declining the others). */
async function launchOn(agent: TestAgent, task: Record<string, any>): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const e = await fw!.next('OFFERS', Math.max(1, deadline - Date.now()));
    const offers = e.offers.offers as any[];
    const mine = offers.find((o) => o.url?.address?.port === agent.port);
    const rest = offers.filter((o) => o !== mine);
    if (rest.length) await fw!.mustCall({ type: 'DECLINE', decline: { offer_ids: rest.map((o) => o.id), filters: { refuse_seconds: 0 } } });
    if (mine === undefined) continue;
    await fw!.mustCall({ type: 'ACCEPT', accept: { offer_ids: [mine.id], operations: [launchOp(mine, [task])], filters: { refuse_seconds: 0 } } });
    return;
  }
}

test('a task on host A and a task on host B reach each other by their CNI addresses', async () => {
  if (skip) {
    printSkip('two simulated hosts', skip);
    return;
  }
  const [a, b] = agents as [TestAgent, TestAgent];
  const server = busyboxTask('sim-server', 'mkdir -p "$MESOS_SANDBOX/www" && echo served-on-a > "$MESOS_SANDBOX/www/index.html" && exec httpd -f -p 8080 -h "$MESOS_SANDBOX/www"');
  server.container.network_infos = [{ name: 'sim' }];
  await launchOn(a, server);
  const running = await untilState(fw!, 'sim-server', 'TASK_RUNNING');
  const serverIp = running.container_status?.network_infos?.[0]?.ip_addresses?.[0]?.ip_address ?? '';
  assert.match(serverIp, /^10\.199\.41\.\d+$/, JSON.stringify(running.container_status));

  const client = busyboxTask('sim-client', `for i in $(seq 1 100); do wget -q -O - http://${serverIp}:8080/index.html && exit 0; sleep 0.1; done; exit 3`);
  client.container.network_infos = [{ name: 'sim' }];
  await launchOn(b, client);
  const clientRunning = await untilState(fw!, 'sim-client', 'TASK_RUNNING');
  assert.match(clientRunning.container_status?.network_infos?.[0]?.ip_addresses?.[0]?.ip_address ?? '', /^10\.199\.42\.\d+$/);
  let end: any;
  for (;;) {
    end = await nextStatus(fw!, 'sim-client', { timeoutMs: 60_000 });
    if (end.state !== 'TASK_RUNNING') break;
  }
  assert.is(end.state, 'TASK_FINISHED', JSON.stringify(end));
  const sandbox = b.sandbox(end.agent_id.value, fw!.frameworkId, 'sim-client', clientRunning.container_status.container_id.value);
  assert.match(fs.readFileSync(path.join(sandbox, 'stdout'), 'utf8'), /served-on-a/);

  await fw!.mustCall({ type: 'KILL', kill: { task_id: { value: 'sim-server' }, agent_id: running.agent_id } });
  await untilState(fw!, 'sim-server', 'TASK_KILLED');
});

test.run();
