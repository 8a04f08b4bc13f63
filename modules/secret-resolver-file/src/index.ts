import { defineModule } from '@plateau/kernel';
import { FileResolverConfigSchema, type FileResolverConfig } from './config';
import { FileSecretResolver } from './resolver';

export { FileResolverConfigSchema, type FileResolverConfig } from './config';
export { FileSecretResolver } from './resolver';
export { openUnderRoot, checkName } from './open-under-root';

/**
 * secret-resolver.file: REFERENCE secrets from files under `root` (name = relative path, key =
 * a string field of a JSON or YAML file); VALUE secrets as they are.
 */
export default defineModule<FileSecretResolver, FileResolverConfig>({
  kind: 'secret-resolver',
  name: 'file',
  version: '0.1.0',
  apiVersions: ['v1'],
  configSchema: FileResolverConfigSchema,
  create: ({ config, log }) => {
    const r = new FileSecretResolver(config);
    log.info({ root: r.root }, 'resolving secrets from files');
    return r;
  },
});
