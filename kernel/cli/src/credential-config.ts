/**
 * A credential of the config (agent.credential, master.agentCredential) with its secret read:
 * secretFile's content without its trailing newline. A missing, unreadable or empty secret is a
 * config error naming the key.
 */
import { readFileSync } from 'node:fs';
import { type CredentialConfig, ErrorCodes, PlateauError } from '@plateau/kernel';

/** `c` (at config key `key`) with its secret, or undefined when the config has none. */
export function readCredential(c: CredentialConfig | undefined, key: string): { principal: string; secret: string } | undefined {
  if (c === undefined) return undefined;
  if (c.secret !== undefined) return { principal: c.principal, secret: c.secret };
  if (c.secretFile === undefined) throw new PlateauError(ErrorCodes.invalid, `${key}: give secret or secretFile`);
  let secret: string;
  try {
    secret = readFileSync(c.secretFile, 'utf8').replace(/\r?\n$/, '');
  } catch (err) {
    throw new PlateauError(ErrorCodes.invalid, `${key}.secretFile: cannot read '${c.secretFile}': ${(err as Error).message}`);
  }
  if (secret === '') throw new PlateauError(ErrorCodes.invalid, `${key}.secretFile: '${c.secretFile}' is empty`);
  return { principal: c.principal, secret };
}
