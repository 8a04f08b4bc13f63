import * as zk from 'node-zookeeper-client';
import pino from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { guardWire } from '../src/wire-guard';

const log = pino({ level: 'silent' });

test('the guard fits the installed node-zookeeper-client (a real client, never connected)', () => {
  const client = zk.createClient('127.0.0.1:1', { sessionTimeout: 2000 });
  const cm = (client as unknown as { connectionManager: { onSocketData: unknown; onSocketConnected: unknown } }).connectionManager;
  const before = cm.onSocketData;
  guardWire(client, log, 'test');
  assert.is.not(cm.onSocketData, before, 'the reader is wrapped');
  const wrapped = cm.onSocketData;
  guardWire(client, log, 'test');
  assert.is(cm.onSocketData, wrapped, 'guarding twice wraps once');
  // Never connected: nothing to close (close() on an unconnected client writes to no socket).
});

test('mock connection manager: a throw in the reader drops the socket instead of escaping', () => {
  let destroyed = 0;
  const cm = {
    pendingBuffer: Buffer.from([1, 2, 3]) as Buffer | null,
    socket: { destroy: () => void destroyed++ },
    onSocketData(_b: Buffer): void {
      throw new Error('Unknown code: 762839044');
    },
    onSocketConnected(): void {},
  };
  guardWire({ connectionManager: cm }, log, 'test');
  cm.onSocketData(Buffer.alloc(4));
  assert.is(destroyed, 1, 'socket destroyed so the library reconnects');
  assert.is(cm.pendingBuffer, null, 'the unread tail is dropped');
});

test('mock connection manager: a new socket starts without the old socket\'s unread tail', () => {
  let sawTail: Buffer | null | undefined;
  const cm = {
    pendingBuffer: Buffer.from([9, 9]) as Buffer | null,
    onSocketData(_b: Buffer): void {},
    onSocketConnected(this: { pendingBuffer: Buffer | null }): void {
      sawTail = this.pendingBuffer;
    },
  };
  guardWire({ connectionManager: cm }, log, 'test');
  cm.onSocketConnected();
  assert.is(sawTail, null);
});

test('a library of another shape is refused with a clear error', () => {
  assert.throws(() => guardWire({ connectionManager: { pendingBuffer: null } }, log, 'test'), /changed shape/);
});

test.run();
