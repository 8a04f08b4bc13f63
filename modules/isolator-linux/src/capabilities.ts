import { InvalidError } from '@plateau/kernel';

/** Linux capabilities by number (include/uapi/linux/capability.h), without the CAP_ prefix. */
export const CAPABILITY_NUMBERS: Readonly<Record<string, number>> = {
  CHOWN: 0,
  DAC_OVERRIDE: 1,
  DAC_READ_SEARCH: 2,
  FOWNER: 3,
  FSETID: 4,
  KILL: 5,
  SETGID: 6,
  SETUID: 7,
  SETPCAP: 8,
  LINUX_IMMUTABLE: 9,
  NET_BIND_SERVICE: 10,
  NET_BROADCAST: 11,
  NET_ADMIN: 12,
  NET_RAW: 13,
  IPC_LOCK: 14,
  IPC_OWNER: 15,
  SYS_MODULE: 16,
  SYS_RAWIO: 17,
  SYS_CHROOT: 18,
  SYS_PTRACE: 19,
  SYS_PACCT: 20,
  SYS_ADMIN: 21,
  SYS_BOOT: 22,
  SYS_NICE: 23,
  SYS_RESOURCE: 24,
  SYS_TIME: 25,
  SYS_TTY_CONFIG: 26,
  MKNOD: 27,
  LEASE: 28,
  AUDIT_WRITE: 29,
  AUDIT_CONTROL: 30,
  SETFCAP: 31,
  MAC_OVERRIDE: 32,
  MAC_ADMIN: 33,
  SYSLOG: 34,
  WAKE_ALARM: 35,
  BLOCK_SUSPEND: 36,
  AUDIT_READ: 37,
  PERFMON: 38,
  BPF: 39,
  CHECKPOINT_RESTORE: 40,
};

/** Docker's default capability set (14). */
export const DOCKER_DEFAULT_CAPABILITIES = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FSETID',
  'CAP_FOWNER',
  'CAP_MKNOD',
  'CAP_NET_RAW',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETFCAP',
  'CAP_SETPCAP',
  'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT',
  'CAP_KILL',
  'CAP_AUDIT_WRITE',
] as const;

/**
 * This isolator's default: Docker's set without NET_RAW. Tasks share the host's network unless a
 * network module gives them their own, and NET_RAW there lets a task forge packets and sniff or
 * spoof traffic on the host's interfaces (ARP and ICMP tricks included); ping works without it
 * through the kernel's ping sockets. An agent that wants it back lists it in defaultCapabilities,
 * or in allowedCapabilities for tasks that ask for it.
 */
export const DEFAULT_CAPABILITIES = DOCKER_DEFAULT_CAPABILITIES.filter((c) => c !== 'CAP_NET_RAW');

/** Mesos CapabilityInfo.Capability enum values are 1000 + the Linux capability number. */
const MESOS_ENUM_BASE = 1000;

/**
 * Normalises a capability name to its `CAP_*` form: accepts Mesos names (`NET_ADMIN`), OCI names
 * (`CAP_NET_ADMIN`), any case, and Mesos enum numbers (1012). Unknown names are an InvalidError.
 */
export function normalizeCapability(name: string | number, where = 'capability'): string {
  if (typeof name === 'number') {
    const n = name - MESOS_ENUM_BASE;
    const found = Object.entries(CAPABILITY_NUMBERS).find(([, v]) => v === n);
    if (!found) throw new InvalidError(`${where}: unknown capability number ${name}`);
    return `CAP_${found[0]}`;
  }
  const bare = String(name).trim().toUpperCase().replace(/^CAP_/, '');
  if (!(bare in CAPABILITY_NUMBERS)) throw new InvalidError(`${where}: unknown capability '${name}'`);
  return `CAP_${bare}`;
}

/** Normalises a list of capability names, dropping duplicates and keeping the first order. */
export function normalizeCapabilities(names: readonly (string | number)[], where?: string): string[] {
  return [...new Set(names.map((n) => normalizeCapability(n, where)))];
}

/** The capability set as the 16-hex-digit mask that /proc/<pid>/status shows (CapEff, CapBnd, ...). */
export function capabilityMask(names: readonly string[]): string {
  let mask = 0n;
  for (const n of names) mask |= 1n << BigInt(CAPABILITY_NUMBERS[normalizeCapability(n).slice(4)]!);
  return mask.toString(16).padStart(16, '0');
}

/** Capability names in a /proc status mask (e.g. the value of CapEff). */
export function capabilitiesOfMask(hex: string): string[] {
  const mask = BigInt(`0x${hex.trim()}`);
  return Object.entries(CAPABILITY_NUMBERS)
    .filter(([, n]) => (mask >> BigInt(n)) & 1n)
    .map(([name]) => `CAP_${name}`);
}
