/**
 * The master of `plateau up` (one agent or several): options from the config's master section,
 * agent access (credentials, TLS) applied, its modules' metrics exposed, started in this process.
 */
import type { Logger } from '@plateau/kernel';
import { exposeModuleMetrics, formatHostPort, Master, MASTER_DEFAULTS, type MasterOptions, masterModules, parseHostPort } from '@plateau/master';
import { applyAgentAccess } from './master-agent-access';
import type { PreparedRole } from './role-process';

/** How quickly the master gives up on a silent agent (up --agents shortens it, to try failover). */
export interface UpMasterPings {
  agentPingTimeoutMs: number;
  maxAgentPingTimeouts: number;
}

/** Starts the master of `prepared` (its config has a master: section); `address` is where this machine reaches it. */
export async function startUpMaster(prepared: PreparedRole, log: Logger, pings?: UpMasterPings): Promise<{ master: Master; address: string }> {
  const { config, host } = prepared;
  const m = config.master!;
  const version = require('../package.json').version as string;
  const listen = parseHostPort(m.listen, 'master.listen');
  const address = formatHostPort({ host: ['0.0.0.0', '::'].includes(listen.host) ? '127.0.0.1' : listen.host, port: listen.port });
  const options: MasterOptions = {
    listen,
    cluster: config.cluster,
    allocationIntervalMs: m.allocator?.intervalMs ?? MASTER_DEFAULTS.allocationIntervalMs,
    offerTimeoutMs: m.allocator?.offerTimeoutMs,
    heartbeatIntervalMs: MASTER_DEFAULTS.heartbeatIntervalMs,
    agentPingTimeoutMs: pings?.agentPingTimeoutMs ?? MASTER_DEFAULTS.agentPingTimeoutMs,
    maxAgentPingTimeouts: pings?.maxAgentPingTimeouts ?? MASTER_DEFAULTS.maxAgentPingTimeouts,
    agentReregisterTimeoutMs: m.agentReregisterTimeoutMs ?? MASTER_DEFAULTS.agentReregisterTimeoutMs,
    authenticateAgents: m.authenticateAgents ?? false,
    maxCompletedTasksPerFramework: MASTER_DEFAULTS.maxCompletedTasksPerFramework,
    maxCompletedFrameworks: MASTER_DEFAULTS.maxCompletedFrameworks,
    version,
    tls: prepared.tls.master,
  };
  applyAgentAccess(options, m, prepared.tls);
  const master = new Master(options, log.child({ role: 'master' }), masterModules(host, m, log));
  exposeModuleMetrics(master, prepared.metrics);
  await master.start();
  return { master, address };
}
