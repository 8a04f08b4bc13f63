import { existsSync, mkdirSync, readdirSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isKind, KINDS } from '@plateau/kernel';
import { LANGS, TEMPLATE_ROOT, configYaml, renderDir, templateKinds, type Lang, type Words } from './templates';
import { tsPackageJson } from './ts-package';
import { generatePythonStubs } from './python-stubs';
import { ScaffoldError } from './scaffold-error';

export { ScaffoldError };

export interface NewModuleOptions {
  name: string;
  kind: string;
  lang: string;
  /** The directory the module's directory is made in (default: the working directory). */
  parent?: string;
}

/** What was written. */
export interface NewModule {
  dir: string;
  files: string[];
  /** The commands that build and test it, for the user. */
  next: string[];
}

const NAME_PATTERN = /^[a-z][a-z0-9-]*$/;

/** How a cluster's config uses a module of each kind (for plateau.yaml's comment). */
const USE_IN_CLUSTER: Record<string, string> = {
  authenticator: 'name the instance in master.authenticator (and agent.authenticator)',
  authorizer: 'name the instance in master.authorizer (and agent.authorizer)',
  contender: 'name the instance in master.contender and agent.detector (it serves the detector kind too)',
  detector: 'name the instance in agent.detector',
  hook: 'list the instance in master.hooks and agent.hooks',
  isolator: 'list the instance in agent.isolation',
  registry: "note that the master takes the registry of its master.contender module: serve this kind from that module (provides: ['registry'])",
  'secret-resolver': 'name the instance in agent.secretResolver',
};

/** Where to begin a module of a kind without a template: a module of the Plateau repository. */
const START_FROM: Record<string, string> = {
  launcher: "modules/launcher-posix (@plateau/kernel's MonitoredLauncher keeps containers alive across agent restarts)",
  provisioner: 'modules/provisioner-oci',
};

/** Writes a working module package of `kind` in `lang` under `<parent>/<name>`, with a plateau.yaml selecting it. */
export function newModule(opts: NewModuleOptions): NewModule {
  if (!NAME_PATTERN.test(opts.name)) throw new ScaffoldError(`module name '${opts.name}' must be lowercase letters, digits and dashes, starting with a letter (e.g. acme-quota)`);
  if (!(LANGS as readonly string[]).includes(opts.lang)) throw new ScaffoldError(`--lang must be one of ${LANGS.join(', ')}, not '${opts.lang}'`);
  const lang = opts.lang as Lang;
  if (!isKind(opts.kind)) throw new ScaffoldError(`unknown kind '${opts.kind}' (kinds: ${Object.keys(KINDS).join(', ')})`);
  const kinds = templateKinds(lang);
  if (!kinds.includes(opts.kind)) {
    const start = START_FROM[opts.kind] ? `; start from ${START_FROM[opts.kind]}` : '';
    throw new ScaffoldError(`no ${lang} template for kind '${opts.kind}' yet; ${lang} templates: ${kinds.join(', ')}${start} (the kind's contract: plateau's docs/kinds.md)`);
  }
  const dir = resolve(opts.parent ?? process.cwd(), opts.name);
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new ScaffoldError(`${dir} exists and is not empty; choose another name or --dir`);
  const words: Words = { NAME: opts.name, CLASS: className(opts.name, opts.kind), KIND: opts.kind };
  const files = new Map<string, string>([...renderDir(join(TEMPLATE_ROOT, lang, 'common'), words), ...renderDir(join(TEMPLATE_ROOT, lang, opts.kind), words)]);
  let next: string[];
  if (lang === 'ts') {
    files.set('package.json', tsPackageJson(opts.name, opts.kind));
    files.set('plateau.yaml', plateauYaml(opts.name, opts.kind, ['use: .   # this package (built: npm run build)'], configYaml(lang, opts.kind)));
    files.set('README.md', readme(opts, ['npm install', 'npm run build', 'npm test', `plateau modules test --config ${opts.name}/plateau.yaml   # from the parent directory`]));
    next = [`cd ${opts.name} && npm install && npm run build && npm test`, `plateau modules test --config ${opts.name}/plateau.yaml`];
  } else {
    const exec = `exec: { path: /usr/bin/python3, args: [${join(dir, 'main.py')}] }`;
    files.set('plateau.yaml', plateauYaml(opts.name, opts.kind, [`kind: ${opts.kind}`, exec], configYaml(lang, opts.kind)));
    files.set('README.md', readme(opts, ['./regen-stubs.sh   # only after changing proto/', `plateau modules test --config ${opts.name}/plateau.yaml   # from the parent directory`]));
    next = [`plateau modules test --config ${opts.name}/plateau.yaml`];
  }
  for (const [rel, text] of files) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  if (lang === 'python') {
    chmodSync(join(dir, 'main.py'), 0o755);
    chmodSync(join(dir, 'regen-stubs.sh'), 0o755);
    for (const f of generatePythonStubs(dir, opts.kind)) files.set(f, '');
  }
  return { dir, files: [...files.keys()].sort(), next };
}

/** `acme-quota` of kind authorizer → `AcmeQuotaAuthorizer`. */
function className(name: string, kind: string): string {
  const pascal = (s: string) => s.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  const base = pascal(name);
  const suffix = pascal(kind);
  return base.endsWith(suffix) ? base : `${base}${suffix}`;
}

function plateauYaml(name: string, kind: string, entry: string[], config: string): string {
  const configLines = config.trim() ? ['    config:', ...config.trimEnd().split('\n').map((l) => `      ${l}`)] : [];
  return [
    ...comment(
      `Selects ${kind}.${name}: \`plateau modules test --config ${name}/plateau.yaml\` runs the ${kind} conformance suite ` +
        `against it. To use it in a cluster, copy the modules: entry into the cluster's config and ${USE_IN_CLUSTER[kind] ?? 'name the instance where the config chooses its ' + kind}.`,
    ),
    `cluster: ${name}-dev`,
    '',
    'modules:',
    `  ${name}:`,
    ...entry.map((l) => `    ${l}`),
    ...configLines,
    '',
  ].join('\n');
}

/** `text` as YAML comment lines of at most 100 characters. */
function comment(text: string): string[] {
  const lines: string[] = [];
  let line = '#';
  for (const word of text.split(' ')) {
    if (line.length + 1 + word.length > 100 && line !== '#') {
      lines.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  return [...lines, line];
}

function readme(opts: NewModuleOptions, steps: string[]): string {
  const lang = opts.lang === 'ts' ? 'TypeScript' : 'Python';
  return [
    `# ${opts.name}: a Plateau ${opts.kind} module in ${lang}`,
    '',
    `Written by \`plateau module new ${opts.name} --kind ${opts.kind} --lang ${opts.lang}\`. The kind's contract`,
    `(its methods, error codes and deadlines) is in Plateau's docs/kinds.md; \`plateau.yaml\` selects`,
    'this module and holds its config.',
    '',
    '```sh',
    ...steps,
    '```',
    '',
  ].join('\n');
}
