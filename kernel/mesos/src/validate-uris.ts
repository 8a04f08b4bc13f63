/**
 * Launch-time checks of CommandInfo.uris (TASK_ERROR at ACCEPT, before anything is launched):
 * each URI is an http, https or file URI or an absolute path (what the agent's fetcher speaks);
 * `output_file` is a relative path that stays in the sandbox.
 */
import type { CommandInfo } from './generated/types';

/** One problem, with the field's path (the shape of validate.ts's issues). */
interface UriIssue {
  path: string;
  message: string;
}

const SCHEMES = new Set(['http', 'https', 'file']);

/** Issues of the command's URIs. */
export function validateCommandUris(command: CommandInfo | undefined, path: string): UriIssue[] {
  const out: UriIssue[] = [];
  (command?.uris ?? []).forEach((uri, i) => {
    const p = `${path}.uris[${i}]`;
    const v = uri.value ?? '';
    if (v === '') out.push({ path: `${p}.value`, message: 'URI is empty' });
    else if (!v.startsWith('/')) {
      const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(v)?.[1]?.toLowerCase();
      if (scheme === undefined) out.push({ path: `${p}.value`, message: `URI '${v}' is neither an absolute path nor a URI with a scheme` });
      else if (!SCHEMES.has(scheme)) out.push({ path: `${p}.value`, message: `URI '${v}' has unsupported scheme '${scheme}' (the fetcher speaks http, https, file)` });
    }
    const o = uri.output_file;
    if (o !== undefined && (o === '' || o.startsWith('/') || o.split('/').includes('..'))) {
      out.push({ path: `${p}.output_file`, message: `output_file '${o}' must be a relative path inside the sandbox` });
    }
  });
  return out;
}
