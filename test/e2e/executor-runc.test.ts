// A custom executor in a real, isolated container: the runc launcher with the cgroups, linux and
// disk isolators runs the executor's command in a busybox image. The executor is a busybox shell
// script speaking the executor HTTP API (nc for the SUBSCRIBE event stream, wget for UPDATE): it
// subscribes to MESOS_AGENT_ENDPOINT, takes its LAUNCH, and reports TASK_RUNNING and
// TASK_FINISHED, which reach the framework; its container is destroyed once it exits.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  acceptNext,
  nextStatus,
  realCluster,
  taskResources,
  waitFor,
} from '../integration/agent-harness';

const cluster = realCluster(test, { framework: 'runc-executor' });

/** The executor: busybox sh, nc and wget. */
const SCRIPT = String.raw`
EP=$MESOS_AGENT_ENDPOINT
IDS="\"framework_id\":{\"value\":\"$MESOS_FRAMEWORK_ID\"},\"executor_id\":{\"value\":\"$MESOS_EXECUTOR_ID\"}"
echo "executor in pid namespace: pid1 is $(cat /proc/1/cmdline | tr '\0' ' ')"
update() {
  U=$(head -c 16 /dev/urandom | base64)
  wget -q -O /dev/null --header 'Content-Type: application/json' \
    --post-data "{$IDS,\"type\":\"UPDATE\",\"update\":{\"status\":{\"task_id\":{\"value\":\"$1\"},\"state\":\"$2\",\"uuid\":\"$U\",\"message\":\"$3\"}}}" \
    "http://$EP/api/v1/executor"
}
BODY="{$IDS,\"type\":\"SUBSCRIBE\",\"subscribe\":{}}"
{ printf 'POST /api/v1/executor HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: %s\r\n\r\n%s' "$EP" "$` + '{#BODY}' + String.raw`" "$BODY"; sleep 3600; } | nc "$` + '{EP%:*}' + String.raw`" "$` + '{EP##*:}' + String.raw`" > events &
n=0
until grep -q '"type":"LAUNCH"' events 2>/dev/null; do n=$((n+1)); [ $n -gt 300 ] && exit 9; sleep 0.1; done
T=$(grep -o '"launch":{"task":{[^}]*"task_id":{"value":"[^"]*"' events | head -1 | sed 's/.*"value":"//; s/"$//')
echo "launching $T"
update "$T" TASK_RUNNING "running in $(hostname)"
sleep 0.3
update "$T" TASK_FINISHED "finished in $(hostname)"
until grep -q '"type":"ACKNOWLEDGED"' events; do sleep 0.1; done
echo "done"
`;

const { real } = cluster;

real('a custom executor runs in a runc container from the busybox image, subscribes, and its TASK_RUNNING and TASK_FINISHED reach the framework', async () => {
  const executor = {
    type: 'CUSTOM',
    executor_id: { value: 'sh-exec' },
    name: 'busybox shell executor',
    command: { shell: true, value: SCRIPT },
    container: { type: 'MESOS', mesos: { image: { type: 'DOCKER', docker: { name: 'busybox' } } } },
    resources: (taskResources(0.1, 32) as Record<string, unknown>[]).map((r) => ({ ...r, allocation_info: { role: '*' } })),
  };
  await acceptNext(cluster.fw, (offer) => [
    { type: 'LAUNCH', launch: { task_infos: [{ name: 'sh-task', task_id: { value: 'sh-task' }, agent_id: offer.agent_id, resources: taskResources(0.1, 32), executor }] } },
  ]);
  const running = await nextStatus(cluster.fw, 'sh-task');
  assert.is(running.state, 'TASK_RUNNING', JSON.stringify(running));
  assert.is(running.source, 'SOURCE_EXECUTOR');
  const containerId = running.container_status.container_id.value;
  const done = await nextStatus(cluster.fw, 'sh-task');
  assert.is(done.state, 'TASK_FINISHED', JSON.stringify(done));
  assert.match(done.message, /^finished in /);

  const sandbox = cluster.agent.sandbox(running.agent_id.value, cluster.fw.frameworkId, 'sh-exec', containerId);
  await waitFor(() => !cluster.agent.runcContainers().has(`plateau-${containerId}`) && !cluster.agent.hasCgroup(containerId), { what: 'the executor container to be destroyed once it exited' });
  const out = fs.readFileSync(path.join(sandbox, 'stdout'), 'utf8');
  assert.match(out, /executor in pid namespace: pid1 is /);
  assert.match(out, /pid1 is (\S*(tini|catatonit|plateau-init)\S* (-\S* )*)?\/bin\/sh -c /, `pid 1 of its pid namespace is its own command (or the static init before it): ${out.slice(0, 200)}`);
  assert.match(out, /launching sh-task\n/);
  assert.match(out, /done\n/);
  const events = fs.readFileSync(path.join(sandbox, 'events'), 'utf8');
  assert.match(events, /"type":"SUBSCRIBED"/);
  assert.match(events, /"type":"LAUNCH"/);
});

test.run();
