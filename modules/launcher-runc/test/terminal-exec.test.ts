// launcher-runc's execs on a terminal and with an open stdin, in real runc containers: the command
// sees a /dev/pts tty of the container's of the asked size, ExecInput's bytes reach it as typed,
// a new size reaches `stty size`, the end of stdin ends `cat`; ExecInput on an exec it does not
// know is NOT_FOUND, and `interactive` without exec_id is refused.

import { execFileSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ErrorCodes, type ExecOutput, type Logger } from '@plateau/kernel';
import { resolveInit } from '../src/index';
import { RuncLauncher } from '../src/runc-launcher';
import { codeOf, runcUnavailable, scratch, type Scratch, scratchTest, waitFor, within } from '@plateau/testkit/launcher-fixtures';

const log = { debug() {}, info() {}, warn() {}, error() {} } as unknown as Logger;
const why = runcUnavailable();

function launcher(s: Scratch): RuncLauncher {
  return new RuncLauncher(
    {
      runc: execFileSync('sh', ['-c', 'command -v runc'], { encoding: 'utf8' }).trim(),
      root: s.runcRoot,
      stateDir: s.state,
      init: resolveInit('auto'),
      newNetworkNamespace: false,
      cgroupParent: s.cgroupParent,
      launchTimeoutMs: 15_000,
    },
    log,
  );
}

const cid = (value: string) => ({ value });

/** A running `sleep` container. */
async function running(l: RuncLauncher, s: Scratch, id: string): Promise<void> {
  await l.launch({ containerId: cid(id), launchInfo: { rootfs: s.rootfs }, args: ['/bin/sleep', '600'], directory: s.sandbox(id) });
  await l.start({ containerId: cid(id) });
}

/** Collects an exec's output as it comes; `done` resolves with its exit code. */
function collect(stream: AsyncIterable<ExecOutput>): { text: () => string; done: Promise<number | undefined> } {
  let out = '';
  const done = (async () => {
    let code: number | undefined;
    for await (const o of stream) {
      if (o.stdout) out += Buffer.from(o.stdout as Uint8Array).toString('utf8');
      if (o.stderr) out += Buffer.from(o.stderr as Uint8Array).toString('utf8');
      if (o.exit) code = o.exit.exitCode ?? undefined;
    }
    return code;
  })();
  return { text: () => out, done };
}

scratchTest('runc: an exec on a terminal: /dev/pts tty of the asked size, typed input, a resize, its exit code', () => why, () => scratch('runc'), async (s) => {
  const l = launcher(s);
  await running(l, s, 't1');
  const session = collect(l.exec({ containerId: cid('t1'), args: ['/bin/sh'], tty: { rows: 33, columns: 101 }, interactive: true, execId: 'sh-1' }));
  const type = (text: string) => l.execInput({ containerId: cid('t1'), execId: 'sh-1', stdin: Buffer.from(text) });
  await waitFor(() => / # /.test(session.text()), 10_000, "the shell's prompt");
  await type('tty; stty size; echo do""ne-1\n');
  await waitFor(() => /done-1/.test(session.text()), 10_000, 'done-1');
  assert.match(session.text(), /\/dev\/pts\/\d+\r?\n/);
  assert.match(session.text(), /33 101\r?\n/);
  await l.execInput({ containerId: cid('t1'), execId: 'sh-1', windowSize: { rows: 40, columns: 120 } });
  // runc follows the new size on its SIGWINCH: ask until the shell sees it.
  await waitFor(
    async () => {
      if (/40 120\r?\n/.test(session.text())) return true;
      await type('stty size\n');
      await new Promise((r) => setTimeout(r, 200));
      return false;
    },
    10_000,
    'stty size to say 40 120',
  );
  await type('exit 3\n');
  assert.is(await within(session.done, 10_000, 'the shell to exit'), 3);
  assert.is(await codeOf(l.execInput({ containerId: cid('t1'), execId: 'sh-1', stdin: Buffer.from('late\n') })), ErrorCodes.notFound, 'an ended exec takes no input');
  await l.destroy({ containerId: cid('t1') });
});

scratchTest('runc: an interactive exec without a terminal: stdin stays open until ExecInput closes it', () => why, () => scratch('runc'), async (s) => {
  const l = launcher(s);
  await running(l, s, 't2');
  const cat = collect(l.exec({ containerId: cid('t2'), args: ['/bin/cat'], stdin: Buffer.from('first\n'), interactive: true, execId: 'cat-1' }));
  await waitFor(() => cat.text() === 'first\n', 10_000, 'first');
  await l.execInput({ containerId: cid('t2'), execId: 'cat-1', stdin: Buffer.from('second\n'), closeStdin: true });
  assert.is(await within(cat.done, 10_000, 'cat to end'), 0);
  assert.is(cat.text(), 'first\nsecond\n');
  assert.is(await codeOf(l.execInput({ containerId: cid('t2'), execId: 'nobody', stdin: Buffer.from('x') })), ErrorCodes.notFound);
  const noId = collect(l.exec({ containerId: cid('t2'), args: ['/bin/cat'], interactive: true }));
  assert.is(await codeOf(noId.done), ErrorCodes.invalid);
  await l.destroy({ containerId: cid('t2') });
});

test.run();
