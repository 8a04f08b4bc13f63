#!/usr/bin/env node
'use strict';
// Makes the files config/secure.yaml names, for a first secured cluster on one machine:
//
//   <dir>/ca.pem, ca-key.pem            a CA (EC P-256, 365 days) that signs the two below
//   <dir>/master.pem, master-key.pem    the master's certificate (127.0.0.1, localhost)
//   <dir>/agent.pem, agent-key.pem      the agent's certificate, also its client certificate on the link
//   <dir>/token.key                     32 random bytes: the key of executor tokens (master and agents)
//   <dir>/credentials.yaml              scrypt hashes of the principals ops, agent and demo
//   <dir>/<principal>.secret            each principal's secret, 0600, for --secret-file
//   <dir>/secrets/db-password           an example secret for the file secret resolver
//
// <dir> is $PLATEAU_SECURE_DIR, else <workDir>/secure ($PLATEAU_WORK_DIR or ./.plateau). Files
// that exist are kept (so secrets and certificates survive a re-run); --force makes them anew.
// Every key and secret is 0600 and the directory 0700. Production clusters should use their own
// CA and credentials: this is what a laptop or a test cluster needs, nothing more.

const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { execFileSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const PRINCIPALS = ['ops', 'agent', 'demo'];

function fail(message) {
  process.stderr.write(`secure-init: ${message}\n`);
  process.exit(1);
}

function openssl(args, cwd) {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    fail(`openssl ${args.join(' ')} failed: ${(e.stderr && e.stderr.toString().trim()) || e.message}`);
  }
}

function writePrivate(file, data) {
  fs.writeFileSync(file, data, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

function makeCa(dir) {
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', '365', '-subj', '/CN=plateau-secure-ca', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  fs.chmodSync(path.join(dir, 'ca-key.pem'), 0o600);
}

/** A certificate signed by the CA, usable as a server and as a client certificate. */
function makeCert(dir, name) {
  const ext = path.join(dir, `${name}.ext`);
  fs.writeFileSync(ext, ['subjectAltName=IP:127.0.0.1,DNS:localhost', 'extendedKeyUsage=serverAuth,clientAuth', 'basicConstraints=CA:FALSE', ''].join('\n'));
  openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}-key.pem`, '-out', `${name}.csr`, '-subj', `/CN=plateau-${name}`], dir);
  openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-out', `${name}.pem`, '-days', '365', '-extfile', ext], dir);
  fs.chmodSync(path.join(dir, `${name}-key.pem`), 0o600);
  for (const f of [ext, path.join(dir, `${name}.csr`)]) fs.rmSync(f, { force: true });
}

function hashSecret(secret) {
  let hash;
  try {
    ({ hashSecret: hash } = require(path.join(ROOT, 'modules/authn-basic/lib/src/secrets.js')));
  } catch (e) {
    fail(`modules/authn-basic is not built (${e.message}); run npm run setup first`);
  }
  return hash(secret);
}

function main() {
  const force = process.argv.includes('--force');
  const workDir = path.resolve(process.env.PLATEAU_WORK_DIR || path.join(ROOT, '.plateau'));
  const dir = path.resolve(process.env.PLATEAU_SECURE_DIR || path.join(workDir, 'secure'));
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  const has = (f) => !force && fs.existsSync(path.join(dir, f));
  const made = [];

  if (!has('ca.pem') || !has('ca-key.pem')) {
    makeCa(dir);
    made.push('ca.pem');
  }
  for (const name of ['master', 'agent']) {
    if (made.includes('ca.pem') || !has(`${name}.pem`) || !has(`${name}-key.pem`)) {
      makeCert(dir, name);
      made.push(`${name}.pem`);
    }
  }
  if (!has('token.key')) {
    writePrivate(path.join(dir, 'token.key'), crypto.randomBytes(32));
    made.push('token.key');
  }
  let newSecrets = false;
  for (const p of PRINCIPALS) {
    if (!has(`${p}.secret`)) {
      writePrivate(path.join(dir, `${p}.secret`), crypto.randomBytes(18).toString('base64url'));
      made.push(`${p}.secret`);
      newSecrets = true;
    }
  }
  if (newSecrets || !has('credentials.yaml')) {
    const lines = ['# Made by scripts/secure-init.js: scrypt hashes of the secrets in <principal>.secret.', 'credentials:'];
    for (const p of PRINCIPALS) lines.push(`  - principal: ${p}`, `    secret: '${hashSecret(fs.readFileSync(path.join(dir, `${p}.secret`), 'utf8'))}'`);
    writePrivate(path.join(dir, 'credentials.yaml'), `${lines.join('\n')}\n`);
    made.push('credentials.yaml');
  }
  const secrets = path.join(dir, 'secrets');
  fs.mkdirSync(secrets, { recursive: true, mode: 0o700 });
  if (!has('secrets/db-password')) {
    writePrivate(path.join(secrets, 'db-password'), crypto.randomBytes(12).toString('base64url'));
    made.push('secrets/db-password');
  }
  process.stdout.write(made.length > 0 ? `secure-init: ${dir}: made ${made.join(', ')}\n` : `secure-init: ${dir}: up to date\n`);
  process.stdout.write(`secure-init: the CLI talks to config/secure.yaml's cluster as the operator with\n  export PLATEAU_CA=${dir}/ca.pem PLATEAU_PRINCIPAL=ops PLATEAU_SECRET_FILE=${dir}/ops.secret\n`);
}

main();
