// isolator-linux served over gRPC and dialed through the module host (the production wire path):
// the LaunchInfo part survives the proto round trip (uint64 rlimits, capability lists, the seccomp
// JSON), and coded errors keep their codes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ErrorCodes, type Isolator } from '@plateau/kernel';
import { withServedModule } from '@plateau/testkit/served-module';
import definition, { DEFAULT_CAPABILITIES, RLIM_INFINITY } from '../src/index';


test('prepare over gRPC: namespaces, capabilities, seccomp, rlimits (uint64 strings), nnp and errors cross the wire', async () => {
  const config = () => ({ allowedCapabilities: ['NET_ADMIN'], rlimits: [{ type: 'NOFILE', soft: 1024, hard: 4096 }] });
  await withServedModule<Isolator>(definition, 'isolator', 'linux', config, async (iso) => {
    const { launchInfo } = await iso.prepare({
      containerId: { value: 'wire1' },
      config: {
        containerInfoJson: JSON.stringify({ type: 'MESOS', linux_info: { effective_capabilities: { capabilities: ['NET_ADMIN'] } }, rlimit_info: { rlimits: [{ type: 'RLMT_CORE' }] } }),
        taskInfoJson: JSON.stringify({ name: 'wire-task', task_id: { value: 'wire-task' }, agent_id: { value: 'agent' } }),
      },
    });
    assert.ok(launchInfo);
    assert.equal(launchInfo.namespaces.map((n) => n.type), ['pid', 'ipc', 'uts', 'mount']);
    assert.equal(launchInfo.capabilities?.effective, ['CAP_NET_ADMIN']);
    assert.equal(launchInfo.rlimits, [
      { type: 'RLIMIT_NOFILE', soft: '1024', hard: '4096' },
      { type: 'RLIMIT_CORE', soft: RLIM_INFINITY, hard: RLIM_INFINITY },
    ]);
    assert.is(launchInfo.noNewPrivileges, true);
    assert.is(launchInfo.hostname, 'wire-task');
    assert.is(JSON.parse(launchInfo.seccompProfileJson).defaultAction, 'SCMP_ACT_ERRNO');
    const plain = await iso.prepare({ containerId: { value: 'wire2' }, config: {} });
    assert.equal(plain.launchInfo?.capabilities?.effective, [...DEFAULT_CAPABILITIES]);
    try {
      await iso.prepare({ containerId: { value: 'wire3' }, config: { containerInfoJson: JSON.stringify({ type: 'MESOS', linux_info: { effective_capabilities: { capabilities: ['SYS_ADMIN'] } } }) } });
      assert.unreachable('SYS_ADMIN is not allowed');
    } catch (err) {
      assert.is((err as { code?: string }).code, ErrorCodes.invalid);
      assert.match((err as Error).message, /CAP_SYS_ADMIN/);
    }
    const stats = await iso.usage({ containerId: { value: 'wire1' } });
    assert.ok(stats.timestamp > 0);
    await iso.cleanup({ containerId: { value: 'wire1' } });
    await iso.cleanup({ containerId: { value: 'wire2' } });
  });
});

test.run();
