/**
 * The master's settings, their defaults (Mesos's where Mesos has one), and the parsing of the
 * address and duration forms the command line accepts.
 */
import { PlateauError, ErrorCodes, type ClientTls, type ServerTls } from '@plateau/kernel';

/** Where the master listens: HTTP/1.1 (the v1 APIs) and HTTP/2 gRPC (the agent link) share it. */
export interface HostPort {
  host: string;
  port: number;
}

/** Everything the master needs to know, resolved from plateau.yaml and the command line. */
export interface MasterOptions {
  /** Listen address. One port serves the HTTP APIs and the gRPC agent link. */
  listen: HostPort;
  /** Hostname advertised to frameworks, agents and redirects (default: the listen host, or the machine's name when that is 0.0.0.0). */
  hostname?: string;
  /**
   * The address agents and frameworks reach this master at, when not the listen address (NAT,
   * containers, a wildcard listen): MasterInfo's ip/port/address/pid and what the contender
   * publishes (Mesos --advertise_ip, --advertise_port). The master does not bind to it.
   */
  advertiseIp?: string;
  advertisePort?: number;
  /** Cluster name (plateau.yaml `cluster`). */
  cluster?: string;
  /** Time between allocation rounds, ms (master.allocator.intervalMs; Mesos --allocation_interval 1 s). */
  allocationIntervalMs: number;
  /** Rescind offers not answered within this many ms (master.allocator.offerTimeoutMs); undefined: never. */
  offerTimeoutMs?: number;
  /** HEARTBEAT period of scheduler streams, ms (Mesos: 15 s). */
  heartbeatIntervalMs: number;
  /** Period of agent pings, ms (Mesos --agent_ping_timeout 15 s). */
  agentPingTimeoutMs: number;
  /** Missed pings after which an agent is unreachable (Mesos --max_agent_ping_timeouts 5). */
  maxAgentPingTimeouts: number;
  /** How long a new leader waits for agents of the registry to re-register, ms (Mesos 10 min). */
  agentReregisterTimeoutMs: number;
  /** Agents must authenticate on the agent link (master.authenticateAgents; Mesos --authenticate_agents). */
  authenticateAgents?: boolean;
  /** Finished tasks kept per framework for the APIs (Mesos --max_completed_tasks_per_framework 1000). */
  maxCompletedTasksPerFramework: number;
  /** Removed frameworks kept for the APIs (Mesos --max_completed_frameworks 50). */
  maxCompletedFrameworks: number;
  /** Version string reported by the APIs. */
  version: string;
  /** Flags shown by GET_FLAGS and /master/state, as strings. */
  flags?: Record<string, string>;
  /** Deadline of one hook call, ms (default: the kernel's HOOK_TIMEOUT_MS). */
  hookTimeoutMs?: number;
  /** TLS on the port (master.tls): HTTPS and the agent link over TLS; undefined: plain TCP. */
  tls?: ServerTls;
  /**
   * How the master reads from agents that serve HTTPS (the UI's log proxy): the CA their
   * certificates chain to (master.agentCa, else master.tls.ca) and master.tls's certificate as
   * client certificate; undefined: the system CAs, no client certificate.
   */
  agentTls?: ClientTls;
  /** The master's credential toward agents that authenticate (master.agentCredential), sent as HTTP Basic. */
  agentCredential?: { principal: string; secret: string };
}

/** Mesos's defaults for what the command line does not set. */
export const MASTER_DEFAULTS = {
  allocationIntervalMs: 1000,
  heartbeatIntervalMs: 15_000,
  agentPingTimeoutMs: 15_000,
  maxAgentPingTimeouts: 5,
  agentReregisterTimeoutMs: 10 * 60_000,
  maxCompletedTasksPerFramework: 1000,
  maxCompletedFrameworks: 50,
} as const;

/** Parses `HOST:PORT` (`[v6]:PORT` too). Throws PlateauError naming `what`. */
export function parseHostPort(text: string, what = 'address'): HostPort {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new PlateauError(ErrorCodes.invalid, `${what}: expected HOST:PORT, got '${text}'`);
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}

/** `host:port`, bracketing an IPv6 host. */
export function formatHostPort(hp: HostPort): string {
  return hp.host.includes(':') ? `[${hp.host}]:${hp.port}` : `${hp.host}:${hp.port}`;
}

const UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  ms: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  h: 3_600_000,
  hrs: 3_600_000,
  d: 86_400_000,
  days: 86_400_000,
};

/**
 * Parses a duration the way Mesos flags write them (`15secs`, `200ms`, `10mins`, `1.5s`) into
 * milliseconds; a bare number is milliseconds. Throws PlateauError naming `what`.
 */
export function parseDuration(text: string, what = 'duration'): number {
  const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? (m[2] === '' ? 1 : UNITS[m[2]!.toLowerCase()]) : undefined;
  if (!m || unit === undefined) throw new PlateauError(ErrorCodes.invalid, `${what}: expected a duration like 15secs or 200ms, got '${text}'`);
  return Number(m[1]) * unit;
}

/** A duration in Mesos's flag form: `15secs`, `200ms`. */
export function formatDuration(ms: number): string {
  if (ms % 60_000 === 0 && ms >= 60_000) return `${ms / 60_000}mins`;
  if (ms % 1000 === 0) return `${ms / 1000}secs`;
  return `${ms}ms`;
}
