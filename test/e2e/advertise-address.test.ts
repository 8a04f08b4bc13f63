// --advertise-ip / --advertise-port: a master and an agent that others reach at another address
// than the one they listen on (as behind NAT). Each listens on a port of its own and is reached
// through a TCP forwarder on another: the master publishes the forwarder's address in MasterInfo,
// the agent registers with the forwarder's port, and the master reaches the agent's API through
// it (its /proxy/agent/containers read goes through the forwarder). Bad values are refused.

import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort } from '@plateau/testkit/ports';
import { startProcess, type StartedProcess } from '@plateau/testkit/proc';
import { makeTempDir } from '@plateau/testkit/tmp';
import { waitFor } from '@plateau/testkit/wait';
import { operatorCall, request } from '../helpers/scheduler-client';
import { PLATEAU, REPO } from '../integration/agent-harness';
import { cli, describe } from './cli-helpers';

/** A TCP forwarder from a free port to `upstream`, counting the connections it carried. */
async function forwarder(upstreamPort: number): Promise<{ port: number; connections: () => number; close: () => void }> {
  let count = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    count++;
    const up = net.connect({ host: '127.0.0.1', port: upstreamPort });
    for (const s of [client, up]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(up).pipe(client);
    client.on('close', () => up.destroy());
    up.on('close', () => client.destroy());
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    connections: () => count,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

test('master and agent advertise the forwarded address; the master reaches the agent through it', async () => {
  const dir = makeTempDir('plateau-advertise-');
  const [masterPort, agentPort] = [await freePort(), await freePort()];
  const masterFwd = await forwarder(masterPort);
  const agentFwd = await forwarder(agentPort);
  const config = path.join(dir, 'plateau.yaml');
  fs.writeFileSync(
    config,
    [
      'cluster: advertise-test',
      `workDir: ${JSON.stringify(path.join(dir, 'work'))}`,
      'master:',
      `  listen: 127.0.0.1:${masterPort}`,
      '  contender: standalone',
      'agent:',
      `  listen: 127.0.0.1:${agentPort}`,
      `  master: 127.0.0.1:${masterPort}`,
      '  launcher: posix',
      'modules:',
      '  standalone: { use: contender-standalone }',
      '  posix: { use: launcher-posix }',
      '',
    ].join('\n'),
  );
  let master: StartedProcess | undefined;
  let agent: StartedProcess | undefined;
  try {
    master = startProcess(process.execPath, [PLATEAU, 'master', '--config', config, '--work-dir', path.join(dir, 'master'), '--advertise-ip', '127.0.0.1', '--advertise-port', String(masterFwd.port)], { cwd: REPO, name: 'master' });
    await master.waitForLine(/leading: serving/, 60_000);
    const info = (await operatorCall(`127.0.0.1:${masterPort}`, { type: 'GET_MASTER' })).get_master.master_info;
    assert.is(info.port, masterFwd.port, 'MasterInfo.port is the advertised port');
    assert.equal(info.address, { hostname: '127.0.0.1', ip: '127.0.0.1', port: masterFwd.port });
    assert.is(info.pid, `master@127.0.0.1:${masterFwd.port}`);

    agent = startProcess(process.execPath, [PLATEAU, 'agent', '--config', config, '--work-dir', path.join(dir, 'agent'), '--advertise-ip', '127.0.0.1', '--advertise-port', String(agentFwd.port)], { cwd: REPO, name: 'agent' });
    const registered = await waitFor(
      async () => {
        const s = JSON.parse((await request(`127.0.0.1:${masterPort}`, 'GET', '/master/state')).body);
        return s.slaves?.[0];
      },
      { timeoutMs: 60_000, what: 'the agent registered' },
    );
    assert.is(registered.port, agentFwd.port, 'the agent registered with its advertised port');
    assert.is(registered.pid, `slave(1)@127.0.0.1:${agentFwd.port}`);

    // The agent's own API says the same (GET_AGENT's AgentInfo, /state, GET_FLAGS).
    const getAgent = (await operatorCall(`127.0.0.1:${agentPort}`, { type: 'GET_AGENT' })).get_agent.agent_info;
    assert.equal([getAgent.hostname, getAgent.port], ['127.0.0.1', agentFwd.port]);
    const agentState = JSON.parse((await request(`127.0.0.1:${agentPort}`, 'GET', '/state')).body);
    assert.equal([agentState.pid, agentState.port], [`slave(1)@127.0.0.1:${agentFwd.port}`, agentFwd.port]);
    const flagList = (await operatorCall(`127.0.0.1:${agentPort}`, { type: 'GET_FLAGS' })).get_flags.flags as Array<{ name: string; value: string }>;
    const flags = Object.fromEntries(flagList.map((f) => [f.name, f.value]));
    assert.equal([flags.advertise_ip, flags.advertise_port, flags.port], ['127.0.0.1', String(agentFwd.port), String(agentPort)]);

    const before = agentFwd.connections();
    const containers = await request(`127.0.0.1:${masterPort}`, 'GET', `/proxy/agent/containers?agent=${encodeURIComponent(registered.id)}`);
    assert.is(containers.status, 200, containers.body);
    assert.ok(agentFwd.connections() > before, 'the master reached the agent at its advertised address');

    const bad = await cli(undefined, ['agent', '--config', config, '--advertise-ip', 'agent.example', '--work-dir', path.join(dir, 'bad')], 30_000);
    assert.is.not(bad.code, 0, describe(bad));
    assert.match(bad.stderr, /--advertise-ip: expected an IPv4 or IPv6 address, got 'agent\.example'/);
    const badPort = await cli(undefined, ['master', '--config', config, '--listen', `127.0.0.1:${await freePort()}`, '--advertise-port', '70000', '--work-dir', path.join(dir, 'bad')], 30_000);
    assert.is.not(badPort.code, 0, describe(badPort));
    assert.match(badPort.stderr, /--advertise-port: expected a port from 1 to 65535, got '70000'/);
  } finally {
    await agent?.stop('SIGTERM', 10_000).catch(() => undefined);
    await master?.stop('SIGTERM', 10_000).catch(() => undefined);
    masterFwd.close();
    agentFwd.close();
  }
});

test.run();
