/**
 * Credentials of the CLI's clients. `--principal NAME` with `--secret S` or `--secret-file FILE`
 * (PLATEAU_PRINCIPAL, PLATEAU_SECRET, PLATEAU_SECRET_FILE) go to masters and agents as HTTP Basic
 * on every request. A refusal says what to do: a 401 without credentials names the flags, a 401
 * with them says whose were refused, a 403 gives the server's reason.
 */
import { readFileSync } from 'node:fs';
import { ClientError } from './errors';
import { type FlagTaker, takeGlobalFlags } from './global-flags';

/** Environment variables of the client's credentials. */
export const CLIENT_AUTH_ENV = { principal: 'PLATEAU_PRINCIPAL', secret: 'PLATEAU_SECRET', secretFile: 'PLATEAU_SECRET_FILE' } as const;

let loaded: { key: string; header: string | undefined } | undefined;

/** The principal the client speaks as, if any. */
export function clientPrincipal(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[CLIENT_AUTH_ENV.principal] || undefined;
}

/**
 * The `Authorization` header every request carries (`Basic base64(principal:secret)`), or
 * undefined without credentials. A principal without a secret (or the reverse) is an error
 * naming what is missing, not an anonymous request.
 */
export function authorizationHeader(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const principal = env[CLIENT_AUTH_ENV.principal] || undefined;
  const secret = env[CLIENT_AUTH_ENV.secret] || undefined;
  const secretFile = env[CLIENT_AUTH_ENV.secretFile] || undefined;
  const key = `${principal}\n${secret}\n${secretFile}`;
  if (loaded?.key === key) return loaded.header;
  if (secret !== undefined && secretFile !== undefined) throw new ClientError('give the secret once: --secret (PLATEAU_SECRET) or --secret-file (PLATEAU_SECRET_FILE), not both');
  if (principal === undefined) {
    if (secret !== undefined || secretFile !== undefined) throw new ClientError('a secret needs a principal: pass --principal (or set PLATEAU_PRINCIPAL)');
    loaded = { key, header: undefined };
    return undefined;
  }
  if (principal.includes(':')) throw new ClientError(`principal '${principal}' has a ':', which HTTP Basic cannot carry`);
  let value = secret;
  if (secretFile !== undefined) {
    try {
      // A file written by `echo` ends with a newline that is not part of the secret.
      value = readFileSync(secretFile, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      throw new ClientError(`cannot read ${secretFile} (--secret-file / ${CLIENT_AUTH_ENV.secretFile}): ${(err as Error).message}`);
    }
  }
  if (value === undefined) throw new ClientError(`principal '${principal}' needs a secret: pass --secret or --secret-file (or set PLATEAU_SECRET / PLATEAU_SECRET_FILE)`);
  const header = `Basic ${Buffer.from(`${principal}:${value}`, 'utf8').toString('base64')}`;
  loaded = { key, header };
  return header;
}

/**
 * The error for an answer other than the one expected: 401 and 403 say what the caller can do
 * about it; any other status names the request, the status and the server's message.
 */
export function answerError(what: string, url: string, status: number, body: string, env: NodeJS.ProcessEnv = process.env): ClientError {
  const said = body.trim();
  const principal = clientPrincipal(env);
  if (status === 401) {
    if (principal === undefined) return new ClientError(`${url} needs credentials: pass --principal/--secret or set PLATEAU_PRINCIPAL/PLATEAU_SECRET`, status);
    return new ClientError(`credentials for ${principal} were refused by ${url}${said ? `: ${said}` : ''}`, status);
  }
  if (status === 403) {
    return new ClientError(`${url} refused ${what} to ${principal === undefined ? 'an anonymous caller' : principal}: ${said || 'no reason given'}`, status);
  }
  return new ClientError(`${what} to ${url} answered ${status}: ${said}`, status);
}

/**
 * takeClientCredentials: takes `--principal NAME`, `--secret S`, `--secret-file FILE` (or
 * `--principal=NAME`…) from anywhere on the command line, for every command alike, and hands them
 * on as PLATEAU_PRINCIPAL, PLATEAU_SECRET and PLATEAU_SECRET_FILE, which every client reads. A
 * flag given on the command line replaces its variable and clears the other way of giving the
 * secret, so `--secret-file` wins over an exported PLATEAU_SECRET.
 */
export function takeClientCredentials(argv: string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const take =
    (variable: string, other?: string): FlagTaker =>
    (value, flag) => {
      if (value === undefined || value === '') throw new ClientError(`${flag} needs a value`);
      env[variable] = value;
      if (other !== undefined) delete env[other];
    };
  return takeGlobalFlags(argv, {
    '--principal': take(CLIENT_AUTH_ENV.principal),
    '--secret': take(CLIENT_AUTH_ENV.secret, CLIENT_AUTH_ENV.secretFile),
    '--secret-file': take(CLIENT_AUTH_ENV.secretFile, CLIENT_AUTH_ENV.secret),
  });
}
