import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/** The `kernel` field of a module package's package.json. */
export interface KernelMeta {
  kind: string;
  name: string;
  provides?: string[];
  /** For modules that are not TypeScript packages: how to start the binary (args relative to the package). */
  exec?: { path: string; args?: string[] };
  /**
   * Conformance settings: `config` is the module's config in the runs; `needs` names a real service
   * the runner starts for the module first ("zookeeper", "etcd"), whose addresses fill the config's
   * placeholders (`${ZK_SERVERS}`, `${ETCD_ENDPOINTS}`, and always `${MODULE_DIR}`: see open.ts).
   */
  conformance?: { config?: Record<string, unknown>; needs?: string | string[] };
}

/** A module package found in the repository. */
export interface FoundModule {
  dir: string;
  packageName: string;
  meta: KernelMeta;
  /** Compiled entry (main) of a TypeScript package, if it is one. */
  main?: string;
  /** The module binary a TypeScript package ships (first `bin`). */
  bin?: string;
}

/** The repository root (test/lib/conformance → ../../..); PLATEAU_CONFORMANCE_ROOT points elsewhere (runner tests). */
export const REPO_ROOT = process.env.PLATEAU_CONFORMANCE_ROOT
  ? resolve(process.env.PLATEAU_CONFORMANCE_ROOT)
  : resolve(__dirname, '..', '..', '..');

/** Every modules/* and examples/* package whose package.json has a `kernel` field. */
export function discoverModules(root = REPO_ROOT): FoundModule[] {
  const found: FoundModule[] = [];
  for (const area of ['modules', 'examples']) {
    const base = join(root, area);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base).sort()) {
      const pkgFile = join(base, name, 'package.json');
      if (!existsSync(pkgFile)) continue;
      const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { name: string; main?: string; bin?: Record<string, string>; kernel?: KernelMeta };
      if (!pkg.kernel) continue;
      const dir = join(base, name);
      const bin = pkg.bin ? Object.values(pkg.bin)[0] : undefined;
      found.push({ dir, packageName: pkg.name, meta: pkg.kernel, main: pkg.main && join(dir, pkg.main), bin: bin && join(dir, bin) });
    }
  }
  return found;
}

/** How to spawn the module: its own exec, or node on its bin. */
export function execOf(m: FoundModule): { path: string; args: string[]; cwd: string } | undefined {
  if (m.meta.exec) {
    const args = (m.meta.exec.args ?? []).map((a) => (a.endsWith('.py') || a.startsWith('./') ? (isAbsolute(a) ? a : join(m.dir, a)) : a));
    return { path: m.meta.exec.path, args, cwd: m.dir };
  }
  if (m.bin) return { path: process.execPath, args: [m.bin], cwd: m.dir };
  return undefined;
}
