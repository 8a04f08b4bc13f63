import { defineModule } from '@plateau/kernel';
import { OwnerLabelsConfigSchema, type OwnerLabelsConfig } from './config';
import { OwnerLabelsHook } from './hook';

export { OwnerLabelsConfigSchema, type OwnerLabelsConfig } from './config';
export { OwnerLabelsHook, type Decoration } from './hook';

/**
 * hook.owner-labels: an in-house hook, loaded by path
 * (`modules: { owners: { use: ./examples/hook-owner-labels, config: { owner: team-web } } }`)
 * or spawned as its own binary, `plateau-hook-owner-labels`.
 */
export default defineModule<OwnerLabelsHook, OwnerLabelsConfig>({
  kind: 'hook',
  name: 'owner-labels',
  version: '0.1.0',
  apiVersions: ['v1'],
  configSchema: OwnerLabelsConfigSchema,
  create: ({ config, log }) => {
    log.info({ owner: config.owner, labels: Object.keys(config.labels ?? {}) }, 'stamping owner labels');
    return new OwnerLabelsHook(config);
  },
});
