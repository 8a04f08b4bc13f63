// docs/kinds.md, the kind reference, is generated from kernel/host/proto (npm run gen:kinds-doc):
// it is up to date, names every kind and every method, and --check catches a stale copy.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KINDS, kindService, methodsOf, type KindName } from '@plateau/kernel';

const REPO = path.resolve(__dirname, '../../..');
const SCRIPT = path.join(REPO, 'scripts', 'gen-kinds-doc.js');
const gen = (...args: string[]) => spawnSync(process.execPath, [SCRIPT, ...args], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });

test('docs/kinds.md is up to date with kernel/host/proto (scripts/gen-kinds-doc.js --check)', () => {
  const r = gen('--check');
  assert.is(r.status, 0, `gen-kinds-doc --check failed:\n${r.stderr}${r.stdout}`);
});

test('the reference has a section per kind with each of its methods, and the error table', () => {
  const doc = fs.readFileSync(path.join(REPO, 'docs', 'kinds.md'), 'utf8');
  for (const [kind, spec] of Object.entries(KINDS)) {
    const section = doc.split(`\n## ${kind}\n`)[1]?.split('\n## ')[0];
    assert.ok(section, `a section for ${kind}`);
    assert.ok(section!.includes(spec.service), `${kind}: names ${spec.service}`);
    for (const m of methodsOf(kindService(kind as KindName))) assert.ok(section!.includes(`### ${m.rpc}\n`), `${kind}: method ${m.rpc}`);
  }
  assert.match(doc, '| PLT_ERR_NOT_FOUND | NOT_FOUND |');
  assert.match(doc, 'Errors named: NOT_FOUND (PLT_ERR_NOT_FOUND), INVALID_ARGUMENT (PLT_ERR_INVALID).', 'the secret resolver comment names its codes');
});

test('--check fails on a stale copy, naming it and the command that regenerates it', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-kinds-doc-'));
  try {
    const copy = path.join(dir, 'kinds.md');
    assert.is(gen('--out', copy).status, 0, 'writes the copy');
    assert.is(gen('--check', '--out', copy).status, 0, 'a fresh copy is up to date');
    fs.appendFileSync(copy, 'edited by hand\n');
    const r = gen('--check', '--out', copy);
    assert.is(r.status, 1, r.stdout);
    assert.match(r.stderr, 'is stale; run `npm run gen:kinds-doc`');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
