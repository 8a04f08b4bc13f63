// isolator-gpu served over gRPC and dialed through the module host: devices and environment cross
// the wire, BusyError keeps its code, and Status without a container id carries the gpus count.
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ErrorCodes, type Isolator } from '@plateau/kernel';
import { withServedModule } from '@plateau/testkit/served-module';
import definition, { RESOURCES_STATUS_NAME } from '../src/index';


test('over gRPC: assignment, devices, BusyError and the gpus count in Status', async () => {
  const devices = [0, 1].map((i) => ({ index: i, path: `/dev/nvidia${i}`, major: 195, minor: i, uuid: `GPU-w${i}` }));
  const config = (dir: string) => ({ devices, devDir: join(dir, 'nodev'), procDir: join(dir, 'noproc') });
  await withServedModule<Isolator>(definition, 'isolator', 'gpu', config, async (iso) => {
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
  });
});

test.run();
