/**
 * The files a container on a CNI network sees as /etc/hosts, /etc/resolv.conf and /etc/hostname:
 * written per container from its hostname, its addresses and the ADD result's DNS (the host's
 * resolv.conf when no result has nameservers, as Mesos's CNI isolator does), bind-mounted over
 * the container's own.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CniResult } from './invoke';

/** A bind mount as LaunchInfo carries it. */
export interface BindMount {
  source: string;
  target: string;
  type: string;
  options: string[];
}

/** The resolv.conf text for the results' DNS; undefined when none names a nameserver. */
export function resolvConf(results: readonly (CniResult | undefined)[]): string | undefined {
  const dns = results.map((r) => r?.dns).find((d) => (d?.nameservers ?? []).length > 0);
  if (dns === undefined) return undefined;
  const lines = (dns.nameservers ?? []).map((n) => `nameserver ${n}`);
  const search = dns.search?.length ? dns.search : dns.domain ? [dns.domain] : [];
  if (search.length) lines.push(`search ${search.join(' ')}`);
  if (dns.options?.length) lines.push(`options ${dns.options.join(' ')}`);
  return lines.join('\n') + '\n';
}

/** The hosts file: localhost and the container's addresses under its hostname. */
export function hostsFile(hostname: string, addresses: readonly string[]): string {
  const lines = ['127.0.0.1 localhost', '::1 localhost ip6-localhost ip6-loopback'];
  for (const a of addresses) lines.push(`${a} ${hostname}`);
  return lines.join('\n') + '\n';
}

/** Writes the three files into `dir` and answers their bind mounts. */
export function writeEtcFiles(dir: string, hostname: string, addresses: readonly string[], results: readonly (CniResult | undefined)[], hostResolvConf = '/etc/resolv.conf'): BindMount[] {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  let resolv = resolvConf(results);
  if (resolv === undefined) {
    try {
      resolv = readFileSync(hostResolvConf, 'utf8');
    } catch {
      resolv = '';
    }
  }
  const files: [string, string][] = [
    ['hosts', hostsFile(hostname, addresses)],
    ['resolv.conf', resolv],
    ['hostname', `${hostname}\n`],
  ];
  return files.map(([name, text]) => {
    writeFileSync(join(dir, name), text, { mode: 0o644 });
    return etcMount(dir, name);
  });
}

/** The bind mount of `dir/name` at /etc/name. */
export function etcMount(dir: string, name: string): BindMount {
  return { source: join(dir, name), target: `/etc/${name}`, type: 'bind', options: ['bind', 'rw'] };
}

/** The mounts of files written before (a nested container sharing its parent's). */
export function etcMounts(dir: string): BindMount[] {
  return ['hosts', 'resolv.conf', 'hostname'].map((n) => etcMount(dir, n));
}
