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
  progress?(req: { containerId: { value: string } }): AsyncIterable<PullEvent>;
}

interface PullEvent {
  image: string;
  layer: string;
  phase: string;
  bytesDone: number;
  bytesTotal: number;
}

const PHASES = ['cached', 'downloading', 'unpacking', 'done'];

/** Reads a Progress stream to its end in the background: its events, or why it failed. */
function follow(stream: AsyncIterable<PullEvent>): { events: PullEvent[]; ended: Promise<{ error?: { code?: string; message: string } }> } {
  const events: PullEvent[] = [];
  const ended = (async () => {
    try {
      for await (const e of stream) events.push(e);
      return {};
    } catch (err) {
      return { error: err as { code?: string; message: string } };
    }
  })();
  return { events, ended };
}

/** `p`, or a failure naming `what` after `ms`. */
async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)));
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
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

  test('provisioner: Progress follows a Provision and ends when it returns (optional: UNSUPPORTED is fine)', async ({ h }) => {
    const image = { name: `oci:${await busyboxLayout()}:latest` };
    if (typeof h.instance.progress !== 'function') return; // left out in process: nothing to check
    const watch = follow(h.instance.progress({ containerId: id('prog') }));
    try {
      // Opened before Provision: the stream waits for it rather than ending.
      await new Promise((r) => setTimeout(r, 100));
      await h.instance.provision({ containerId: id('prog'), image });
      const end = await within(watch.ended, 5000, 'the Progress stream ends once Provision returned');
      if (end.error?.code === 'PLT_ERR_UNSUPPORTED') return;
      assert.is(end.error, undefined, `Progress failed: ${end.error?.message}`);
      for (const e of watch.events) {
        assert.ok(PHASES.includes(e.phase), `phase '${e.phase}' is one of ${PHASES.join(', ')}`);
        assert.ok(e.layer, 'every event names its layer');
        assert.ok(e.bytesTotal === 0 || e.bytesDone <= e.bytesTotal, `bytesDone ${e.bytesDone} <= bytesTotal ${e.bytesTotal}`);
      }
      // The rootfs is there and nothing is in flight: a new stream ends at once.
      const again = follow(h.instance.progress({ containerId: id('prog') }));
      const second = await within(again.ended, 5000, 'Progress of a provisioned container ends at once');
      assert.is(second.error, undefined, `Progress failed: ${second.error?.message}`);
      const bad = await within(follow(h.instance.progress({ containerId: { value: '../escape' } })).ended, 5000, 'Progress of a bad id fails');
      assert.is(bad.error?.code, 'PLT_ERR_INVALID', 'a bad container id is INVALID');
    } finally {
      await h.instance.destroy({ containerId: id('prog') });
    }
  });

  test('provisioner: a missing image is NOT_FOUND, a bad container id INVALID', async ({ h }) => {
    await rejectsWith(h.instance.provision({ containerId: id('missing'), image: { name: `oci:${await busyboxLayout()}:no-such-tag` } }), 'PLT_ERR_NOT_FOUND');
    await rejectsWith(h.instance.provision({ containerId: { value: '../escape' }, image: { name: 'busybox' } }), 'PLT_ERR_INVALID');
  });
};
