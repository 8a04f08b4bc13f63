import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { buildBusyboxImage } from '@plateau/testkit/images';
import { cleanupLater } from '@plateau/testkit/tmp';
import type { ConformanceSuite } from '@plateau/conformance';

interface ProvisionerApi {
  provision(req: { containerId: { value: string }; image: { name: string } }): Promise<{ rootfs: string; config: { entrypoint: string[]; cmd: string[] } | null }>;
  destroy(req: { containerId: { value: string } }): Promise<{ destroyed: boolean }>;
  recover(req: { known: Array<{ value: string }> }): Promise<unknown>;
}

let layout: Promise<string> | undefined;
/** One busybox image in a local OCI layout, built once per run from Debian's busybox-static. */
function busyboxLayout(): Promise<string> {
  layout ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plateau-conf-image-'));
    cleanupLater(dir);
    await buildBusyboxImage(join(dir, 'layout'));
    return join(dir, 'layout');
  })();
  return layout;
}

const id = (t: string) => ({ value: `conf-${t}-${process.pid}` });

async function rejectsWith(p: Promise<unknown>, code: string): Promise<void> {
  try {
    await p;
  } catch (err) {
    assert.is((err as { code?: string }).code, code, (err as Error).message);
    return;
  }
  assert.unreachable(`expected ${code}`);
}

/** The provisioner contract: image → runnable rootfs, idempotent per container, destroy and recover clean up. */
export const provisionerSuite: ConformanceSuite<ProvisionerApi> = (test) => {
  test('provisioner: a local OCI image becomes a rootfs holding its files', async ({ h }) => {
    const image = { name: `oci:${await busyboxLayout()}:latest` };
    const r = await h.instance.provision({ containerId: id('a'), image });
    try {
      assert.ok(existsSync(join(r.rootfs, 'bin', 'busybox')), `no bin/busybox in ${r.rootfs}`);
      const again = await h.instance.provision({ containerId: id('a'), image });
      assert.is(again.rootfs, r.rootfs, 'provisioning the same container twice gives the same rootfs');
    } finally {
      await h.instance.destroy({ containerId: id('a') });
    }
    assert.not.ok(existsSync(r.rootfs), 'destroy removes the rootfs');
  });

  test('provisioner: destroying an unknown container answers destroyed=false', async ({ h }) => {
    const r = await h.instance.destroy({ containerId: id('never') });
    assert.is(r.destroyed, false);
  });

  test('provisioner: recover removes rootfs of containers nobody knows', async ({ h }) => {
    const image = { name: `oci:${await busyboxLayout()}:latest` };
    const keep = await h.instance.provision({ containerId: id('keep'), image });
    const drop = await h.instance.provision({ containerId: id('drop'), image });
    try {
      await h.instance.recover({ known: [id('keep')] });
      assert.ok(existsSync(keep.rootfs), 'known container keeps its rootfs');
      assert.not.ok(existsSync(drop.rootfs), 'unknown container loses its rootfs');
    } finally {
      await h.instance.destroy({ containerId: id('keep') });
      await h.instance.destroy({ containerId: id('drop') });
    }
  });

  test('provisioner: a missing image is NOT_FOUND, a bad container id INVALID', async ({ h }) => {
    await rejectsWith(h.instance.provision({ containerId: id('missing'), image: { name: `oci:${await busyboxLayout()}:no-such-tag` } }), 'PLT_ERR_NOT_FOUND');
    await rejectsWith(h.instance.provision({ containerId: { value: '../escape' }, image: { name: 'busybox' } }), 'PLT_ERR_INVALID');
  });
};
