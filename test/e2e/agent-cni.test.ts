// CNI networks on a real master and runc agent with network-cni (the Debian plugins) on a bridge
// and subnet the test names (10.199.21.0/24): two tasks on the network reach each other by IP
// (busybox httpd and wget) with MESOS_CONTAINER_IP, hostname and /etc/hosts set; the address is in
// TASK_RUNNING's container_status and in the agent's and master's state; the host reaches a task's
// mapped port on 127.0.0.1; a host port outside the task's ports fails it naming the port; an
// unknown network is TASK_ERROR at ACCEPT (the agent advertises its networks); a plugin's error
// fails the task with its message; every container's veth and lease are gone once it ends; after
// kill -9 of the agent the restarted agent DELs the container that died meanwhile and the live one
// keeps its address; a pod's tasks share one address, localhost and /etc/hosts; a DOCKER container
// with network USER joins the named network; `plateau task run --network NAME` joins the network.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CniNetworks, cniSkipReason } from '@plateau/testkit/cni';
import { acceptNext, busyboxTask, launchOp, nextStatus, realCluster, untilState, waitFor } from '../integration/agent-harness';
import { cli, describe } from './cli-helpers';
import { testUnless } from '@plateau/testkit/skip';

const NET = 'plt-e2e';
const BROKEN = 'plt-e2e-broken';
let nets: CniNetworks | undefined;
let bridge = '';
let agentId = '';

const cluster = realCluster(test, {
  framework: 'agent-cni',
  agentSetup: () => {
    nets = new CniNetworks('plateau-cni-e2e-');
    bridge = nets.network(NET, { octet: 21, portmap: true });
    nets.network(BROKEN, { octet: 22, broken: true });
    return { extraIsolators: { cni: `{ use: network-cni, config: { confDirs: [${JSON.stringify(nets.confDir)}], binDirs: [/usr/lib/cni] } }` } };
  },
});
// After the cluster's own teardown (which DELs what the agent still runs): the bridges and chains go.
test.after(() => nets?.close());

const real = testUnless(() => cluster.skip ?? cniSkipReason());

const TERMINAL = ['TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_ERROR', 'TASK_LOST', 'TASK_DROPPED'];

async function toEnd(taskId: string): Promise<any> {
  for (;;) {
    const s = await nextStatus(cluster.fw, taskId, { timeoutMs: 60_000 });
    if (TERMINAL.includes(s.state)) return s;
  }
}

function netTask(id: string, command: string, network: Record<string, unknown>, extra: { hostname?: string; ports?: number[] } = {}): Record<string, any> {
  const t = busyboxTask(id, command);
  t.container.network_infos = [network];
  if (extra.hostname) t.container.hostname = extra.hostname;
  if (extra.ports) t.resources.push({ name: 'ports', type: 'RANGES', ranges: { range: extra.ports.map((p) => ({ begin: p, end: p })) } });
  return t;
}

const ipOf = (s: any): string => s.container_status?.network_infos?.[0]?.ip_addresses?.[0]?.ip_address ?? '';

const serve = (text: string) => `mkdir -p "$MESOS_SANDBOX/www" && echo ${text} > "$MESOS_SANDBOX/www/index.html" && exec httpd -f -p 8080 -h "$MESOS_SANDBOX/www"`;

async function kill(taskId: string): Promise<void> {
  await cluster.fw.mustCall({ type: 'KILL', kill: { task_id: { value: taskId }, agent_id: { value: agentId } } });
  await untilState(cluster.fw, taskId, 'TASK_KILLED', 30_000);
}

function httpGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

real('two tasks on one network reach each other by IP; the address is in the status, the state endpoints, GET_CONTAINERS, MESOS_CONTAINER_IP and /etc/hosts', async () => {
  const a = netTask('cni-a', serve('hello-from-a'), { name: NET }, { hostname: 'web-a' });
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [a])]);
  const running = await untilState(cluster.fw, 'cni-a', 'TASK_RUNNING');
  const ip = ipOf(running);
  assert.match(ip, /^10\.199\.21\.\d+$/, JSON.stringify(running.container_status));
  assert.is(running.container_status.network_infos[0].name, NET);
  agentId = running.agent_id.value;

  const agentState = await cluster.agent.get('/state');
  const shown = JSON.stringify(agentState.frameworks.flatMap((f: any) => f.executors.flatMap((e: any) => e.tasks)));
  assert.ok(shown.includes(ip), `agent /state shows ${ip}: ${shown}`);
  const masterState = (await (await fetch(`http://${cluster.master.address}/state`)).json()) as { frameworks: unknown };
  assert.ok(JSON.stringify(masterState.frameworks).includes(ip), `master /state shows ${ip}`);
  assert.ok(JSON.stringify(agentState.attributes).includes(NET), `agent advertises ${NET}: ${JSON.stringify(agentState.attributes)}`);
  const containers = await (
    await fetch(`http://${cluster.agent.address}/api/v1`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ type: 'GET_CONTAINERS' }) })
  ).json() as any;
  const mine = containers.get_containers.containers.find((c: any) => c.container_id.value === running.container_status.container_id.value);
  assert.equal(mine?.container_status?.network_infos, [{ ip_addresses: [{ protocol: 'IPv4', ip_address: ip }], name: NET }], JSON.stringify(containers));

  const b = netTask(
    'cni-b',
    `echo "ip=$MESOS_CONTAINER_IP host=$(hostname)"; grep -q "$MESOS_CONTAINER_IP web-b" /etc/hosts || exit 4; ` +
      `for i in $(seq 1 100); do wget -q -O - http://${ip}:8080/index.html && exit 0; sleep 0.1; done; exit 3`,
    { name: NET },
    { hostname: 'web-b' },
  );
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [b])]);
  const bRunning = await untilState(cluster.fw, 'cni-b', 'TASK_RUNNING');
  const bIp = ipOf(bRunning);
  const end = await toEnd('cni-b');
  assert.is(end.state, 'TASK_FINISHED', JSON.stringify(end));
  const sandbox = cluster.agent.sandbox(end.agent_id.value, cluster.fw.frameworkId, 'cni-b', bRunning.container_status.container_id.value);
  const out = fs.readFileSync(path.join(sandbox, 'stdout'), 'utf8');
  assert.match(out, new RegExp(`ip=${bIp.replace(/\./g, '\\.')} host=web-b`));
  assert.match(out, /hello-from-a/, 'b read a\'s page over the network');
  await kill('cni-a');
  await waitFor(() => nets!.veths(bridge).length === 0 && nets!.leases(NET).length === 0, { timeoutMs: 10_000, what: 'veths and leases of ended tasks to be gone' });
});

real('the host reaches a mapped port on 127.0.0.1; a host port outside the task ports fails it naming the port', async () => {
  const c = netTask('cni-mapped', serve('mapped-ok'), { name: NET, port_mappings: [{ host_port: 31555, container_port: 8080, protocol: 'tcp' }] }, { ports: [31555] });
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [c])]);
  agentId = (await untilState(cluster.fw, 'cni-mapped', 'TASK_RUNNING')).agent_id.value;
  await waitFor(async () => (await httpGet('http://127.0.0.1:31555/index.html')).includes('mapped-ok'), { timeoutMs: 10_000, what: 'http://127.0.0.1:31555 to answer mapped-ok' });
  await kill('cni-mapped');

  const outside = netTask('cni-outside', 'true', { name: NET, port_mappings: [{ host_port: 31556, container_port: 8080 }] }, { ports: [31557] });
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [outside])]);
  const end = await toEnd('cni-outside');
  assert.is(end.state, 'TASK_FAILED', JSON.stringify(end));
  assert.is(end.reason, 'REASON_CONTAINER_LAUNCH_FAILED');
  assert.match(end.message, /host_port 31556 is not among the task's ports resources \(ports: 31557\)/);
  await waitFor(() => nets!.veths(bridge).length === 0 && nets!.leases(NET).length === 0, { timeoutMs: 10_000, what: 'veths and leases of ended tasks to be gone' });
});

real('an unknown network is TASK_ERROR at ACCEPT naming it; a plugin error fails the task with its message', async () => {
  const unknown = netTask('cni-unknown', 'true', { name: 'no-such-net' });
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [unknown])]);
  const end = await toEnd('cni-unknown');
  assert.is(end.state, 'TASK_ERROR', JSON.stringify(end));
  assert.is(end.reason, 'REASON_TASK_INVALID');
  assert.match(end.message, /container\.network_infos\[0\]\.name: network 'no-such-net' is not available on agent .* \(its networks: plt-e2e, plt-e2e-broken\)/, end.message);

  const broken = netTask('cni-broken', 'true', { name: BROKEN });
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [broken])]);
  const failed = await toEnd('cni-broken');
  assert.is(failed.state, 'TASK_FAILED', JSON.stringify(failed));
  assert.is(failed.reason, 'REASON_CONTAINER_LAUNCH_FAILED');
  assert.match(failed.message, /CNI plugin bridge ADD failed.*too small to allocate from/);
});

real('kill -9 of the agent: the restarted agent DELs the container that died meanwhile; the live one keeps its address', async () => {
  const tasks = ['cni-live', 'cni-dies'].map((id) => netTask(id, 'sleep 1000', { name: NET }));
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, tasks)]);
  const live = await untilState(cluster.fw, 'cni-live', 'TASK_RUNNING');
  const dies = await untilState(cluster.fw, 'cni-dies', 'TASK_RUNNING');
  const liveIp = ipOf(live);
  assert.equal(nets!.leases(NET).sort(), [liveIp, ipOf(dies)].sort());
  const diesCid = dies.container_status.container_id.value;

  await cluster.agent.crash();
  execFileSync('runc', ['--root', cluster.agent.runcRoot, 'kill', `plateau-${diesCid}`, 'KILL']);
  await waitFor(() => cluster.agent.runcContainers().get(`plateau-${diesCid}`) === 'stopped', { what: 'the killed container to stop' });
  cluster.fw.clearQueue();
  await cluster.agent.start();

  await untilState(cluster.fw, 'cni-dies', 'TASK_FAILED', 30_000);
  await waitFor(() => nets!.leases(NET).length === 1 && nets!.veths(bridge).length === 1, { what: "the dead container's lease and veth to be gone" });
  assert.equal(nets!.leases(NET), [liveIp], 'the live container keeps its address');
  assert.equal(nets!.rulesNaming(diesCid), []);
  const shown = JSON.stringify((await cluster.agent.get('/state')).frameworks);
  assert.ok(shown.includes(liveIp), 'the restarted agent still reports the live address');

  agentId = live.agent_id.value;
  await kill('cni-live');
  await waitFor(() => nets!.veths(bridge).length === 0 && nets!.leases(NET).length === 0, { what: 'the live container\'s veth and lease to go after its kill' });
});

real("a pod joins the network once: its tasks share the address, localhost and /etc/hosts", async () => {
  const executor = {
    type: 'DEFAULT',
    executor_id: { value: 'cni-pod' },
    resources: [{ name: 'cpus', type: 'SCALAR', scalar: { value: 0.1 } }, { name: 'mem', type: 'SCALAR', scalar: { value: 32 } }],
    container: { type: 'MESOS', network_infos: [{ name: NET }] },
  };
  const server = busyboxTask('pod-server', serve('pod-page'));
  // Exits 0 only when the page comes over localhost and over the pod's address, which /etc/hosts lists.
  const client = busyboxTask(
    'pod-client',
    'case "$MESOS_CONTAINER_IP" in 10.199.21.*) ;; *) exit 5;; esac; grep -q "^$MESOS_CONTAINER_IP " /etc/hosts || exit 4; ' +
      'for i in $(seq 1 100); do wget -q -O - http://localhost:8080/index.html && wget -q -O - "http://$MESOS_CONTAINER_IP:8080/index.html" && exit 0; sleep 0.1; done; exit 3',
  );
  await acceptNext(cluster.fw, (offer) => [{ type: 'LAUNCH_GROUP', launch_group: { executor, task_group: { tasks: [server, client].map((t) => ({ ...t, agent_id: offer.agent_id })) } } }]);
  const end = await toEnd('pod-client');
  assert.is(end.state, 'TASK_FINISHED', JSON.stringify(end));
  assert.is(nets!.veths(bridge).length, 1, 'one veth for the whole pod');
  const podIps = (end.container_status?.network_infos ?? []).flatMap((n: any) => (n.ip_addresses ?? []).map((a: any) => a.ip_address));
  assert.ok(podIps.length === 1 && /^10\.199\.21\./.test(podIps[0]), `a pod task's status carries the pod's address: ${JSON.stringify(end.container_status)}`);
  agentId = end.agent_id.value;
  await cluster.fw.mustCall({ type: 'KILL', kill: { task_id: { value: 'pod-server' }, agent_id: { value: agentId } } });
  await waitFor(() => nets!.veths(bridge).length === 0 && nets!.leases(NET).length === 0, { timeoutMs: 20_000, what: "the pod's veth and lease to go once it ends" });
});

real('a DOCKER container with network USER joins the named network; without a name it fails naming the field', async () => {
  const docker = (id: string, networks: unknown[]) => ({
    ...busyboxTask(id, 'case "$MESOS_CONTAINER_IP" in 10.199.21.*) ;; *) exit 5;; esac; ip -4 -o addr show eth0 | grep -q "inet $MESOS_CONTAINER_IP/24"'),
    container: { type: 'DOCKER', docker: { image: 'busybox', network: 'USER' }, network_infos: networks },
  });
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [docker('cni-docker', [{ name: NET }])])]);
  const end = await toEnd('cni-docker');
  assert.is(end.state, 'TASK_FINISHED', JSON.stringify(end));
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [docker('cni-docker-unnamed', [])])]);
  const unnamed = await toEnd('cni-docker-unnamed');
  assert.is(unnamed.state, 'TASK_FAILED', JSON.stringify(unnamed));
  assert.match(unnamed.message, /DockerInfo\.network USER needs ContainerInfo\.network_infos\[\]\.name/);
});

real('plateau task run --network NAME joins the network', async () => {
  // The CLI runs its own framework: this suite's goes first, so that the offers go to it.
  await cluster.fw.mustCall({ type: 'TEARDOWN' });
  cluster.fw.close();
  // Exits 0 only on the network: its address is the test subnet's, and eth0 holds it.
  const check = 'case "$MESOS_CONTAINER_IP" in 10.199.21.*) ;; *) exit 5;; esac; ip -4 -o addr show eth0 | grep -q "inet $MESOS_CONTAINER_IP/24"';
  const r = await cli(cluster.master.address, ['task', 'run', '--name', 'cli-cni', '--image', 'busybox', '--network', NET, '--', check]);
  assert.is(r.code, 0, describe(r));
  assert.match(r.stderr, /TASK_FINISHED/, describe(r));
  const host = await cli(cluster.master.address, ['task', 'run', '--name', 'cli-host', '--image', 'busybox', '--network', 'host', '--', check]);
  assert.is.not(host.code, 0, `on the host network the check fails: ${describe(host)}`);
});

test.run();
