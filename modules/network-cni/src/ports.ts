/**
 * NetworkInfo.port_mappings as the portmap plugin's `portMappings` capability takes them, checked
 * against the container's `ports` resources: a host port outside them is refused, naming it (the
 * offer's ports are what the scheduler was given; another port could be another task's).
 */
import { InvalidError } from '@plateau/kernel';

/** One mapping, as CONVENTIONS.md's portMappings capability has it. */
export interface PortMapping {
  hostPort: number;
  containerPort: number;
  protocol: 'tcp' | 'udp';
}

/** A NetworkInfo.PortMapping in Mesos v1 JSON. */
export interface MesosPortMapping {
  host_port?: number;
  container_port?: number;
  protocol?: string;
}

/** The `ports` ranges among resources (begin/end as numbers). */
export function portRanges(resources: readonly { name?: string | null; ranges?: readonly { begin?: unknown; end?: unknown }[] | null }[] | null | undefined): [number, number][] {
  return (resources ?? []).filter((r) => r.name === 'ports').flatMap((r) => (r.ranges ?? []).map((x) => [Number(x.begin), Number(x.end)] as [number, number]));
}

/** The checked mappings of one NetworkInfo; `what` names it in errors. */
export function portMappingsOf(mappings: readonly MesosPortMapping[] | undefined, ranges: readonly [number, number][], what: string): PortMapping[] {
  const out: PortMapping[] = [];
  (mappings ?? []).forEach((m, i) => {
    const at = `${what}.port_mappings[${i}]`;
    const host = Number(m.host_port);
    const container = Number(m.container_port);
    const protocol = (m.protocol ?? 'tcp').toLowerCase();
    if (!Number.isInteger(host) || host < 1 || host > 65535) throw new InvalidError(`${at}.host_port must be a port number 1-65535 (got ${String(m.host_port)})`);
    if (!Number.isInteger(container) || container < 1 || container > 65535) throw new InvalidError(`${at}.container_port must be a port number 1-65535 (got ${String(m.container_port)})`);
    if (protocol !== 'tcp' && protocol !== 'udp') throw new InvalidError(`${at}.protocol must be tcp or udp (got '${m.protocol}')`);
    if (!ranges.some(([b, e]) => host >= b && host <= e)) {
      const have = ranges.length ? ranges.map(([b, e]) => (b === e ? `${b}` : `${b}-${e}`)).join(', ') : 'none';
      throw new InvalidError(`${at}.host_port ${host} is not among the task's ports resources (ports: ${have})`);
    }
    out.push({ hostPort: host, containerPort: container, protocol });
  });
  return out;
}

/** Refuses one host port and protocol mapped twice across all networks of a container. */
export function checkDistinct(all: readonly PortMapping[], what: string): void {
  const seen = new Set<string>();
  for (const m of all) {
    const k = `${m.protocol}/${m.hostPort}`;
    if (seen.has(k)) throw new InvalidError(`${what}: host port ${m.hostPort}/${m.protocol} is mapped twice`);
    seen.add(k);
  }
}
