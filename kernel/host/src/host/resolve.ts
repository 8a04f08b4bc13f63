import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { EntryError, ErrorCodes } from '../contract/errors';
import { definitionOf, isModuleDefinition, type ModuleDefinition } from '../contract/module';

/**
 * loadUse: loads the module definition a `use:` names, and says which file it loaded (a module
 * thread loads that same file again). A path (`./in-house/quota`, absolute)
 * is taken relative to the config file; a bare name is a built-in (`contender-standalone` →
 * `@plateau/contender-standalone`) or any installed npm package exporting a definition.
 */
export function loadUse(use: string, configFile: string | undefined, where: readonly string[]): { def: ModuleDefinition; file: string } {
  const base = configFile ? dirname(resolve(configFile)) : process.cwd();
  const isPath = use.startsWith('.') || isAbsolute(use);
  const candidates = isPath ? [resolve(base, use)] : [`@plateau/${use}`, use];
  let found: string | undefined;
  for (const c of candidates) {
    try {
      found = require.resolve(c, { paths: [base, process.cwd(), __dirname] });
      break;
    } catch {
      /* try the next one */
    }
  }
  if (!found) {
    const looked = isPath ? candidates[0] : `built-in '@plateau/${use}' or npm package '${use}'`;
    const unbuilt = isPath ? unbuiltMain(candidates[0]!) : undefined;
    const hint = unbuilt ? `; its package.json names main ${unbuilt}, which is not there: build the package first (npm run build)` : '';
    throw new EntryError(ErrorCodes.moduleUnknown, where, `unknown module '${use}' (looked for ${looked})${hint}`);
  }
  let exported: unknown;
  try {
    exported = require(found);
  } catch (err) {
    throw new EntryError(ErrorCodes.moduleInvalid, where, `module '${use}' (${found}) failed to load: ${(err as Error).message}`);
  }
  const def = definitionOf(exported);
  if (!isModuleDefinition(def)) {
    throw new EntryError(ErrorCodes.moduleInvalid, where, `'${use}' (${found}) does not export a module definition (export default defineModule({...}))`);
  }
  return { def, file: found };
}

/** The `main` a package directory names but does not have (a TypeScript package not built yet). */
function unbuiltMain(dir: string): string | undefined {
  try {
    const main = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { main?: unknown }).main;
    return typeof main === 'string' && !existsSync(join(dir, main)) ? main : undefined;
  } catch {
    return undefined;
  }
}
