// isolator-gpu served over gRPC and dialed through the module host: devices and environment cross
// the wire, BusyError keeps its code, and Status without a container id carries the gpus count.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ErrorCodes, type Isolator } from '@plateau/kernel';
import { ModuleHost } from '@plateau/kernel/lib/host/host';
import { startModuleServer } from '@plateau/kernel/lib/remote/module-server';
import definition, { RESOURCES_STATUS_NAME } from '../src/index';

const log = pino({ level: 'silent' });

test('over gRPC: assignment, devices, BusyError and the gpus count in Status', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'plateau-gpu-grpc-'));
  const server = await startModuleServer(definition, { address: `unix://${join(dir, 'm.sock')}`, log });
  const devices = [0, 1].map((i) => ({ index: i, path: `/dev/nvidia${i}`, major: 195, minor: i, uuid: `GPU-w${i}` }));
  const host = new ModuleHost({
    modules: { gpu: { kind: 'isolator', name: 'gpu', endpoint: server.target, config: { devices, devDir: join(dir, 'nodev'), procDir: join(dir, 'noproc') } } },
    workDir: dir,
    logger: log,
  });
  try {
    host.load();
    await host.start();
    const iso = host.instance('gpu') as Isolator;
    const status = await iso.status({});
    assert.equal(status.networkInfos, [{ name: RESOURCES_STATUS_NAME, ipAddresses: [{ protocol: 'gpus', ipAddress: '2' }] }]);
    const { launchInfo } = await iso.prepare({ containerId: { value: 'g1' }, config: { resources: [{ name: 'gpus', scalar: 2 }] } });
    assert.equal(launchInfo?.devices.map((d) => [d.path, d.major, d.minor, d.access]), [['/dev/nvidia0', 195, 0, 'rwm'], ['/dev/nvidia1', 195, 1, 'rwm']]);
    assert.equal(launchInfo?.environment, [{ name: 'NVIDIA_VISIBLE_DEVICES', value: 'GPU-w0,GPU-w1' }]);
    try {
      await iso.prepare({ containerId: { value: 'g2' }, config: { resources: [{ name: 'gpus', scalar: 1 }] } });
      assert.unreachable('no GPU left');
    } catch (err) {
      assert.is((err as { code?: string }).code, ErrorCodes.busy);
    }
    const none = await iso.prepare({ containerId: { value: 'g3' }, config: {} });
    assert.is(none.launchInfo, null);
    await iso.cleanup({ containerId: { value: 'g1' } });
    await iso.cleanup({ containerId: { value: 'g3' } });
  } finally {
    await host.stop(5000);
    await server.close(2000);
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
