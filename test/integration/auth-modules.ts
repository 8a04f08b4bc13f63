// The built-in authenticator and authorizer (modules/authn-basic, modules/authz-acl) set up for a
// test cluster: a credentials file (bcrypt hashes), a token key file, and an ACL file in which
// `ops` may do everything and `viewer` may do nothing (a NONE rule for it in every ACL list the
// authorizer knows). Config lines to paste under `master:`, `agent:` and `modules:`, and HS256
// token signing for forged and expired tokens.

import { createHmac, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import bcrypt from 'bcryptjs';
import { makeTempDir } from '@plateau/testkit/tmp';

/** Principals and their secrets. */
export const USERS = { ops: 'ops-secret', viewer: 'view', agent: 'agent-secret', rogue: 'rogue-secret' } as const;

/** `Authorization: Basic ...` of `user:pass`. */
export const basic = (user: string, pass: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` });

/** Files and config lines of the real modules. */
export interface RealAuth {
  dir: string;
  credentialsFile: string;
  tokenKeyFile: string;
  tokenKey: Buffer;
  aclsFile: string;
  /** Under `modules:`: `authn` (authn-basic) and `acl` (authz-acl). */
  moduleLines: string[];
  /** Under `master:` (or `agent:`): authenticator authn, authorizer acl. */
  roleLines: string[];
}

/** The ACL lists of modules/authz-acl with their object keys, read from the module itself so a list added there is denied to `viewer` here too. */
function aclLists(): Record<string, { object: string }> {
  // Loaded at run time: the test project builds without a project reference to the module.
  return (require('@plateau/authz-acl') as { LISTS: Record<string, { object: string }> }).LISTS;
}

/**
 * Writes the files of the real modules and returns them with their config lines. `first`: rules
 * put ahead of `viewer`'s NONE rule in their lists (what a test lets `viewer` do after all).
 */
export function realAuthModules(first: Record<string, unknown[]> = {}): RealAuth {
  const dir = makeTempDir('plateau-real-auth-');
  const credentialsFile = path.join(dir, 'credentials.json');
  fs.writeFileSync(credentialsFile, JSON.stringify({ credentials: Object.entries(USERS).map(([principal, secret]) => ({ principal, secret: bcrypt.hashSync(secret, 4) })) }));
  const tokenKeyFile = path.join(dir, 'token.key');
  const tokenKey = randomBytes(48);
  fs.writeFileSync(tokenKeyFile, tokenKey, { mode: 0o600 });
  const aclsFile = path.join(dir, 'acls.json');
  const acls: Record<string, unknown> = { permissive: true };
  for (const [list, spec] of Object.entries(aclLists())) acls[list] = [...(first[list] ?? []), { principals: { values: ['viewer'] }, [spec.object]: { type: 'NONE' } }];
  fs.writeFileSync(aclsFile, JSON.stringify(acls, null, 2));
  return {
    dir,
    credentialsFile,
    tokenKeyFile,
    tokenKey,
    aclsFile,
    moduleLines: [
      `  authn: { use: authn-basic, config: { credentialsFile: ${JSON.stringify(credentialsFile)}, tokenKeyFile: ${JSON.stringify(tokenKeyFile)} } }`,
      `  acl: { use: authz-acl, config: { aclsFile: ${JSON.stringify(aclsFile)} } }`,
    ],
    roleLines: ['  authenticator: authn', '  authorizer: acl'],
  };
}

/** A JWT of `header` and `payload` signed with HMAC-SHA256 under `key` (whatever `header.alg` says). */
export function signJwt(payload: Record<string, unknown>, key: Buffer, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): string {
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}
