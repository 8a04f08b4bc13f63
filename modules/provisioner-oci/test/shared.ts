import { join, resolve } from 'node:path';
import * as images from '@plateau/testkit/images';
import * as proc from '@plateau/testkit/proc';
import * as registry from '@plateau/testkit/registry';
import * as tmp from '@plateau/testkit/tmp';
export { printSkip, testUnless } from '@plateau/testkit/skip';
import type { Logger } from '@plateau/kernel';
import { OciProvisioner, withDefaults, type OciConfig } from '../src/index';

/** Repository root. */
export const ROOT = resolve(__dirname, '..', '..', '..', '..');

export { images, proc, registry, tmp };

/** A logger that keeps what is logged (pino's shape, as far as the provisioner uses it). */
export function memoryLogger(): Logger & { lines: { level: string; obj: unknown; msg?: string }[] } {
  const lines: { level: string; obj: unknown; msg?: string }[] = [];
  const at = (level: string) => (obj: unknown, msg?: string) => {
    lines.push({ level, obj, msg });
    if (process.env.PLATEAU_TEST_ECHO === '1') process.stderr.write(`${level} ${msg ?? ''} ${JSON.stringify(obj)}\n`);
  };
  const log = { lines, trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), fatal: at('fatal') };
  return log as unknown as Logger & { lines: typeof lines };
}

/** A provisioner over a fresh store in a temp dir (removed at exit; destroy containers yourself). */
export async function newProvisioner(config: Partial<OciConfig> = {}, storeDir?: string): Promise<{ p: OciProvisioner; log: ReturnType<typeof memoryLogger>; store: string }> {
  const store = storeDir ?? join(tmp.makeTempDir('plateau-oci-store-'), 'store');
  const log = memoryLogger();
  const p = new OciProvisioner(withDefaults(config), log, store);
  await p.init();
  return { p, log, store };
}

/** Destroys every container rootfs under the provisioner's store (for finally blocks). */
export async function destroyAll(p: OciProvisioner): Promise<void> {
  await p.recover({ known: [] }).catch((err: unknown) => process.stderr.write(`cleanup: ${String(err)}\n`));
}

/** Why the tools the tests need are missing here, or undefined when they are all here. */
export async function toolsMissing(need: { registry?: boolean } = {}): Promise<string | undefined> {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'needs root (overlay mounts, chown of image files)';
  if (!(await images.imageToolsAvailable())) return 'umoci and skopeo are not installed (apt-get install umoci skopeo)';
  if (need.registry && !registry.registryAvailable()) return 'docker-registry is not installed (apt-get install docker-registry)';
  return undefined;
}
