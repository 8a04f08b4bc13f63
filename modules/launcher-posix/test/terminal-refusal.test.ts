// The posix launcher gives no terminal and keeps no stdin open: an exec that asks for either, and
// ExecInput, are refused (UNIMPLEMENTED) naming what, never run without them.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ErrorCodes, type Logger } from '@plateau/kernel';
import { findTools, PosixLauncher } from '../src/posix-launcher';
import { codeOf, scratch, type Scratch, scratchTest } from './fixtures';

const log = { debug() {}, info() {}, warn() {}, error() {} } as unknown as Logger;
const tools = findTools();
const cid = (value: string) => ({ value });

function launcher(s: Scratch): PosixLauncher {
  if (typeof tools === 'string') throw new Error(tools);
  return new PosixLauncher({ stateDir: s.state, launchTimeoutMs: 15_000 }, tools, log);
}

/** Drains an exec; rejects with its error. */
async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of stream) {
    // output is not the point here
  }
}

scratchTest('posix: Exec with tty or interactive, and ExecInput, are UNIMPLEMENTED naming what', () => (typeof tools === 'string' ? tools : undefined), scratch, async (s) => {
  const l = launcher(s);
  await l.launch({ containerId: cid('q1'), args: ['/bin/sleep', '60'], directory: s.sandbox('q1'), launchInfo: {} });
  await l.start({ containerId: cid('q1') });
  const tty = drain(l.exec({ containerId: cid('q1'), args: ['/bin/sh'], tty: { rows: 24, columns: 80 } }));
  assert.is(await codeOf(tty), ErrorCodes.unsupported);
  await tty.catch((err: Error) => assert.match(err.message, /exec tty: the posix launcher runs commands without a terminal/));
  const open = drain(l.exec({ containerId: cid('q1'), args: ['/bin/cat'], interactive: true, execId: 'c' }));
  assert.is(await codeOf(open), ErrorCodes.unsupported);
  assert.is(await codeOf(l.execInput({ containerId: cid('q1'), execId: 'c', stdin: Buffer.from('x') })), ErrorCodes.unsupported);
  await l.destroy({ containerId: cid('q1') });
});

test.run();
