import { defineModule, Tokens } from '@plateau/kernel';
import { CniConfigSchema, withDefaults, type CniConfig } from './config';
import { loadNetworks } from './conf';
import { CniIsolator } from './cni-isolator';
import { findPlugin } from './invoke';

export { CniIsolator } from './cni-isolator';
export { loadNetworks, parseNetworkFile, CNI_NAME, type NetworkList, type PluginConf, type LoadedNetwork } from './conf';
export { runPlugin, findPlugin, CniError, type CniResult, type PluginRun } from './invoke';
export { addNetwork, delNetwork, pluginRequest, addressesOf, type Attachment } from './attach';
export { createNetns, removeNetns, isMounted } from './netns';
export { resolvConf, hostsFile } from './etc-files';
export { portMappingsOf, portRanges, type PortMapping } from './ports';
export { CniConfigSchema, withDefaults, type CniConfig } from './config';

/**
 * network-cni: an isolator joining containers to named CNI networks (spec 1.0.0) with the plugins
 * in binDirs. The networks are read from confDirs at start; every plugin they name must be found,
 * so a misconfigured network fails the agent's start rather than each task.
 */
export default defineModule<CniIsolator, CniConfig, { log: typeof Tokens.logger }>({
  kind: 'isolator',
  name: 'cni',
  version: '0.1.0',
  apiVersions: ['v1'],
  configSchema: CniConfigSchema,
  deps: { log: Tokens.logger },
  async create({ config, deps, dirs }) {
    const cfg = withDefaults(config);
    const networks = loadNetworks(cfg.confDirs);
    const types = new Set([...networks.values()].flatMap((n) => n.list.plugins.map((p) => p.type)));
    if (cfg.loopback && networks.size > 0) types.add('loopback');
    for (const t of types) findPlugin(t, cfg.binDirs);
    deps.log.info({ networks: [...networks.values()].map((n) => ({ name: n.list.name, file: n.file, plugins: n.list.plugins.map((p) => p.type) })) }, 'CNI networks loaded');
    return new CniIsolator(cfg, networks, dirs, deps.log);
  },
  stop: (isolator) => isolator.close(),
});
