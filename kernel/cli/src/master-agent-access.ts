/**
 * How the master reaches agents' HTTP APIs (the web UI's log proxy): the TLS material of
 * master.agentCa / master.tls, and master.agentCredential with its secret read, as
 * agent.credential's is (secretFile: its content, a trailing newline dropped).
 */
import type { PlateauConfig, RoleTls } from '@plateau/kernel';
import type { MasterOptions } from '@plateau/master';
import { readCredential } from './credential-config';

/** master.agentCredential with its secret read. */
export function masterAgentCredential(config: PlateauConfig['master']): { principal: string; secret: string } | undefined {
  return readCredential(config?.agentCredential, 'master.agentCredential');
}

/** The master options of agent access: set on `options` from the config and its TLS material. */
export function applyAgentAccess(options: MasterOptions, config: PlateauConfig['master'], tls: RoleTls): void {
  options.agentTls = tls.masterToAgents;
  options.agentCredential = masterAgentCredential(config);
}
