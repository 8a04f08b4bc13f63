import { defineModule } from '@plateau/kernel';
import { EtcdConfigSchema, type EtcdConfig } from './config';
import { EtcdContender } from './contender';

/**
 * contender-etcd: leader election, leader detection and the master registry over an etcd v3
 * cluster: candidates are keys under `<prefix>/election/` bound to leases kept alive, the
 * first created leads (etcd's concurrency.Election), detectors watch the prefix; the registry
 * lives under `<prefix>/registry/`, written in transactions that compare versions.
 */
export default defineModule<EtcdContender, EtcdConfig>({
  kind: 'contender',
  name: 'etcd',
  version: '0.1.0',
  apiVersions: ['v1'],
  provides: ['detector', 'registry'],
  configSchema: EtcdConfigSchema,
  create: ({ config, log }) => new EtcdContender(config, log),
  stop: (contender) => contender.close(),
});

export { EtcdConfigSchema, type EtcdConfig } from './config';
export { EtcdContender } from './contender';
