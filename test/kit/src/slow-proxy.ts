import * as http from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { freePort } from './ports';

// A loopback HTTP proxy that forwards every request to one upstream (e.g. the test registry) and
// sends response bodies at a fixed rate, as a slow network link would: a pull from it takes long
// enough to show its progress.

export interface SlowProxy {
  /** "127.0.0.1:port", usable as a registry host in image references. */
  readonly host: string;
  stop(): Promise<void>;
}

/** The link every response shares: `bytesPerSecond` in all, counted from its first byte. */
interface Link {
  bytesPerSecond: number;
  started?: number;
  sent: number;
}

/** Passes bytes through the shared `link`, in slices of at most `slice` bytes. */
class RateLimit extends Transform {
  constructor(private readonly link: Link, private readonly slice = 32 * 1024) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    void this.pace(chunk).then(() => done(), done);
  }

  private async pace(chunk: Buffer): Promise<void> {
    for (let at = 0; at < chunk.length; at += this.slice) {
      const part = chunk.subarray(at, at + this.slice);
      const link = this.link;
      // An idle link does not bank its unused bandwidth.
      const now = Date.now();
      if (link.started === undefined || link.started + (link.sent / link.bytesPerSecond) * 1000 < now) {
        link.started = now;
        link.sent = 0;
      }
      link.sent += part.length;
      const due = link.started + (link.sent / link.bytesPerSecond) * 1000;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      this.push(part);
    }
  }
}

/** Starts a proxy to `upstream` ("127.0.0.1:port") whose response bodies share `bytesPerSecond`. */
export async function startSlowProxy(upstream: string, bytesPerSecond: number): Promise<SlowProxy> {
  const [upHost, upPort] = upstream.split(':');
  const port = await freePort();
  const sockets = new Set<import('node:net').Socket>();
  const link: Link = { bytesPerSecond, sent: 0 };
  const server = http.createServer((req, res) => {
    const out = http.request({ host: upHost, port: Number(upPort), method: req.method, path: req.url, headers: { ...req.headers, host: upstream } }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(new RateLimit(link)).pipe(res);
    });
    out.on('error', (err) => {
      if (!res.headersSent) res.writeHead(502);
      res.end(String(err));
    });
    req.pipe(out);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
