/**
 * How the master reaches agents' HTTP APIs (the web UI's log proxy): the TLS material of
 * master.agentCa / master.tls, and master.agentCredential with its secret read, as
 * agent.credential's is (secretFile: its content, a trailing newline dropped).
 */
import { readFileSync } from 'node:fs';
import { ErrorCodes, type PlateauConfig, PlateauError, type RoleTls } from '@plateau/kernel';
import type { MasterOptions } from '@plateau/master';

/** master.agentCredential with its secret read. */
export function masterAgentCredential(config: PlateauConfig['master']): { principal: string; secret: string } | undefined {
  const c = config?.agentCredential;
  if (c === undefined) return undefined;
  if (c.secret !== undefined) return { principal: c.principal, secret: c.secret };
  if (c.secretFile === undefined) throw new PlateauError(ErrorCodes.invalid, 'master.agentCredential: give secret or secretFile');
  let secret: string;
  try {
    secret = readFileSync(c.secretFile, 'utf8').replace(/\r?\n$/, '');
  } catch (err) {
    throw new PlateauError(ErrorCodes.invalid, `master.agentCredential.secretFile: cannot read '${c.secretFile}': ${(err as Error).message}`);
  }
  if (secret === '') throw new PlateauError(ErrorCodes.invalid, `master.agentCredential.secretFile: '${c.secretFile}' is empty`);
  return { principal: c.principal, secret };
}

/** The master options of agent access: set on `options` from the config and its TLS material. */
export function applyAgentAccess(options: MasterOptions, config: PlateauConfig['master'], tls: RoleTls): void {
  options.agentTls = tls.masterToAgents;
  options.agentCredential = masterAgentCredential(config);
}
