// Maintenance and draining calls are authorized with Mesos's action names through the built-in
// authorizer (authz-acl, Mesos ACLs from a file) on a real master: ops may update the schedule,
// start maintenance and drain/deactivate/reactivate agents; alice is refused with 403 naming the
// action, and GET_MAINTENANCE_SCHEDULE / GET_MAINTENANCE_STATUS show her only the machines she may
// see (none).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SimFleet } from '@plateau/cli';
import { makeTempDir } from '@plateau/testkit/tmp';
import { request } from '../helpers/scheduler-client';
import { startAgents, startMaster, type MasterProcess } from './master-harness';

const basic = (user: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${user}-pw`).toString('base64')}` });
const OPS = [{ principals: { values: ['ops'] }, machines: { type: 'ANY' } }];
const OPS_AGENTS = [{ principals: { values: ['ops'] }, agents: { type: 'ANY' } }];
const ACLS = {
  permissive: false,
  register_agents: [{ principals: { type: 'ANY' }, agents: { type: 'ANY' } }],
  view_agents: [{ principals: { type: 'ANY' }, agents: { type: 'ANY' } }],
  update_maintenance_schedules: OPS,
  get_maintenance_schedules: OPS,
  get_maintenance_statuses: OPS,
  start_maintenances: OPS,
  stop_maintenances: OPS,
  drain_agents: OPS_AGENTS,
  deactivate_agents: OPS_AGENTS,
  reactivate_agents: OPS_AGENTS,
};

let master: MasterProcess | undefined;
let fleet: SimFleet | undefined;

test.after(async () => {
  fleet?.stop();
  await master?.stop();
});

test('maintenance and draining are authorized with Mesos action names', async () => {
  const dir = makeTempDir('plateau-maint-authz-');
  const aclsFile = path.join(dir, 'acls.json');
  fs.writeFileSync(aclsFile, JSON.stringify(ACLS, null, 2));
  const credentials = ['alice', 'ops'].map((p) => ({ principal: p, secret: `${p}-pw` }));
  master = await startMaster({
    masterLines: ['  authenticator: authn', '  authorizer: acl'],
    moduleLines: [`  authn: { use: authn-basic, config: { credentials: ${JSON.stringify(credentials)} } }`, `  acl: { use: authz-acl, config: { aclsFile: ${JSON.stringify(aclsFile)} } }`],
  });
  fleet = await startAgents(master.address, 1);
  const as = (user: string, call: Record<string, unknown>) => request(master!.address, 'POST', '/api/v1', call, basic(user));
  const windows = [{ machine_ids: [{ hostname: 'sim-agent-0' }], unavailability: { start: { nanoseconds: '1000000000' } } }];
  const update = { type: 'UPDATE_MAINTENANCE_SCHEDULE', update_maintenance_schedule: { schedule: { windows } } };

  const refused = await as('alice', update);
  assert.is(refused.status, 403, refused.body);
  assert.match(refused.body, /UPDATE_MAINTENANCE_SCHEDULE/);
  assert.is((await as('ops', update)).status, 200);

  const read = async (user: string, type: string) => JSON.parse((await as(user, { type })).body);
  assert.is((await read('ops', 'GET_MAINTENANCE_SCHEDULE')).get_maintenance_schedule.schedule.windows.length, 1);
  assert.equal((await read('alice', 'GET_MAINTENANCE_SCHEDULE')).get_maintenance_schedule.schedule, {}, 'alice sees no machine');
  assert.is((await read('ops', 'GET_MAINTENANCE_STATUS')).get_maintenance_status.status.draining_machines.length, 1);
  assert.equal((await read('alice', 'GET_MAINTENANCE_STATUS')).get_maintenance_status.status, {});

  const start = { type: 'START_MAINTENANCE', start_maintenance: { machines: [{ hostname: 'sim-agent-0' }] } };
  const startRefused = await as('alice', start);
  assert.is(startRefused.status, 403, startRefused.body);
  assert.match(startRefused.body, /START_MAINTENANCE/);

  const agents = JSON.parse((await as('ops', { type: 'GET_AGENTS' })).body).get_agents.agents;
  const agentId = { value: agents[0].agent_info.id.value };
  for (const [type, field] of [['DEACTIVATE_AGENT', 'deactivate_agent'], ['REACTIVATE_AGENT', 'reactivate_agent'], ['DRAIN_AGENT', 'drain_agent']] as const) {
    const r = await as('alice', { type, [field]: { agent_id: agentId } });
    assert.is(r.status, 403, `${type} by alice: ${r.status} ${r.body}`);
    assert.match(r.body, type);
  }
  assert.is((await as('ops', { type: 'DEACTIVATE_AGENT', deactivate_agent: { agent_id: agentId } })).status, 200);
  assert.is((await as('ops', { type: 'REACTIVATE_AGENT', reactivate_agent: { agent_id: agentId } })).status, 200);
  assert.is((await as('ops', start)).status, 200);
  const stopRefused = await as('alice', { type: 'STOP_MAINTENANCE', stop_maintenance: { machines: [{ hostname: 'sim-agent-0' }] } });
  assert.is(stopRefused.status, 403, stopRefused.body);
  assert.is((await as('ops', { type: 'STOP_MAINTENANCE', stop_maintenance: { machines: [{ hostname: 'sim-agent-0' }] } })).status, 200);
});

test.run();
