/**
 * What the agent's isolators provide beyond isolation (their Supports answers, asked once): the
 * named networks containers can join and the volume source types they can mount. A task asking
 * for a network or a volume source no isolator provides fails before anything is launched, with
 * a reason naming the field and the isolators configured; the networks are advertised to the
 * master (NETWORKS_ATTRIBUTE), which then refuses an unknown name at ACCEPT.
 */
import type { ContainerInfo } from '@plateau/mesos';
import { InvalidError, type Isolator, isolatorSupports, messageOf, PlateauError, ErrorCodes } from '@plateau/kernel';
import type { NamedModule } from './containerizer';

/** What the isolators provide, each thing with the isolator that provides it. */
export interface IsolatorSupport {
  /** Network name → label of the isolator that joins containers to it. */
  networks: Map<string, string>;
  /** Volume.Source.Type name → label of the isolator that mounts it. */
  volumeSources: Map<string, string>;
  /** Labels of every isolator configured, for messages. */
  isolators: string[];
}

/** An IsolatorSupport in which nothing is provided. */
export function noSupport(isolators: string[] = []): IsolatorSupport {
  return { networks: new Map(), volumeSources: new Map(), isolators };
}

/**
 * Asks every isolator's Supports. A module error fails (naming the isolator); two isolators
 * providing the same network or volume source is a configuration error naming both.
 */
export async function askSupport(isolators: readonly NamedModule<Isolator>[]): Promise<IsolatorSupport> {
  const out = noSupport(isolators.map((i) => i.label));
  for (const iso of isolators) {
    let answer;
    try {
      answer = await isolatorSupports(iso.module);
    } catch (err) {
      throw new PlateauError(ErrorCodes.internal, `isolator ${iso.label} could not say what it supports: ${messageOf(err)}`, { cause: err });
    }
    const add = (map: Map<string, string>, what: string, names: string[]) => {
      for (const name of names) {
        const other = map.get(name);
        if (other !== undefined && other !== iso.label) throw new InvalidError(`${what} '${name}' is provided by two isolators, ${other} and ${iso.label}; configure one of them`);
        map.set(name, iso.label);
      }
    };
    add(out.networks, 'network', answer.networks);
    add(out.volumeSources, 'volume source type', answer.volumeSources);
  }
  return out;
}

/** " (isolators: a, b)" or " (no isolator is configured)", for refusals. */
function configured(support: IsolatorSupport): string {
  return support.isolators.length === 0 ? ' (no isolator is configured)' : ` (isolators configured: ${support.isolators.join(', ')})`;
}

/**
 * Refuses a NetworkInfo this agent cannot honour: a name no isolator provides, or port mappings
 * without a named network (the host network has nothing to map through).
 */
export function checkNetworks(container: ContainerInfo | undefined, support: IsolatorSupport): void {
  for (const [i, n] of (container?.network_infos ?? []).entries()) {
    const what = `ContainerInfo.network_infos[${i}]`;
    if (n.name) {
      if (!support.networks.has(n.name)) {
        const known = [...support.networks.keys()];
        throw new InvalidError(`${what}.name: network '${n.name}' is not provided by any isolator of this agent${configured(support)}; networks here: ${known.length ? known.join(', ') : 'none'}`);
      }
    } else if ((n.port_mappings ?? []).length > 0) {
      throw new InvalidError(`${what}.port_mappings need a named network (NetworkInfo.name); the host network has nothing to map them through`);
    }
  }
}

/** The InvalidError for a volume source type no isolator provides. */
export function unsupportedVolumeSource(what: string, type: string, support: IsolatorSupport): InvalidError {
  return new InvalidError(`${what}: source.type ${type} is not supported by this agent: no isolator mounts it${configured(support)}`);
}
