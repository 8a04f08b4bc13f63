import { type CgroupSettings, ConflictError, type LaunchInfo } from '@plateau/kernel';

/** One isolator's contribution, with the module it came from (named in conflicts). */
export interface LaunchInfoPart {
  source: string;
  info: LaunchInfo | null | undefined;
}

/** A merged LaunchInfo and, for each field, which module set it. */
export interface MergedLaunchInfo {
  info: LaunchInfo;
  origin: Map<string, string>;
}

/**
 * mergeLaunchInfo: folds isolators' LaunchInfo parts into one. Lists are unions (mounts by
 * target, environment by name, namespaces by type, devices by path, rlimits by type), maps merge
 * by key, scalars and whole-object settings (seccomp, capabilities, id mappings) may be set by one
 * part only, or by several with the same value. Any other overlap is a ConflictError naming both
 * modules and the field, so a bad combination of isolators fails before anything launches.
 */
export function mergeLaunchInfo(parts: readonly LaunchInfoPart[]): MergedLaunchInfo {
  const origin = new Map<string, string>();
  const out: LaunchInfo = {};
  const claim = (key: string, source: string, same: boolean, shown: string) => {
    const prev = origin.get(key);
    if (prev !== undefined && !same) {
      throw new ConflictError(`launch info conflict on ${shown}: set by ${prev} and by ${source}`);
    }
    if (prev === undefined) origin.set(key, source);
  };

  for (const { source, info } of parts) {
    if (!info) continue;
    keyed(out, 'mounts', info.mounts, (m) => m.target ?? '', 'mount target', source, claim, same);
    keyed(out, 'environment', info.environment, (e) => e.name ?? '', 'environment variable', source, claim, same);
    keyed(out, 'namespaces', info.namespaces, (n) => n.type ?? '', 'namespace', source, claim, same);
    keyed(out, 'devices', info.devices, (d) => d.path ?? '', 'device', source, claim, same);
    keyed(out, 'rlimits', info.rlimits, (r) => r.type ?? '', 'rlimit', source, claim, same);
    for (const field of ['seccompProfileJson', 'workingDir', 'rootfs', 'hostname'] as const) {
      const v = info[field];
      if (v) {
        claim(field, source, out[field] === v, field);
        out[field] = v;
      }
    }
    if (info.noNewPrivileges !== undefined && info.noNewPrivileges !== null) {
      claim('noNewPrivileges', source, out.noNewPrivileges === info.noNewPrivileges, 'noNewPrivileges');
      out.noNewPrivileges = info.noNewPrivileges;
    }
    for (const field of ['capabilities', 'user'] as const) {
      const v = info[field];
      if (v) {
        claim(field, source, same(out[field], v), field);
        (out as Record<string, unknown>)[field] = v;
      }
    }
    for (const field of ['uidMappings', 'gidMappings'] as const) {
      const v = info[field];
      if (v && v.length) {
        claim(field, source, same(out[field], v), field);
        out[field] = v;
      }
    }
    if (info.cgroups) out.cgroups = mergeCgroups(out.cgroups ?? {}, info.cgroups, source, claim);
    if (info.sysctls) {
      out.sysctls ??= {};
      for (const [k, v] of Object.entries(info.sysctls)) {
        claim(`sysctls.${k}`, source, out.sysctls[k] === v, `sysctl ${k}`);
        out.sysctls[k] = v;
      }
    }
    if (info.preExecCommands?.length) out.preExecCommands = [...(out.preExecCommands ?? []), ...info.preExecCommands];
    if (info.maskedPaths?.length) out.maskedPaths = union(out.maskedPaths, info.maskedPaths);
    if (info.readonlyPaths?.length) out.readonlyPaths = union(out.readonlyPaths, info.readonlyPaths);
  }
  return { info: out, origin };
}

type Claim = (key: string, source: string, same: boolean, shown: string) => void;

function keyed<K extends 'mounts' | 'environment' | 'namespaces' | 'devices' | 'rlimits'>(
  out: LaunchInfo,
  field: K,
  items: NonNullable<LaunchInfo[K]> | undefined,
  keyOf: (item: NonNullable<LaunchInfo[K]>[number]) => string,
  what: string,
  source: string,
  claim: Claim,
  equal: (a: unknown, b: unknown) => boolean,
): void {
  if (!items?.length) return;
  const list = ((out[field] ??= [] as never) as unknown[]);
  for (const item of items) {
    const key = keyOf(item);
    const i = list.findIndex((x) => keyOf(x as never) === key);
    claim(`${field}:${key}`, source, i < 0 || equal(list[i], item), `${what} '${key}'`);
    if (i < 0) list.push(item);
  }
}

function mergeCgroups(into: CgroupSettings, add: CgroupSettings, source: string, claim: Claim): CgroupSettings {
  const out: Record<string, unknown> = { ...into };
  for (const [k, v] of Object.entries(add)) {
    if (v === undefined || v === null || k.startsWith('_')) continue;
    if (k === 'unified') {
      const unified = { ...((out.unified as Record<string, string>) ?? {}) };
      for (const [uk, uv] of Object.entries(v as Record<string, string>)) {
        claim(`cgroups.unified.${uk}`, source, unified[uk] === uv, `cgroup setting unified.${uk}`);
        unified[uk] = uv;
      }
      out.unified = unified;
      continue;
    }
    claim(`cgroups.${k}`, source, out[k] === undefined || String(out[k]) === String(v), `cgroup setting ${k}`);
    out[k] = v;
  }
  return out as CgroupSettings;
}

function same(a: unknown, b: unknown): boolean {
  return a === undefined || JSON.stringify(a) === JSON.stringify(b);
}

function union(a: string[] | undefined, b: string[]): string[] {
  return [...new Set([...(a ?? []), ...b])];
}
