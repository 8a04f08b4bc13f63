// HTTPS requests for the TLS tests: node's https client with a CA (and a client certificate),
// verification on; the error of a failed request is returned, not thrown, to assert on.

import * as fs from 'node:fs';
import * as https from 'node:https';

/** What to trust and present. */
export interface HttpsOptions {
  ca?: string;
  cert?: string;
  key?: string;
  /** Request headers (e.g. Authorization). */
  headers?: Record<string, string>;
}

/** An answer, or the error the request failed with. */
export type HttpsResult = { status: number; body: string; error?: undefined } | { error: NodeJS.ErrnoException; status?: undefined; body?: undefined };

/** GET https://<address><path> with certificate verification; settles within 10 s. */
export function httpsGet(address: string, path: string, opts: HttpsOptions = {}): Promise<HttpsResult> {
  const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];
  return new Promise((resolve) => {
    const req = https.request(
      {
        host,
        port,
        path,
        method: 'GET',
        agent: false,
        rejectUnauthorized: true,
        ca: opts.ca ? fs.readFileSync(opts.ca) : undefined,
        cert: opts.cert ? fs.readFileSync(opts.cert) : undefined,
        key: opts.key ? fs.readFileSync(opts.key) : undefined,
        headers: opts.headers,
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (error) => resolve({ error }));
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('no answer within 10 s'), { code: 'ETIMEDOUT' })));
    req.on('error', (error) => resolve({ error }));
    req.end();
  });
}
