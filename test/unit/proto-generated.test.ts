import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type KindInterfaces, type KindName, KINDS, type LaunchInfo, type LaunchInfo__Output, type Limitation__Output, type LimitationMessage as Limitation } from '@plateau/kernel';
import {
  PROTO_DIR,
  agentLinkService,
  healthService,
  kindService,
  messageType,
  methodsOf,
  moduleService,
  serviceDefinition,
} from '@plateau/kernel';

const REPO = path.resolve(__dirname, '../../..');

/** True only when A and B are the same type; a compile error otherwise. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

test('kernel/host/src/generated is up to date with kernel/host/proto (scripts/gen-proto.js --check)', () => {
  const r = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'gen-proto.js'), '--check'], {
    cwd: REPO,
    encoding: 'utf8',
  });
  assert.is(r.status, 0, `gen-proto --check failed:\n${r.stderr}${r.stdout}`);
});

test('every kind in KINDS loads, and its service has methods', () => {
  for (const [kind, spec] of Object.entries(KINDS)) {
    assert.ok(fs.existsSync(path.join(PROTO_DIR, spec.proto)), `${kind}: ${spec.proto} missing`);
    const service = kindService(kind as KindName);
    assert.is(serviceDefinition(spec.service, spec.proto), service, `${kind}: definition is cached`);
    const methods = methodsOf(service);
    assert.ok(methods.length > 0, `${kind}: ${spec.service} has no methods`);
    for (const m of methods) {
      assert.is(m.path, `/${spec.service}/${m.rpc}`, `${kind}: path of ${m.rpc}`);
      assert.is(m.name, m.rpc.charAt(0).toLowerCase() + m.rpc.slice(1));
      assert.not.ok(m.requestStream, `${kind}.${m.name}: kinds take no client streams`);
    }
  }
});

test('the generated KindInterfaces cover exactly the kinds in KINDS', () => {
  const same: Same<keyof KindInterfaces, KindName> = true;
  assert.ok(same);
});

test('kind services have the methods of architecture §4', () => {
  const names = (kind: KindName) => methodsOf(kindService(kind)).map((m) => m.name);
  const streams = (kind: KindName) => methodsOf(kindService(kind)).filter((m) => m.responseStream).map((m) => m.name);
  assert.equal(names('contender'), ['contend', 'withdraw']);
  assert.equal(streams('contender'), ['contend']);
  assert.equal(streams('detector'), ['detect']);
  assert.equal(names('registry'), ['get', 'apply', 'list']);
  assert.equal(names('launcher'), ['launch', 'start', 'wait', 'kill', 'destroy', 'recover', 'exec', 'execInput']);
  assert.equal(names('provisioner'), ['provision', 'destroy', 'recover', 'progress']);
  assert.equal(names('isolator'), ['recover', 'prepare', 'isolate', 'watch', 'update', 'usage', 'status', 'cleanup', 'supports']);
  assert.equal(streams('isolator'), ['watch']);
  assert.equal(names('hook'), ['masterLaunchTask', 'agentRunTask', 'agentPreLaunch', 'agentTaskStatus', 'agentResources', 'agentRemoveExecutor']);
  assert.equal(names('authenticator'), ['authenticate', 'issueToken']);
  assert.equal(names('authorizer'), ['authorized', 'authorizedMany']);
  assert.equal(names('secret-resolver'), ['resolve']);
});

test('Module, Health and the agent link load', () => {
  assert.equal(methodsOf(moduleService()).map((m) => m.name), ['describe', 'configure', 'start', 'stop']);
  const health = methodsOf(healthService());
  assert.equal(health.map((m) => `${m.name}:${m.responseStream}`), ['check:false', 'watch:true']);
  const [connect, ...rest] = methodsOf(agentLinkService());
  assert.equal(rest, []);
  assert.is(connect?.path, '/kernel.agent.v1.AgentLink/Connect');
  assert.ok(connect?.requestStream && connect.responseStream, 'Connect is bidirectional');
});

test('messages decode with the loader options the generated types assume', () => {
  const launch = messageType<LaunchInfo, LaunchInfo__Output>('kernel.container.v1.LaunchInfo', 'kernel/isolator/v1/isolator.proto');
  const info = launch.deserialize(launch.serialize({ cgroups: { memoryLimitBytes: 64 << 20 }, workingDir: '/srv' }));
  assert.is(info.cgroups?.memoryLimitBytes, String(64 << 20), 'int64 as string');
  assert.is(info.cgroups?.cpuShares, undefined, 'unset optional field stays unset');
  assert.equal(info.mounts, [], 'repeated fields default to []');
  assert.is(info.capabilities, null, 'unset message fields are null');
  assert.is(info.workingDir, '/srv');

  const limitation = messageType<Limitation, Limitation__Output>('kernel.isolator.v1.Limitation', 'kernel/isolator/v1/isolator.proto');
  const oom = limitation.deserialize(limitation.serialize({ reason: 'REASON_CONTAINER_LIMITATION_MEMORY', message: 'oom' }));
  assert.is(oom.reason, 'REASON_CONTAINER_LIMITATION_MEMORY', 'enums as names');
});

test.run();
