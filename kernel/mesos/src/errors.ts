/**
 * HTTP answers of the v1 APIs as plain values, and content negotiation, the way Mesos's master
 * answers (scheduler API reference §2–3). No server here: the HTTP layer writes these out.
 *
 * Every error answer is `text/plain; charset=utf-8` with a one-line message.
 */

/** An HTTP answer: status, headers, body. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** `application/json`: the default request and response encoding of the v1 APIs. */
export const APPLICATION_JSON = 'application/json';
/** `application/x-protobuf`: Mesos's binary encoding of the same messages. */
export const APPLICATION_PROTOBUF = 'application/x-protobuf';
/** `application/recordio`: the streaming media type of agent streaming calls. */
export const APPLICATION_RECORDIO = 'application/recordio';
/** `text/plain; charset=utf-8`: the type of every error body. */
export const TEXT_PLAIN = 'text/plain; charset=utf-8';

/** Realm of scheduler API authentication. */
export const SCHEDULER_REALM = 'mesos-master-scheduler';
/** Realm of read-only operator calls. */
export const OPERATOR_READONLY_REALM = 'mesos-master-readonly';
/** Realm of read-write operator calls. */
export const OPERATOR_READWRITE_REALM = 'mesos-master-readwrite';

const REASONS: Record<number, string> = {
  200: 'OK',
  202: 'Accepted',
  307: 'Temporary Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

/** The reason phrase of a status code (`Bad Request`). */
export function reasonPhrase(status: number): string {
  return REASONS[status] ?? 'Unknown';
}

/** A text/plain answer with this status and message (newlines flattened to keep it one line). */
export function textAnswer(status: number, message: string, headers: Record<string, string> = {}): HttpAnswer {
  return { status, headers: { 'Content-Type': TEXT_PLAIN, ...headers }, body: message.replace(/[\r\n]+/g, ' ') };
}

/** 200 with a JSON body (already encoded). */
export function okJson(json: string): HttpAnswer {
  return { status: 200, headers: { 'Content-Type': APPLICATION_JSON }, body: json };
}

/** 200 with no body (operator mutations such as UPDATE_WEIGHTS). */
export function ok(): HttpAnswer {
  return { status: 200, headers: {}, body: '' };
}

/** 202 Accepted with no body: a non-SUBSCRIBE scheduler call taken for processing. */
export function accepted(): HttpAnswer {
  return { status: 202, headers: {}, body: '' };
}

/** 400: bad body, failed validation, stream id problems. */
export function badRequest(message: string): HttpAnswer {
  return textAnswer(400, message);
}

/** 401 with `WWW-Authenticate: Basic realm="<realm>"`. */
export function unauthorized(realm: string, message = 'Authentication required'): HttpAnswer {
  return textAnswer(401, message, { 'WWW-Authenticate': `Basic realm="${realm}"` });
}

/** 403: not authorized, or the framework is not subscribed. */
export function forbidden(message: string): HttpAnswer {
  return textAnswer(403, message);
}

/** 404. */
export function notFound(message = ''): HttpAnswer {
  return textAnswer(404, message);
}

/** 405 with `Allow`; the body is Mesos's: `Expecting one of { 'POST' }, but received 'GET'`. */
export function methodNotAllowed(allowed: readonly string[], received?: string): HttpAnswer {
  const list = allowed.map((m) => `'${m}'`).join(', ');
  const tail = received === undefined ? '' : `, but received '${received}'`;
  return textAnswer(405, `Expecting one of { ${list} }${tail}`, { Allow: allowed.join(', ') });
}

/** 406: the client accepts no encoding we produce. */
export function notAcceptable(message: string): HttpAnswer {
  return textAnswer(406, message);
}

/** 409: a conflict (resources unavailable, framework vanished meanwhile). */
export function conflict(message: string): HttpAnswer {
  return textAnswer(409, message);
}

/** 413: the body is larger than the limit. */
export function payloadTooLarge(limit: number): HttpAnswer {
  return textAnswer(413, `Request body exceeds the limit of ${limit} bytes`);
}

/** 415: a request encoding we do not read. */
export function unsupportedMediaType(message: string): HttpAnswer {
  return textAnswer(415, message);
}

/** 501: e.g. a call of type UNKNOWN. */
export function notImplemented(message: string): HttpAnswer {
  return textAnswer(501, message);
}

/** 503: `No leader elected`, `Master has not finished recovery`. */
export function serviceUnavailable(message: string): HttpAnswer {
  return textAnswer(503, message);
}

/** 503 `No leader elected`. */
export function noLeader(): HttpAnswer {
  return serviceUnavailable('No leader elected');
}

/** 503 `Master has not finished recovery`. */
export function notRecovered(): HttpAnswer {
  return serviceUnavailable('Master has not finished recovery');
}

/** Where the leading master is, for redirects. */
export interface LeaderAddress {
  /** Hostname, else IP. */
  hostname: string;
  port: number;
}

/**
 * 307 to the leader, as Mesos does: `Location: //<leader-host>:<port><request path and query>`
 * (protocol-relative, the path as the client sent it, `/master` prefix included). Requests for
 * `/redirect` or `/master/redirect` go to the leader's base URL, with no path.
 */
export function redirectToLeader(leader: LeaderAddress, requestPath: string): HttpAnswer {
  const host = leader.hostname.includes(':') && !leader.hostname.startsWith('[') ? `[${leader.hostname}]` : leader.hostname;
  const base = `//${host}:${leader.port}`;
  const pathOnly = requestPath.split('?')[0]!;
  const location = pathOnly === '/redirect' || pathOnly === '/master/redirect' ? base : `${base}${requestPath}`;
  return { status: 307, headers: { Location: location }, body: '' };
}

// ---------------------------------------------------------------------------------------------
// Content negotiation

/** The media type of a Content-Type header, lower case, without parameters (`application/json`). */
export function mediaTypeOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const t = header.split(';')[0]!.trim().toLowerCase();
  return t === '' ? undefined : t;
}

/** 405 unless the method is one of `allowed` (default POST). */
export function checkMethod(method: string | undefined, allowed: readonly string[] = ['POST']): HttpAnswer | undefined {
  return method !== undefined && allowed.includes(method.toUpperCase()) ? undefined : methodNotAllowed(allowed, method);
}

/**
 * Checks a request's Content-Type: absent → 400 (`Expecting 'Content-Type' to be present`);
 * `application/json` or `application/x-protobuf` → fine (undefined); anything else → 415 as
 * Mesos words it. (`requestFormat` also says which of the two it is.)
 */
export function checkContentType(header: string | undefined): HttpAnswer | undefined {
  const type = mediaTypeOf(header);
  if (type === undefined) return badRequest("Expecting 'Content-Type' to be present");
  if (type === APPLICATION_JSON || type === APPLICATION_PROTOBUF) return undefined;
  return unsupportedMediaType(`Expecting 'Content-Type' of ${APPLICATION_JSON} or ${APPLICATION_PROTOBUF}`);
}

/** One entry of an Accept header. */
interface AcceptEntry {
  type: string;
  q: number;
}

function parseAccept(header: string): AcceptEntry[] {
  return header
    .split(',')
    .map((part) => {
      const [type, ...params] = part.split(';');
      let q = 1;
      for (const p of params) {
        const [k, v] = p.split('=');
        if (k?.trim().toLowerCase() === 'q' && v !== undefined) {
          const n = Number(v.trim());
          q = Number.isFinite(n) ? n : 0;
        }
      }
      return { type: type!.trim().toLowerCase(), q };
    })
    .filter((e) => e.type !== '');
}

/**
 * Whether a client with this Accept header takes `mediaType` (default JSON): an absent or empty
 * header takes JSON; otherwise an entry for the type itself, `type/*` or `*\/*` with q > 0.
 */
export function accepts(header: string | undefined, mediaType: string = APPLICATION_JSON): boolean {
  if (header === undefined || header.trim() === '') return mediaType === APPLICATION_JSON;
  const wanted = mediaType.toLowerCase();
  const family = `${wanted.split('/')[0]}/*`;
  let best: AcceptEntry | undefined;
  for (const e of parseAccept(header)) {
    const specificity = e.type === wanted ? 3 : e.type === family ? 2 : e.type === '*/*' ? 1 : 0;
    if (specificity === 0) continue;
    const bestSpec = best === undefined ? 0 : best.type === wanted ? 3 : best.type === family ? 2 : 1;
    if (specificity > bestSpec) best = e;
  }
  return best !== undefined && best.q > 0;
}

/**
 * Checks a response's Accept header (consulted for SUBSCRIBE and the operator API): JSON or
 * protobuf acceptable → undefined; otherwise 406 as Mesos words it. (`responseFormat` also says
 * which of the two the answer is written in.)
 */
export function checkAccept(header: string | undefined, name = 'Accept'): HttpAnswer | undefined {
  if (accepts(header, APPLICATION_JSON) || accepts(header, APPLICATION_PROTOBUF)) return undefined;
  return notAcceptable(`Expecting '${name}' to allow '${APPLICATION_PROTOBUF}' or '${APPLICATION_JSON}'`);
}
