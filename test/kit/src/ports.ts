import * as net from 'node:net';

/**
 * A TCP port that was free a moment ago on `host` (default 127.0.0.1): listens on port 0, reads
 * the port the kernel chose, closes. Another process may take it before the caller binds it.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const addr = server.address();
      if (addr === null || typeof addr === 'string') {
        server.close();
        reject(new Error(`freePort: unexpected address ${String(addr)}`));
        return;
      }
      server.close((err) => (err ? reject(err) : resolve(addr.port)));
    });
  });
}
