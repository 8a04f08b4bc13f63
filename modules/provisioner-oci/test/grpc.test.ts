// provisioner-oci served over gRPC and dialed through the module host (the production wire path):
// the rootfs and image config survive the proto round trip, coded errors keep their codes.
import * as fs from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ModuleHost, type Provisioner, startModuleServer } from '@plateau/kernel';
import definition from '../src/index';
import { images, printSkip, tmp, toolsMissing } from './shared';

const log = pino({ level: 'silent' });

test('provision, destroy and recover over gRPC', async () => {
  const missing = await toolsMissing();
  if (missing) return printSkip('provisioner-oci over gRPC', missing);
  const dir = tmp.makeTempDir('plateau-oci-grpc-');
  const layout = join(dir, 'layout');
  const image = await images.buildBusyboxImage(layout, { tag: 'v1', labels: { team: 'wire' }, cmd: ['/bin/true'] });
  const store = join(dir, 'store');
  const server = await startModuleServer(definition, { address: `unix://${join(dir, 'm.sock')}`, log });
  const host = new ModuleHost({
    modules: { oci: { kind: 'provisioner', name: 'oci', endpoint: server.target, config: { storeDir: store, localImages: { busybox: `oci:${layout}:v1` } } } },
    workDir: dir,
    logger: log,
  });
  let p: Provisioner | undefined;
  try {
    host.load();
    await host.start();
    p = host.instance('oci') as Provisioner;
    const res = await p.provision({ containerId: { value: 'wire-1' }, image: { name: 'busybox' } });
    assert.is(res.rootfs, join(store, 'containers/wire-1/rootfs'));
    assert.ok(fs.statSync(join(res.rootfs, 'bin/busybox')).isFile());
    assert.equal(res.config?.cmd, ['/bin/true']);
    assert.equal(res.config?.labels, [{ key: 'team', value: 'wire' }]);
    assert.is(res.config?.digest, image.configDigest);
    const missing = await p.provision({ containerId: { value: 'wire-2' }, image: { name: `oci:${layout}:nope` } }).catch((e: unknown) => e);
    assert.is((missing as { code?: string }).code, 'PLT_ERR_NOT_FOUND', String(missing));
    const bad = await p.provision({ containerId: { value: 'no/slash' }, image: { name: 'busybox' } }).catch((e: unknown) => e);
    assert.is((bad as { code?: string }).code, 'PLT_ERR_INVALID', String(bad));
    await p.provision({ containerId: { value: 'wire-3' }, image: { name: 'busybox' } });
    assert.equal(await p.recover({ known: [{ value: 'wire-1' }] }), {});
    assert.not.ok(fs.existsSync(join(store, 'containers/wire-3')), 'unknown container dropped by recover');
    assert.equal(await p.destroy({ containerId: { value: 'wire-1' } }), { destroyed: true });
    assert.equal(await p.destroy({ containerId: { value: 'wire-1' } }), { destroyed: false });
  } finally {
    await p?.recover({ known: [] }).catch(() => undefined);
    await host.stop(5000);
    await server.close(2000);
  }
});

test.run();
