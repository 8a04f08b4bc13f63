/**
 * The Mesos v1 messages come from one source, kernel/mesos/proto: the generated tables are fresh,
 * protoc accepts the .proto files, and what protoc reads in them (its own descriptor set, decoded
 * by protoc) is what the tables say, field for field. Needs Debian's protobuf-compiler and
 * libprotobuf-dev (scripts/setup.js installs them); without protoc the protoc tests are skipped.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as mesos from '@plateau/mesos';
import {
  CallSchema,
  Call_Type,
  FiltersSchema,
  TaskInfoSchema,
  TaskStatusSchema,
  message,
  opt,
  type EnumType,
  type Field,
  type MessageType,
} from '@plateau/mesos';
import { protocMissing } from '../helpers/protoc';

const REPO = path.resolve(__dirname, '../../..');
const PROTO_DIR = mesos.MESOS_PROTO_DIR;
const protoFiles = (): string[] => mesos.protoFiles(PROTO_DIR);

const NO_PROTOC = protocMissing();
const HAVE_PROTOC = NO_PROTOC === undefined;
if (!HAVE_PROTOC) console.log(`mesos-proto: ${NO_PROTOC}; the protoc tests are skipped`);
const withProtoc = HAVE_PROTOC ? test : test.skip;

// ---------------------------------------------------------------------------------------------
// protoc's view: the FileDescriptorSet protoc writes, decoded by protoc into text format

/** A node of protobuf text format: each key holds the list of its values, in order. */
interface TextNode {
  [key: string]: (string | TextNode)[];
}

/** Parses protobuf text format (as `protoc --decode` writes it: one `key: value` or `key {` a line). */
function parseTextFormat(text: string): TextNode {
  const root: TextNode = {};
  const stack: TextNode[] = [root];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const top = stack[stack.length - 1];
    if (line === '}') {
      stack.pop();
      continue;
    }
    const open = /^(\w+)\s*\{$/.exec(line);
    if (open) {
      const child: TextNode = {};
      (top[open[1]] ??= []).push(child);
      stack.push(child);
      continue;
    }
    const kv = /^(\w+):\s*(.*)$/.exec(line);
    if (!kv) throw new Error(`unreadable text-format line: ${line}`);
    let value = kv[2];
    if (value.startsWith('"')) value = JSON.parse(value.replace(/\\'/g, "'"));
    (top[kv[1]] ??= []).push(value);
  }
  if (stack.length !== 1) throw new Error('unbalanced text format');
  return root;
}

const one = (n: TextNode, k: string): string | undefined => n[k]?.[0] as string | undefined;
const nodes = (n: TextNode, k: string): TextNode[] => (n[k] ?? []) as TextNode[];

let descriptorSet: TextNode | undefined;

/** protoc's FileDescriptorSet of every .proto (imports included), as text format. */
function protocDescriptors(): TextNode {
  if (descriptorSet) return descriptorSet;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-mesos-proto-'));
  try {
    const out = path.join(dir, 'set.bin');
    const build = spawnSync('protoc', ['-I', PROTO_DIR, '--include_imports', `--descriptor_set_out=${out}`, ...protoFiles()], {
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`protoc failed: ${build.stderr}`);
    const decode = spawnSync('protoc', ['--decode=google.protobuf.FileDescriptorSet', 'google/protobuf/descriptor.proto'], {
      input: fs.readFileSync(out),
      encoding: 'utf8',
      cwd: dir,
    });
    if (decode.status !== 0) throw new Error(`protoc --decode failed (is libprotobuf-dev installed?): ${decode.stderr}`);
    descriptorSet = parseTextFormat(decode.stdout);
    return descriptorSet;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A message or enum descriptor with its full name and the file it is in. */
interface Declared {
  full: string;
  file: string;
  node: TextNode;
  kind: 'message' | 'enum';
}

/** Every message and enum protoc declares, by full name (nested ones included). */
function declarations(): Map<string, Declared> {
  const out = new Map<string, Declared>();
  for (const file of nodes(protocDescriptors(), 'file')) {
    const fileName = one(file, 'name')!;
    const walk = (scope: string, n: TextNode) => {
      for (const m of nodes(n, 'message_type').concat(nodes(n, 'nested_type'))) {
        const full = `${scope}.${one(m, 'name')}`;
        out.set(full, { full, file: fileName, node: m, kind: 'message' });
        walk(full, m);
      }
      for (const e of nodes(n, 'enum_type')) {
        const full = `${scope}.${one(e, 'name')}`;
        out.set(full, { full, file: fileName, node: e, kind: 'enum' });
      }
    };
    walk(one(file, 'package')!, file);
  }
  return out;
}

/** The enum values protoc read, name → number, in order. */
function enumValues(e: TextNode): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of nodes(e, 'value')) out[one(v, 'name')!] = Number(one(v, 'number'));
  return out;
}

/** The field descriptor named `name` of message `full`. */
function protocField(full: string, name: string): TextNode {
  const m = declarations().get(full);
  assert.ok(m && m.kind === 'message', `protoc declares message ${full}`);
  const f = nodes(m!.node, 'field').find((x) => one(x, 'name') === name);
  assert.ok(f, `protoc declares ${full}.${name}`);
  return f!;
}

// ---------------------------------------------------------------------------------------------
// The tables

/** Every table @plateau/mesos exports, by proto full name. */
function tables(): Map<string, MessageType | EnumType> {
  const out = new Map<string, MessageType | EnumType>();
  for (const [exported, v] of Object.entries(mesos)) {
    if (!exported.endsWith('Schema') || typeof v !== 'object' || v === null) continue;
    const t = v as MessageType | EnumType;
    if (t.kind !== 'message' && t.kind !== 'enum') continue;
    assert.not.ok(out.has(t.name), `one table per proto name (${t.name} twice)`);
    out.set(t.name, t);
  }
  return out;
}

const resolve = (f: Field) => (typeof f.type === 'function' ? f.type() : f.type);

/** The descriptor type a table field should have: TYPE_* plus the referenced full name. */
function tableFieldType(f: Field): { type: string; ref?: string } {
  const t = resolve(f);
  if (typeof t === 'string') {
    const base = t === 'int64n' ? 'int64' : t === 'uint64n' ? 'uint64' : t;
    return { type: `TYPE_${base.toUpperCase()}` };
  }
  return { type: t.kind === 'enum' ? 'TYPE_ENUM' : 'TYPE_MESSAGE', ref: t.name };
}

// ---------------------------------------------------------------------------------------------

test('kernel/mesos/src/generated is up to date with kernel/mesos/proto (scripts/gen-mesos.js --check)', () => {
  const r = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'gen-mesos.js'), '--check'], { cwd: REPO, encoding: 'utf8' });
  assert.is(r.status, 0, `gen-mesos --check failed:\n${r.stderr}${r.stdout}`);
});

withProtoc('protoc accepts every .proto under kernel/mesos/proto', () => {
  const files = protoFiles();
  for (const want of ['mesos/v1/mesos.proto', 'mesos/v1/scheduler/scheduler.proto', 'mesos/v1/master/master.proto', 'mesos/v1/agent/agent.proto', 'mesos/v1/executor/executor.proto']) {
    assert.ok(files.includes(want), `${want} exists`);
  }
  const r = spawnSync('protoc', ['-I', PROTO_DIR, '--descriptor_set_out=/dev/null', ...files], { encoding: 'utf8' });
  assert.is(r.status, 0, `protoc rejected the protos:\n${r.stderr}`);
  assert.is(r.stderr, '', 'protoc has no warnings');
});

withProtoc('well-known Mesos facts, as protoc reads them, hold in the tables', () => {
  const call = declarations().get('mesos.v1.scheduler.Call.Type')!;
  assert.is(enumValues(call.node).SUBSCRIBE, 1, 'protoc: scheduler Call.Type SUBSCRIBE = 1');
  assert.is(Call_Type.SUBSCRIBE, enumValues(call.node).SUBSCRIBE);
  assert.is(mesos.Call_TypeSchema.values.SUBSCRIBE, 1);

  const accept = protocField('mesos.v1.scheduler.Call', 'accept');
  assert.is(one(accept, 'number'), '4', 'protoc: Call.accept = 4');
  assert.is(CallSchema.field('accept')!.number, 4);

  const taskId = protocField('mesos.v1.TaskInfo', 'task_id');
  assert.is(one(taskId, 'number'), '2', 'protoc: TaskInfo.task_id = 2');
  assert.is(one(taskId, 'label'), 'LABEL_REQUIRED');
  assert.is(TaskInfoSchema.field('task_id')!.number, 2);
  assert.is(TaskInfoSchema.field('task_id')!.label, 'required');

  const uuid = protocField('mesos.v1.TaskStatus', 'uuid');
  assert.is(one(uuid, 'type'), 'TYPE_BYTES', 'protoc: TaskStatus.uuid is bytes');
  assert.is(TaskStatusSchema.field('uuid')!.type, 'bytes');
  assert.is(TaskStatusSchema.field('uuid')!.number, Number(one(uuid, 'number')));

  const refuse = protocField('mesos.v1.Filters', 'refuse_seconds');
  assert.is(one(refuse, 'type'), 'TYPE_DOUBLE');
  assert.is(Number(one(refuse, 'default_value')), 5, 'protoc: Filters.refuse_seconds defaults to 5.0');
  assert.is(FiltersSchema.field('refuse_seconds')!.default, 5);
  assert.is(mesos.encodeMessage(FiltersSchema, {}), '{"refuse_seconds":5.0}');
});

withProtoc('every table matches protoc: message fields (order, name, number, label, type, default, deprecated) and enum values', () => {
  const decls = declarations();
  const byName = tables();
  for (const d of decls.values()) {
    if (d.kind === 'message' && nodes(d.node, 'options').some((o) => one(o, 'map_entry') === 'true')) continue;
    const table = byName.get(d.full);
    if (d.file.startsWith('google/')) {
      if (table === undefined) continue; // an imported type no field of ours uses
    }
    assert.ok(table, `a table for ${d.full}`);
    if (d.kind === 'enum') {
      assert.is(table!.kind, 'enum', `${d.full} is an enum`);
      assert.equal({ ...(table as EnumType).values }, enumValues(d.node), `${d.full}: values`);
      continue;
    }
    assert.is(table!.kind, 'message', `${d.full} is a message`);
    const t = table as MessageType;
    const want = nodes(d.node, 'field');
    assert.equal(
      t.fields.map((f) => f.name),
      want.map((f) => one(f, 'name')),
      `${d.full}: fields in declaration order`,
    );
    for (const pf of want) {
      const name = one(pf, 'name')!;
      const f = t.field(name)!;
      const where = `${d.full}.${name}`;
      assert.is(f.number, Number(one(pf, 'number')), `${where}: number`);
      const typeName = one(pf, 'type_name')?.replace(/^\./, '');
      const entry = typeName ? decls.get(typeName) : undefined;
      const isMap = entry !== undefined && nodes(entry.node, 'options').some((o) => one(o, 'map_entry') === 'true');
      const label = isMap ? 'map' : { LABEL_OPTIONAL: 'optional', LABEL_REQUIRED: 'required', LABEL_REPEATED: 'repeated' }[one(pf, 'label')!];
      assert.is(f.label, label, `${where}: label`);
      const valueField = isMap ? nodes(entry!.node, 'field').find((x) => one(x, 'name') === 'value')! : pf;
      const got = tableFieldType(f);
      assert.is(got.type, one(valueField, 'type'), `${where}: type`);
      assert.is(got.ref, one(valueField, 'type_name')?.replace(/^\./, ''), `${where}: referenced type`);
      const def = one(pf, 'default_value');
      if (def === undefined) assert.is(f.default, undefined, `${where}: no default`);
      else if (typeof f.default === 'number') assert.is(f.default, Number(def), `${where}: default`);
      else assert.is(String(f.default), def, `${where}: default`);
      const deprecated = nodes(pf, 'options').some((o) => one(o, 'deprecated') === 'true');
      assert.is(Boolean(f.deprecated), deprecated, `${where}: deprecated`);
    }
  }
  // And no table without its proto.
  for (const name of byName.keys()) assert.ok(decls.has(name), `${name} is declared in kernel/mesos/proto (or an import)`);
});

test('a table with a field number used twice does not build', () => {
  assert.throws(
    () => message<{ a?: string; b?: string }>('test.Twice', { a: opt(1, 'string'), b: opt(1, 'string') }),
    /field number 1 is used twice/,
  );
});

test.run();
