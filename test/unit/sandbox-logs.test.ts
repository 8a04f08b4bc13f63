// Sandbox log rotation never follows what a task put in its sandbox: a `stdout` that is a symbolic
// link to a host file (the file keeps its size and content, nothing is copied), a fifo, a
// directory or a hard link is not rotated and is warned about once, naming the container; a
// `stdout.1` or `stdout.2` link is replaced or removed, never written through; a regular file over
// the cap still rotates.

import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rotateIfLarge, SandboxLogs, UnsafeSandboxLog } from '@plateau/agent';
import { makeTempDir } from '@plateau/testkit/tmp';

const MiB = 1024 * 1024;
const CAP = 10 * MiB;

function sha(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** A host file outside any sandbox, 11 MiB of non-zero bytes. */
function hostFile(name = 'host-file'): { file: string; size: number; hash: string } {
  const file = path.join(makeTempDir('plateau-host-'), name);
  const chunk = Buffer.alloc(MiB, 'h');
  const fd = fs.openSync(file, 'w');
  for (let i = 0; i < 11; i++) fs.writeSync(fd, chunk);
  fs.closeSync(fd);
  return { file, size: 11 * MiB, hash: sha(file) };
}

function recordingLog(): { log: pino.Logger; lines: any[] } {
  const lines: any[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l) lines.push(JSON.parse(l));
      done();
    },
  });
  return { log: pino({ level: 'debug' }, sink), lines };
}

test('a stdout that is a symbolic link to an 11 MiB host file: not rotated, the host file keeps its size and content, nothing copied', () => {
  const sandbox = makeTempDir('plateau-sandbox-');
  const host = hostFile();
  const stdout = path.join(sandbox, 'stdout');
  fs.symlinkSync(host.file, stdout);
  assert.throws(() => rotateIfLarge(stdout, CAP, 2), (e: unknown) => e instanceof UnsafeSandboxLog && /symbolic link/.test(e.message));
  assert.is(fs.statSync(host.file).size, host.size);
  assert.is(sha(host.file), host.hash);
  assert.not.ok(fs.existsSync(`${stdout}.1`), 'nothing copied into the sandbox');
  assert.ok(fs.lstatSync(stdout).isSymbolicLink(), 'the link itself is left alone');

  // The agent's sweep: a warning naming the container, once, and it goes on with the other files.
  const { log, lines } = recordingLog();
  const stderr = path.join(sandbox, 'stderr');
  fs.writeFileSync(stderr, Buffer.alloc(300, 'e'));
  const logs = new SandboxLogs({ maxBytes: 200, keep: 2, intervalMs: 1000 }, () => [
    { path: stdout, containerId: 'evil-container' },
    { path: stderr, containerId: 'evil-container' },
  ], log);
  logs.sweep();
  logs.sweep();
  const warnings = lines.filter((l) => l.level === 40);
  assert.is(warnings.length, 1, JSON.stringify(lines));
  assert.is(warnings[0].containerId, 'evil-container');
  assert.match(warnings[0].msg, /evil-container.*not rotated: a symbolic link/);
  assert.is(fs.statSync(stderr).size, 0, 'the regular stderr beside it still rotated');
  assert.is(fs.statSync(`${stderr}.1`).size, 300);
  assert.is(sha(host.file), host.hash);
});

test('a fifo, a directory, a hard link at the log name are skipped; the sweep never blocks or throws', () => {
  const sandbox = makeTempDir('plateau-sandbox-');
  const fifo = path.join(sandbox, 'stdout');
  execFileSync('mkfifo', [fifo]);
  assert.throws(() => rotateIfLarge(fifo, 1, 2), /a fifo/);
  const dir = path.join(sandbox, 'stderr');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'x'), 'x'.repeat(100));
  assert.throws(() => rotateIfLarge(dir, 1, 2), /a directory/);
  // A second name of a file (for instance one of the container's image, were it on this file system).
  const other = path.join(makeTempDir('plateau-host-'), 'shared');
  fs.writeFileSync(other, 'o'.repeat(500));
  const hard = path.join(sandbox, 'hard');
  try {
    fs.linkSync(other, hard);
  } catch {
    // another file system: nothing to check
  }
  if (fs.existsSync(hard)) {
    assert.throws(() => rotateIfLarge(hard, 100, 2), /2 links/);
    assert.is(fs.readFileSync(other, 'utf8'), 'o'.repeat(500));
  }
  const { log, lines } = recordingLog();
  const logs = new SandboxLogs({ maxBytes: 1, keep: 2, intervalMs: 1000 }, () => [
    { path: fifo, containerId: 'c1' },
    { path: dir, containerId: 'c1' },
    { path: path.join(sandbox, 'missing'), containerId: 'c1' },
  ], log);
  logs.sweep();
  assert.equal(
    lines.filter((l) => l.level === 40).map((l) => l.reason),
    ['a fifo', 'a directory'],
  );
  assert.ok(fs.lstatSync(fifo).isFIFO());
  assert.not.ok(fs.existsSync(`${fifo}.1`));
  assert.not.ok(fs.existsSync(`${dir}.1`));
});

test('a regular file over the cap rotates; stdout.1 and stdout.2 links the task planted are replaced, never written through', () => {
  const sandbox = makeTempDir('plateau-sandbox-');
  const stdout = path.join(sandbox, 'stdout');
  const fd = fs.openSync(stdout, 'a');
  fs.writeSync(fd, Buffer.alloc(CAP + MiB, 'x'));
  const host1 = hostFile('one');
  const host2 = hostFile('two');
  fs.symlinkSync(host1.file, `${stdout}.1`);
  fs.symlinkSync(host2.file, `${stdout}.2`);
  assert.ok(rotateIfLarge(stdout, CAP, 2));
  assert.is(fs.statSync(stdout).size, 0);
  const one = fs.lstatSync(`${stdout}.1`);
  assert.ok(one.isFile(), 'stdout.1 is a new regular file');
  assert.is(one.size, CAP + MiB);
  assert.ok(fs.lstatSync(`${stdout}.2`).isSymbolicLink(), 'the old stdout.1 link moved to stdout.2, as a link');
  assert.is(sha(host1.file), host1.hash);
  assert.is(sha(host2.file), host2.hash, 'the old stdout.2 link was removed, not its target');
  assert.is(fs.statSync(host2.file).size, host2.size);
  // The writer's O_APPEND descriptor goes on at the new end.
  fs.writeSync(fd, 'after');
  assert.is(fs.readFileSync(stdout, 'utf8'), 'after');
  fs.closeSync(fd);
  assert.is(fs.readFileSync(`${stdout}.1`).subarray(0, 3).toString(), 'xxx');
});

test.run();
