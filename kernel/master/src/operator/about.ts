/**
 * GET_VERSION and GET_FLAGS: about this master process. GET_VERSION is Mesos's VersionInfo (the
 * package version, when its code was built, and the git commit it runs from when known).
 * GET_FLAGS lists every setting the master runs with, named as Mesos's master flags where one
 * exists (`agent_ping_timeout`, `authenticate_agents`, `authenticators`, `authorizers`,
 * `registry`, ...), durations written as Mesos writes them; VIEW_FLAGS is authorized (403 naming
 * the authorizer's reason).
 */
import { encodeMessage, forbidden, VersionInfoSchema } from '@plateau/mesos';
import { buildInfo } from '@plateau/kernel';
import { because } from '../auth';
import type { MasterContext } from '../context';
import { formatDuration } from '../options';
import { quote } from '../views/json';
import { type OperatorHandlers, respond } from './handler';

/** The master's settings as Mesos-style flags (strings), in a stable order. */
export function masterFlags(m: MasterContext): Record<string, string> {
  const o = m.opts;
  const labels = m.moduleLabels;
  const flags: Record<string, string> = {
    ip: o.listen.host,
    port: String(o.listen.port),
    hostname: m.info.hostname ?? '',
    cluster: o.cluster ?? '',
    version: o.version,
    allocation_interval: formatDuration(o.allocationIntervalMs),
    offer_timeout: o.offerTimeoutMs === undefined ? '' : formatDuration(o.offerTimeoutMs),
    heartbeat_interval: formatDuration(o.heartbeatIntervalMs),
    agent_ping_timeout: formatDuration(o.agentPingTimeoutMs),
    max_agent_ping_timeouts: String(o.maxAgentPingTimeouts),
    agent_reregister_timeout: formatDuration(o.agentReregisterTimeoutMs),
    max_completed_frameworks: String(o.maxCompletedFrameworks),
    max_completed_tasks_per_framework: String(o.maxCompletedTasksPerFramework),
    authenticate_agents: String(o.authenticateAgents ?? false),
    authenticate_frameworks: String(m.auth.authenticates),
    authenticate_http_readonly: String(m.auth.authenticates),
    authenticate_http_readwrite: String(m.auth.authenticates),
    authenticators: labels.authenticator ?? '',
    authorizers: labels.authorizer ?? '',
    registry: labels.registry ?? 'in_memory',
    master_contender: labels.contender ?? '',
    master_detector: labels.detector ?? '',
    hooks: labels.hooks ?? '',
    hook_timeout: o.hookTimeoutMs === undefined ? '' : formatDuration(o.hookTimeoutMs),
    logging_level: m.log.level,
    ssl_enabled: String(o.tls !== undefined),
    ssl_require_cert: String(o.tls?.clientAuth === 'require'),
  };
  // What the command line named besides (its own spelling wins for the same name).
  return { ...flags, ...(o.flags ?? {}) };
}

/** Handlers of this group. */
export const aboutHandlers: OperatorHandlers = {
  GET_VERSION: (m) => respond('GET_VERSION', `{"version_info":${encodeMessage(VersionInfoSchema, buildInfo(m.opts.version, __dirname))}}`),
  GET_FLAGS: async (m, _call, caller) => {
    if (m.auth.authorizes) {
      const d = await m.auth.decision(caller, 'VIEW_FLAGS');
      if (!d.allowed) return forbidden(`Not authorized to VIEW_FLAGS${because(d)}`);
    }
    const flags = Object.entries(masterFlags(m)).map(([name, value]) => `{"name":${quote(name)},"value":${quote(value)}}`);
    return respond('GET_FLAGS', `{"flags":[${flags.join(',')}]}`);
  },
};
