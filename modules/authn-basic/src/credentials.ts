import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ErrorCodes, type Logger, PlateauError } from '@plateau/kernel';
import { parseSecret, type StoredSecret } from './secrets';

/** The credentials authn-basic knows: principal → stored secret. */
export type Credentials = Map<string, StoredSecret>;

/** A config problem in a credentials source, naming the source (file or config) and the entry. */
export class CredentialsError extends PlateauError {
  constructor(message: string) {
    super(ErrorCodes.moduleConfig, message);
  }
}

/**
 * loadCredentials: the credentials of the file (YAML or JSON: `credentials: [{principal, secret}]`,
 * which is also Mesos's credentials JSON) and of the inline list, merged. Any problem (unreadable
 * file, bad syntax, an entry without principal or secret, a malformed hash, a principal listed
 * twice) is a CredentialsError naming the file and the entry. Plaintext secrets are accepted with
 * one warning per source.
 */
export function loadCredentials(opts: { file?: string; inline?: unknown[] }, log: Pick<Logger, 'warn'>): Credentials {
  const creds: Credentials = new Map();
  const seen = new Map<string, string>();
  if (opts.file !== undefined) addAll(creds, seen, `credentials file ${opts.file}`, entriesOfFile(opts.file), log);
  if (opts.inline !== undefined) addAll(creds, seen, 'config credentials', opts.inline, log);
  return creds;
}

function entriesOfFile(file: string): unknown[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CredentialsError(`credentials file ${file}: cannot be read: ${(err as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text); // YAML is a superset of JSON: Mesos's credentials JSON parses too
  } catch (err) {
    throw new CredentialsError(`credentials file ${file}: not valid YAML or JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  const list = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as { credentials?: unknown }).credentials : undefined;
  if (!Array.isArray(list)) throw new CredentialsError(`credentials file ${file}: expected an object with a list 'credentials: [{principal, secret}, ...]'`);
  if (list.length === 0) throw new CredentialsError(`credentials file ${file}: 'credentials' is empty`);
  return list;
}

function addAll(creds: Credentials, seen: Map<string, string>, source: string, entries: unknown[], log: Pick<Logger, 'warn'>): void {
  let plaintext = 0;
  entries.forEach((entry, i) => {
    const where = `${source}: entry ${i + 1}`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw new CredentialsError(`${where}: expected {principal, secret}`);
    const { principal, secret } = entry as { principal?: unknown; secret?: unknown };
    if (typeof principal !== 'string' || principal === '') throw new CredentialsError(`${where}: 'principal' must be a non-empty string`);
    const named = `${where} (principal '${principal}')`;
    if (principal.includes(':')) throw new CredentialsError(`${named}: a principal cannot contain ':' (HTTP Basic separates it from the secret with one)`);
    if (typeof secret !== 'string' || secret === '') throw new CredentialsError(`${named}: 'secret' must be a non-empty string`);
    const earlier = seen.get(principal);
    if (earlier !== undefined) throw new CredentialsError(`${named}: principal already listed in ${earlier}`);
    let stored: StoredSecret;
    try {
      stored = parseSecret(secret);
    } catch (err) {
      throw new CredentialsError(`${named}: ${(err as Error).message}`);
    }
    if (stored.kind === 'plain') plaintext++;
    seen.set(principal, where);
    creds.set(principal, stored);
  });
  if (plaintext > 0) {
    log.warn(
      { source, plaintext },
      `${source} holds ${plaintext} plaintext secret(s): anyone who can read it can log in; store scrypt hashes instead (plateau-hash-secret)`,
    );
  }
}
