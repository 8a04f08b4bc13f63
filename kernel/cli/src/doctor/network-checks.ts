/**
 * What `plateau doctor` checks over the network: that the ports the roles listen on are free, and
 * that the services the config's contender needs (a ZooKeeper ensemble, an etcd cluster) answer.
 */
import { connect, createServer } from 'node:net';
import { request } from 'node:http';
import type { Check } from './host-checks';

/** Whether `host:port` can be listened on now. */
export function checkPortFree(what: string, host: string, port: number): Promise<Check> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      const detail = err.code === 'EADDRINUSE' ? `${host}:${port} is in use (another plateau, or another program: ss -ltnp 'sport = :${port}')` : `${host}:${port} cannot be listened on: ${err.code ?? err.message}`;
      resolve({ name: `port ${port}`, ok: false, required: true, detail: `${what}: ${detail}`, fix: err.code === 'EADDRNOTAVAIL' ? 'listen on an address of this machine (or 0.0.0.0)' : undefined });
    });
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve({ name: `port ${port}`, ok: true, required: true, detail: `${what}: ${host}:${port} is free` })));
  });
}

/** A ZooKeeper server answers `ruok` with `imok` (or at least accepts a connection when four-letter words are off). */
export function checkZooKeeper(server: string, timeoutMs = 3000): Promise<Check> {
  const [host, portText] = splitHostPort(server, 2181);
  return new Promise((resolve) => {
    const name = `ZooKeeper ${server}`;
    let answer = '';
    const socket = connect({ host, port: portText });
    const done = (check: Check) => {
      socket.destroy();
      resolve(check);
    };
    socket.setTimeout(timeoutMs, () => done({ name, ok: false, required: true, detail: `no answer in ${timeoutMs} ms`, debian: 'zookeeperd', fix: 'or fix modules.<contender>.config.servers' }));
    socket.on('connect', () => socket.write('ruok'));
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('end', () => done({ name, ok: true, required: true, detail: answer.startsWith('imok') ? 'answers imok' : 'accepts connections (ruok is not whitelisted)' }));
    socket.on('error', (err: NodeJS.ErrnoException) => done({ name, ok: false, required: true, detail: `unreachable: ${err.code ?? err.message}`, debian: 'zookeeperd', fix: 'start ZooKeeper there (systemctl start zookeeper) or fix modules.<contender>.config.servers' }));
  });
}

/** An etcd member's /health says {"health":"true"}. */
export function checkEtcd(endpoint: string, timeoutMs = 3000): Promise<Check> {
  const name = `etcd ${endpoint}`;
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL('/health', endpoint.includes('://') ? endpoint : `http://${endpoint}`);
    } catch {
      resolve({ name, ok: false, required: true, detail: 'not a URL' });
      return;
    }
    if (url.protocol !== 'http:') {
      // TLS endpoints need the module's client material: only reachability is checked.
      const [host, port] = splitHostPort(url.host, 2379);
      const socket = connect({ host, port });
      socket.setTimeout(timeoutMs, () => (socket.destroy(), resolve({ name, ok: false, required: true, detail: `no answer in ${timeoutMs} ms` })));
      socket.on('connect', () => (socket.destroy(), resolve({ name, ok: true, required: true, detail: 'accepts connections (TLS: health not read)' })));
      socket.on('error', (err: NodeJS.ErrnoException) => resolve({ name, ok: false, required: true, detail: `unreachable: ${err.code ?? err.message}`, debian: 'etcd-server' }));
      return;
    }
    const req = request(url, { timeout: timeoutMs }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => {
        const healthy = /"health"\s*:\s*"true"/.test(body);
        resolve({ name, ok: healthy, required: true, detail: healthy ? 'healthy' : `answered ${res.statusCode}: ${body.trim().slice(0, 120)}` });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ name, ok: false, required: true, detail: `unreachable: ${err.code ?? err.message}`, debian: 'etcd-server', fix: 'start etcd there (systemctl start etcd) or fix modules.<contender>.config.endpoints' }));
    req.end();
  });
}

function splitHostPort(text: string, defaultPort: number): [string, number] {
  const t = text.trim();
  const bracketed = /^\[(.+)\](?::(\d+))?$/.exec(t);
  if (bracketed) return [bracketed[1]!, bracketed[2] ? Number(bracketed[2]) : defaultPort];
  const i = t.lastIndexOf(':');
  if (i < 0 || t.indexOf(':') !== i) return [t, defaultPort];
  return [t.slice(0, i), Number(t.slice(i + 1))];
}
