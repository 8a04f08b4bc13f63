import { defineModule } from '@plateau/kernel';
import { ZkConfigSchema, type ZkConfig } from './config';
import { ZkContender } from './contender';

/**
 * contender-zk: leader election, leader detection and the master registry over a ZooKeeper
 * ensemble, in Mesos's layout (ephemeral sequential `json.info_` znodes holding MasterInfo JSON
 * under `path`; the lowest sequence leads), so tools that find a Mesos leader in ZooKeeper find
 * Plateau's. The registry lives under `<path>/registry` with versioned writes.
 */
export default defineModule<ZkContender, ZkConfig>({
  kind: 'contender',
  name: 'zookeeper',
  version: '0.1.0',
  apiVersions: ['v1'],
  provides: ['detector', 'registry'],
  configSchema: ZkConfigSchema,
  create: ({ config, log }) => new ZkContender(config, log),
  stop: (contender) => contender.close(),
});

export { ZkConfigSchema, type ZkConfig } from './config';
export { ZkContender } from './contender';
export { toMesosJson, fromMesosData, ipToMesosInt, mesosIntToIp } from '@plateau/kernel';
