import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { KINDS, type KindName } from '@plateau/kernel';
import { ScaffoldError } from './scaffold-error';
import { kernelDir } from './ts-package';

// Every module serves these besides its kind (kernel/host/src/contract/kinds.ts names them too).
const MODULE_PROTO = 'kernel/module/v1/module.proto';
const HEALTH_PROTO = 'grpc/health/v1/health.proto';

/** The kinds a template serves besides its own (its `provides`). */
const TEMPLATE_PROVIDES: Partial<Record<KindName, KindName[]>> = { contender: ['detector'] };

/** Debian's python3 with python3-grpcio and python3-grpc-tools (scripts/setup.js installs them). */
export const PYTHON = '/usr/bin/python3';

/** The kind's proto, the protos it imports (transitively), module.v1 and health: paths under the proto root. */
export function protosFor(kind: KindName, root = join(kernelDir(), 'proto')): { all: string[]; services: string[] } {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const path = join(root, file);
    if (!existsSync(path)) throw new ScaffoldError(`proto ${file} not found under ${root}`);
    seen.add(file);
    for (const m of readFileSync(path, 'utf8').matchAll(/^import\s+"([^"]+)";/gm)) visit(m[1]!);
  };
  const served = [kind, ...(TEMPLATE_PROVIDES[kind] ?? [])].map((k) => KINDS[k].proto);
  for (const f of [...served, MODULE_PROTO, HEALTH_PROTO]) visit(f);
  // The health proto gets messages only: its service stub would import the grpc package's name.
  return { all: [...seen].sort(), services: [...served, MODULE_PROTO] };
}

/**
 * Copies the protos into `<dir>/proto`, fills in regen-stubs.sh, and runs it: the Python message
 * classes and service stubs land in `<dir>/stubs`. Returns the files written there (relative).
 */
export function generatePythonStubs(dir: string, kind: string): string[] {
  const { all, services } = protosFor(kind as KindName);
  const root = join(kernelDir(), 'proto');
  for (const f of all) {
    mkdirSync(dirname(join(dir, 'proto', f)), { recursive: true });
    copyFileSync(join(root, f), join(dir, 'proto', f));
  }
  const script = join(dir, 'regen-stubs.sh');
  writeFileSync(script, readFileSync(script, 'utf8').replace('@ALL_PROTOS@', all.join(' ')).replace('@SERVICE_PROTOS@', services.join(' ')));
  if (!existsSync(PYTHON)) throw new ScaffoldError(`${PYTHON} not found: install Debian's python3, python3-grpcio and python3-grpc-tools (apt-get install python3-grpcio python3-grpc-tools)`);
  const r = spawnSync('/bin/sh', [script], { encoding: 'utf8' });
  if (r.status !== 0) {
    const why = `${r.stderr ?? ''}${r.error?.message ?? ''}`.trim();
    const hint = /No module named .?grpc_tools/.test(why) ? ' (apt-get install python3-grpc-tools)' : '';
    throw new ScaffoldError(`generating the Python stubs failed${hint}: ${why}`);
  }
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(join(dir, 'stubs'));
  for (const f of all) out.push(join('proto', f));
  return out;
}
