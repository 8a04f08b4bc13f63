/**
 * The agent's GET_FLAGS and GET_VERSION answers. GET_FLAGS lists every setting the agent runs
 * with, named as Mesos's agent flags where one exists (`work_dir`, `master`, `isolation`,
 * `launcher`, `image_providers`, `executor_shutdown_grace_period`, `credential`, ...), durations
 * written as Mesos writes them; a setting Mesos has no flag for is listed under its own name in
 * snake_case. Secrets never appear: the credential shows its principal, TLS only whether it is on.
 */
import { encodeMessage, quote, VersionInfoSchema } from '@plateau/mesos';
import { buildInfo } from '@plateau/kernel';
import type { Agent } from '../agent';
import { FETCHER_DEFAULTS } from '../fetcher/index';

/** `1500` → `1500ms`, `3000` → `3secs` (Mesos's duration spelling). */
function duration(ms: number): string {
  if (ms % 86_400_000 === 0 && ms > 0) return `${ms / 86_400_000}days`;
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000}hrs`;
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000}mins`;
  if (ms % 1000 === 0 && ms > 0) return `${ms / 1000}secs`;
  return `${ms}ms`;
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Option keys written under a Mesos flag name (or withheld) below, not by the generic rule. */
const NAMED = new Set(['workDir', 'listen', 'hostname', 'master', 'resources', 'attributes', 'registrationBackoffMs', 'masterSilenceMs', 'statusUpdateRetryMs', 'defaultKillGraceMs', 'sandboxLogs', 'fetcher', 'version', 'hookTimeoutMs', 'credential', 'tls', 'linkTls']);

/** A setting as a flag value: durations (`…Ms`) in Mesos's spelling, objects as JSON. */
function valueOf(key: string, v: unknown): string {
  if (typeof v === 'number' && key.endsWith('Ms')) return duration(v);
  if (typeof v === 'object' && v !== null) return JSON.stringify(v);
  return String(v);
}

/** The agent's settings as Mesos-style flags. */
export function agentFlags(a: Agent): Record<string, string> {
  const o = a.opts;
  const m = a.modules.containerizer;
  const flags: Record<string, string> = {
    work_dir: o.workDir,
    ip: o.listen.host,
    port: String(o.listen.port),
    ...(o.advertiseIp !== undefined ? { advertise_ip: o.advertiseIp } : {}),
    ...(o.advertisePort !== undefined ? { advertise_port: String(o.advertisePort) } : {}),
    hostname: a.advertisedHostname,
    master: o.master ?? '',
    resources: o.resources ?? 'auto',
    attributes: Object.entries(o.attributes ?? {}).map(([k, v]) => `${k}:${v}`).join(';'),
    launcher: m.launcher.label,
    isolation: m.isolators.map((i) => i.label).join(','),
    image_providers: m.provisioner?.label ?? '',
    hooks: m.hooks.map((h) => h.label).join(','),
    secret_resolver: m.secretResolver?.label ?? '',
    executor_shutdown_grace_period: duration(o.defaultKillGraceMs),
    registration_backoff_factor: duration(o.registrationBackoffMs),
    master_silence_timeout: duration(o.masterSilenceMs),
    status_update_retry_interval: duration(o.statusUpdateRetryMs),
    container_logger_max_size: String(o.sandboxLogs.maxBytes),
    container_logger_max_files: String(o.sandboxLogs.keep),
    fetcher_cache_dir: o.fetcher?.cacheDir ?? `${o.workDir}/fetch`,
    fetcher_cache_size: String(o.fetcher?.cacheMaxBytes ?? FETCHER_DEFAULTS.cacheMaxBytes),
    hook_timeout: o.hookTimeoutMs === undefined ? '' : duration(o.hookTimeoutMs),
    credential: o.credential?.principal ?? '',
    authenticate_http_readonly: String(a.auth.authenticates),
    authenticate_http_readwrite: String(a.auth.authenticates),
    authenticate_http_executors: String(a.auth.authenticates),
    authorizer: String(a.auth.authorizes),
    ssl_enabled: String(o.tls !== undefined),
    logging_level: a.log.level,
    version: o.version,
  };
  // Settings added to AgentOptions that have no Mesos name above, under their own.
  for (const [key, v] of Object.entries(o)) {
    if (NAMED.has(key) || v === undefined || typeof v === 'function') continue;
    const name = snake(key.replace(/Ms$/, ''));
    if (!(name in flags)) flags[name] = valueOf(key, v);
  }
  return flags;
}

/** Response.GetFlags. */
export function flagsJson(a: Agent): string {
  const list = Object.entries(agentFlags(a)).map(([k, v]) => `{"name":${quote(k)},"value":${quote(v)}}`);
  return `{"type":"GET_FLAGS","get_flags":{"flags":[${list.join(',')}]}}`;
}

/** Response.GetVersion. */
export function versionJson(a: Agent): string {
  return `{"type":"GET_VERSION","get_version":{"version_info":${encodeMessage(VersionInfoSchema, buildInfo(a.opts.version, __dirname))}}}`;
}
