import { defineModule, Tokens } from '@plateau/kernel';
import { StandaloneConfigSchema, type StandaloneConfig } from './config';
import { StandaloneContender } from './standalone';

/**
 * contender-standalone: the embedded default for a single machine. It serves the contender,
 * detector and registry kinds: the process leads unless another live master on the same
 * machine holds the lock in `dir`; the registry is a local file written atomically.
 */
export default defineModule<StandaloneContender, StandaloneConfig, { log: typeof Tokens.logger }>({
  kind: 'contender',
  name: 'standalone',
  version: '0.1.0',
  apiVersions: ['v1'],
  provides: ['detector', 'registry'],
  configSchema: StandaloneConfigSchema,
  deps: { log: Tokens.logger },
  create: ({ config, deps, dirs }) => new StandaloneContender(config.dir ?? dirs.state, config, deps.log),
  stop: (contender) => contender.close(),
});
