/**
 * Guards node-zookeeper-client's connection against two faults of its wire reader (1.1.x):
 * - it keeps the unread tail of a frame (`pendingBuffer`) when the socket closes, and prepends
 *   it to the first bytes of the next connection, so after a server restart mid-frame every
 *   later frame is misread;
 * - a misread frame (an error code it does not know) throws from the socket's data handler,
 *   where no caller can catch it: the exception would end the whole process.
 * The guard drops the tail on every new socket and turns a throw in the reader into a dropped
 * connection, which the library already handles (reconnect within the session, or expiry).
 */
import type { Logger } from '@plateau/kernel';

interface ConnectionManagerLike {
  pendingBuffer: Buffer | null;
  socket?: { destroy(err?: Error): void };
  onSocketData(buffer: Buffer): void;
  onSocketConnected(): void;
}

const guarded = new WeakSet<object>();

/** Guards the connection manager of a client made by zk.createClient; idempotent. */
export function guardWire(client: unknown, log: Logger, purpose: string): void {
  const cm = (client as { connectionManager?: ConnectionManagerLike }).connectionManager;
  if (cm === undefined || guarded.has(cm)) return;
  if (typeof cm.onSocketData !== 'function' || typeof cm.onSocketConnected !== 'function') {
    throw new Error('node-zookeeper-client: its connection manager has changed shape; the wire guard needs updating');
  }
  guarded.add(cm);
  const read = cm.onSocketData;
  const connected = cm.onSocketConnected;
  cm.onSocketConnected = function (this: ConnectionManagerLike) {
    this.pendingBuffer = null;
    connected.call(this);
  };
  cm.onSocketData = function (this: ConnectionManagerLike, buffer: Buffer) {
    try {
      read.call(this, buffer);
    } catch (err) {
      this.pendingBuffer = null;
      log.warn({ purpose, err: err instanceof Error ? err.message : String(err) }, 'zookeeper: unreadable reply; dropping the connection to resynchronise');
      this.socket?.destroy();
    }
  };
}
