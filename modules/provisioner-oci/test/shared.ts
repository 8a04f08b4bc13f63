import * as fs from 'node:fs';
import { join, resolve } from 'node:path';
import type * as ImagesModule from '../../../test/helpers/images';
import type * as ProcModule from '../../../test/helpers/proc';
import type * as RegistryModule from '../../../test/helpers/registry';
import type * as TmpModule from '../../../test/helpers/tmp';
import type { Logger } from '@plateau/kernel';
import { OciProvisioner, withDefaults, type OciConfig } from '../src/index';

// The repository's shared test helpers (test/helpers), loaded from their compiled output: this
// file runs from modules/provisioner-oci/lib/test, the helpers' types come through the project
// reference to test/.

/** Repository root. */
export const ROOT = resolve(__dirname, '..', '..', '..', '..');

function helper<T>(name: string): T {
  const file = join(ROOT, 'test', 'lib', 'helpers', `${name}.js`);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: build the repository first (npx tsc -b)`);
  return require(file) as T;
}

export const images = helper<typeof ImagesModule>('images');
export const registry = helper<typeof RegistryModule>('registry');
export const tmp = helper<typeof TmpModule>('tmp');
export const proc = helper<typeof ProcModule>('proc');

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

/** Whether the tools the tests need are here; prints SKIP lines otherwise. */
export async function toolsOrSkip(title: string, need: { registry?: boolean } = {}): Promise<boolean> {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    console.log(`SKIP ${title}: needs root (overlay mounts, chown of image files)`);
    return false;
  }
  if (!(await images.imageToolsAvailable())) {
    console.log(`SKIP ${title}: umoci and skopeo are not installed (apt-get install umoci skopeo)`);
    return false;
  }
  if (need.registry && !registry.registryAvailable()) {
    console.log(`SKIP ${title}: docker-registry is not installed (apt-get install docker-registry)`);
    return false;
  }
  return true;
}
