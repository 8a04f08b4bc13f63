import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The languages `plateau module new` writes modules in. */
export const LANGS = ['ts', 'python'] as const;
export type Lang = (typeof LANGS)[number];

/** kernel/cli/templates/module (lib/module-new → ../../templates). */
export const TEMPLATE_ROOT = join(__dirname, '..', '..', 'templates', 'module');

/** The kinds with a template in `lang`: each has a directory of its own under the language's. */
export function templateKinds(lang: Lang): string[] {
  const dir = join(TEMPLATE_ROOT, lang);
  return readdirSync(dir)
    .filter((k) => k !== 'common' && statSync(join(dir, k)).isDirectory())
    .sort();
}

/** Words substituted in the templates. */
export interface Words {
  NAME: string;
  CLASS: string;
  KIND: string;
  [word: string]: string;
}

/**
 * The files of one template directory with the words filled in, keyed by their path in the
 * module: `x.tmpl` loses its suffix, `gitignore.tmpl` becomes `.gitignore`; config.yaml (the
 * config block of plateau.yaml) is left out.
 */
export function renderDir(dir: string, words: Words): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        let rel = relative(dir, p).replace(/\.tmpl$/, '');
        if (rel === 'config.yaml') continue;
        if (rel === 'gitignore') rel = '.gitignore';
        out.set(rel, fill(readFileSync(p, 'utf8'), words));
      }
    }
  };
  walk(dir);
  return out;
}

/** The kind template's module config, as YAML lines (for plateau.yaml). */
export function configYaml(lang: Lang, kind: string): string {
  const file = join(TEMPLATE_ROOT, lang, kind, 'config.yaml');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** Replaces `__WORD__` with its value; a word the template names but `words` lacks is a bug here. */
export function fill(text: string, words: Words): string {
  return text.replace(/__([A-Z_]+)__/g, (all, w: string) => {
    if (!(w in words)) throw new Error(`template word ${all} has no value`);
    return words[w]!;
  });
}
