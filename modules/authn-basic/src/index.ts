import { defineModule } from '@plateau/kernel';
import { BasicAuthenticator } from './basic-authenticator';
import { BasicAuthnConfigSchema, type BasicAuthnConfig } from './config';
import { loadCredentials } from './credentials';
import { loadTokenKey } from './token-key';

/**
 * authn-basic: the built-in authenticator. HTTP Basic credentials are checked against hashed
 * secrets (a credentials file and/or an inline list); bearer tokens are HS256 JWTs that
 * IssueToken signs with the key of `tokenKeyFile` (or a random key of this process).
 */
export default defineModule<BasicAuthenticator, BasicAuthnConfig>({
  kind: 'authenticator',
  name: 'basic',
  version: '0.1.0',
  apiVersions: ['v1'],
  configSchema: BasicAuthnConfigSchema,
  create: ({ config, log }) => {
    const credentials = loadCredentials({ file: config.credentialsFile, inline: config.credentials }, log);
    if (config.tokenKeyFile === undefined) log.info({}, 'no tokenKeyFile: bearer tokens are signed with a random key and verify only in this process');
    return new BasicAuthenticator(credentials, loadTokenKey(config.tokenKeyFile), config.tokenTtlSeconds);
  },
});
