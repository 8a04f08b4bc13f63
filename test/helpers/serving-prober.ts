// An outside prober for the failover benchmark, run as its own process so that a busy benchmark
// process (thousands of simulated agents) cannot delay it: sends GET_MASTER to each port every
// PROBE_MS (each abandoned after TIMEOUT_MS, none waiting for the others), prints `ready` once
// the first probes are out, then `{"port":P,"at":T}` for the first 200 from a master naming
// itself leader (T: epoch ms, high resolution) and exits.
//   node serving-prober.js <probeMs> <timeoutMs> <port> [<port> ...]
import * as http from 'node:http';

const [probeMs, timeoutMs, ...ports] = process.argv.slice(2).map(Number);
const agent = new http.Agent({ keepAlive: false });
const body = '{"type":"GET_MASTER"}';
const now = () => performance.timeOrigin + performance.now();
const open = new Map<number, number>(ports.map((p) => [p, 0]));
let done = false;

function probe(port: number): void {
  if (open.get(port)! >= 12) return;
  open.set(port, open.get(port)! + 1);
  const finish = () => open.set(port, open.get(port)! - 1);
  const req = http.request(
    { host: '127.0.0.1', port, method: 'POST', path: '/api/v1', agent, headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Content-Length': body.length } },
    (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', finish);
      res.on('end', () => {
        finish();
        if (res.statusCode !== 200 || done) return;
        const at = now();
        try {
          if (JSON.parse(Buffer.concat(chunks).toString('utf8')).get_master?.master_info?.port !== port) return;
        } catch {
          return;
        }
        done = true;
        process.stdout.write(`${JSON.stringify({ port, at })}\n`, () => process.exit(0));
      });
    },
  );
  req.setTimeout(timeoutMs!, () => req.destroy());
  req.on('error', finish);
  req.end(body);
}

const tick = () => {
  if (!done) for (const p of ports) probe(p);
};
setInterval(tick, probeMs);
tick();
process.stdout.write('ready\n');
