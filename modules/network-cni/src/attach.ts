/**
 * ADD and DEL of one network list for one container (the spec's runtime rules): ADD runs the
 * plugins in order, each given the previous one's result as prevResult; DEL runs them in reverse,
 * each given the final ADD result. A plugin's request is its object from the list with the list's
 * cniVersion and name, and runtimeConfig holding the capabilities it declares that the runtime
 * supplies (portMappings).
 */
import type { NetworkList, PluginConf } from './conf';
import { type CniResult, runPlugin } from './invoke';
import type { PortMapping } from './ports';

/** One network of one container: what its DEL needs (the checkpoint holds it). */
export interface Attachment {
  network: string;
  ifname: string;
  list: NetworkList;
  portMappings: PortMapping[];
  /** The final ADD result; null until ADD succeeded. */
  result: CniResult | null;
}

/** Where and how plugins run. */
export interface RunContext {
  containerId: string;
  netns: string;
  binDirs: readonly string[];
  timeoutMs: number;
}

/** The stdin request of `plugin`. */
export function pluginRequest(list: NetworkList, plugin: PluginConf, runtime: Record<string, unknown>, prevResult: CniResult | null | undefined): Record<string, unknown> {
  const { capabilities, ...rest } = plugin;
  const req: Record<string, unknown> = { ...rest, cniVersion: list.cniVersion, name: list.name };
  const rc: Record<string, unknown> = {};
  for (const [cap, on] of Object.entries(capabilities ?? {})) if (on === true && runtime[cap] !== undefined) rc[cap] = runtime[cap];
  if (Object.keys(rc).length > 0) req.runtimeConfig = rc;
  if (prevResult) req.prevResult = prevResult;
  return req;
}

/** What the runtime supplies to capabilities. */
function runtimeOf(a: Attachment): Record<string, unknown> {
  return a.portMappings.length > 0 ? { portMappings: a.portMappings } : {};
}

/** Whether some plugin of the list declares the capability. */
export function hasCapability(list: NetworkList, cap: string): boolean {
  return list.plugins.some((p) => p.capabilities?.[cap] === true);
}

/** ADD: the final result. */
export async function addNetwork(a: Attachment, ctx: RunContext): Promise<CniResult> {
  let prev: CniResult | undefined;
  for (const plugin of a.list.plugins) {
    const r = await runPlugin({ type: plugin.type, command: 'ADD', containerId: ctx.containerId, netns: ctx.netns, ifname: a.ifname, binDirs: ctx.binDirs, timeoutMs: ctx.timeoutMs, stdin: pluginRequest(a.list, plugin, runtimeOf(a), prev) });
    prev = r ?? prev;
  }
  return prev ?? { cniVersion: a.list.cniVersion };
}

/** DEL, in reverse order; stops at the first error (the spec's rule; DEL is repeated later). */
export async function delNetwork(a: Attachment, ctx: RunContext): Promise<void> {
  for (const plugin of [...a.list.plugins].reverse()) {
    await runPlugin({ type: plugin.type, command: 'DEL', containerId: ctx.containerId, netns: ctx.netns, ifname: a.ifname, binDirs: ctx.binDirs, timeoutMs: ctx.timeoutMs, stdin: pluginRequest(a.list, plugin, runtimeOf(a), a.result) });
  }
}

/** The addresses of a result, without prefix length, IPv4 first. */
export function addressesOf(result: CniResult | null | undefined): { protocol: 'IPv4' | 'IPv6'; ip: string }[] {
  const all = (result?.ips ?? []).map((x) => {
    const ip = String(x.address ?? '').split('/')[0] ?? '';
    return { protocol: ip.includes(':') ? ('IPv6' as const) : ('IPv4' as const), ip };
  });
  return [...all.filter((x) => x.protocol === 'IPv4'), ...all.filter((x) => x.protocol === 'IPv6')].filter((x) => x.ip !== '');
}
