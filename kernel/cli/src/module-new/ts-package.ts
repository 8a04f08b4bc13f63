import { dirname } from 'node:path';

// Versions written into a new module's package.json when this installation cannot say its own.
const FALLBACK: Record<string, string> = { typescript: '^5.4.0', uvu: '^0.5.6', pino: '^10.4.0', '@types/node': '^20.0.0' };

/** `^<version>` of a package installed beside the CLI, or the fallback. */
function installed(name: string): string {
  try {
    return `^${(require(`${name}/package.json`) as { version: string }).version}`;
  } catch {
    return FALLBACK[name]!;
  }
}

/** The kernel package this CLI runs on: the new module depends on it where it is installed. */
export function kernelDir(): string {
  return dirname(require.resolve('@plateau/kernel/package.json'));
}

/** package.json of a new TypeScript module package. */
export function tsPackageJson(name: string, kind: string): string {
  const pkg = {
    name,
    version: '0.1.0',
    private: true,
    description: `A Plateau ${kind} module.`,
    main: 'lib/src/index.js',
    types: 'lib/src/index.d.ts',
    bin: { [`plateau-${name}`]: 'lib/src/main.js' },
    scripts: { build: 'tsc -p .', test: 'node lib/test/module.test.js' },
    kernel: { kind, name },
    dependencies: { '@plateau/kernel': `file:${kernelDir()}` },
    devDependencies: { '@types/node': installed('@types/node'), pino: installed('pino'), typescript: installed('typescript'), uvu: installed('uvu') },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}
