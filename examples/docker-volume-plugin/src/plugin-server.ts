/**
 * The Docker volume plugin protocol served over HTTP: `POST /Plugin.Activate` and
 * `/VolumeDriver.{Create,Remove,Mount,Unmount,Path,Get,List,Capabilities}` with JSON bodies (an
 * empty body reads as {}), any Accept/Content-Type. Success is 200 with the answer and `Err: ""`;
 * a failure is 500 with `{"Err": "..."}`, as go-plugins-helpers answer.
 */
import * as http from 'node:http';
import { VolumeError, type VolumeStore } from './volume-store';

const MEDIA_TYPE = 'application/vnd.docker.plugins.v1.2+json';

type Body = Record<string, unknown>;

function nameOf(body: Body): string {
  if (typeof body.Name !== 'string' || body.Name === '') throw new VolumeError('Name is required');
  return body.Name;
}

function optionsOf(body: Body): Record<string, string> {
  const o = body.Opts;
  if (o === undefined || o === null) return {};
  if (typeof o !== 'object' || Array.isArray(o)) throw new VolumeError('Opts must be an object of strings');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) {
    if (typeof v !== 'string') throw new VolumeError(`option '${k}' must be a string`);
    out[k] = v;
  }
  return out;
}

/** The answer of one call. */
function handle(store: VolumeStore, call: string, body: Body): Body {
  switch (call) {
    case 'Plugin.Activate':
      return { Implements: ['VolumeDriver'] };
    case 'VolumeDriver.Capabilities':
      return { Capabilities: { Scope: 'local' } };
    case 'VolumeDriver.Create':
      store.create(nameOf(body), optionsOf(body));
      return {};
    case 'VolumeDriver.Remove':
      store.remove(nameOf(body));
      return {};
    case 'VolumeDriver.Mount':
      return { Mountpoint: store.mount(nameOf(body), typeof body.ID === 'string' ? body.ID : '') };
    case 'VolumeDriver.Unmount':
      store.unmount(nameOf(body), typeof body.ID === 'string' ? body.ID : '');
      return {};
    case 'VolumeDriver.Path':
      return { Mountpoint: store.describe(nameOf(body)).Mountpoint };
    case 'VolumeDriver.Get':
      return { Volume: store.describe(nameOf(body)) };
    case 'VolumeDriver.List':
      return { Volumes: store.names().map((n) => store.describe(n)) };
    default:
      throw new VolumeError(`unknown call '${call}'`);
  }
}

/** An HTTP server answering the plugin protocol from `store`; `log` gets one line per call. */
export function pluginServer(store: VolumeStore, log: (line: string) => void = () => undefined): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const call = (req.url ?? '/').replace(/^\//, '').split('?')[0]!;
      const reply = (status: number, answer: Body) => {
        const text = JSON.stringify(answer);
        res.writeHead(status, { 'Content-Type': MEDIA_TYPE, 'Content-Length': Buffer.byteLength(text) });
        res.end(text);
      };
      if (req.method !== 'POST') return reply(405, { Err: `${req.method} is not allowed: the plugin protocol is POST` });
      let body: Body;
      try {
        const text = Buffer.concat(chunks).toString('utf8').trim();
        const parsed: unknown = text === '' ? {} : JSON.parse(text);
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
        body = parsed as Body;
      } catch (err) {
        return reply(400, { Err: `request body of ${call}: ${(err as Error).message}` });
      }
      try {
        const answer = handle(store, call, body);
        log(`${call} ${JSON.stringify(body)} -> ok`);
        reply(200, { ...answer, Err: '' });
      } catch (err) {
        const known = err instanceof VolumeError;
        log(`${call} ${JSON.stringify(body)} -> ${(err as Error).message}`);
        reply(known && call.startsWith('VolumeDriver.') ? 500 : known ? 404 : 500, { Err: (err as Error).message });
      }
    });
  });
}
