import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir } from './tmp';

// Certificates for TLS tests, made by the real openssl at test time: a CA, a server certificate
// for 127.0.0.1 and localhost, and a client certificate, all signed by that CA, in a temporary
// directory removed at process exit (or by remove()).

/** A PEM certificate and its key, as files. */
export interface CertFiles {
  cert: string;
  key: string;
}

/** What makeTestPki made. */
export interface TestPki {
  dir: string;
  /** The CA certificate (and its key, to sign more). */
  ca: CertFiles;
  /** Server certificate: SAN IP:127.0.0.1, DNS:localhost; extendedKeyUsage serverAuth. */
  server: CertFiles;
  /** Client certificate (CN `name`, default plateau-client); extendedKeyUsage clientAuth. */
  client: CertFiles;
  /** Signs another certificate with this CA. */
  issue(name: string, opts?: IssueOptions): CertFiles;
  /** Removes the directory now. */
  remove(): void;
}

/** What a certificate is for. */
export interface IssueOptions {
  /** subjectAltName (default IP:127.0.0.1,DNS:localhost). */
  san?: string;
  /** extendedKeyUsage (default serverAuth,clientAuth). */
  usage?: string;
}

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { stderr?: Buffer; message: string };
    throw new Error(`openssl ${args.join(' ')} failed: ${e.stderr?.toString().trim() || e.message}`);
  }
}

function makeCa(dir: string, name: string): CertFiles {
  const files = { cert: path.join(dir, `${name}.pem`), key: path.join(dir, `${name}-key.pem`) };
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', files.key, '-out', files.cert, '-days', '2', '-subj', `/CN=${name}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  return files;
}

function issue(dir: string, ca: CertFiles, name: string, opts: IssueOptions = {}): CertFiles {
  const files = { cert: path.join(dir, `${name}.pem`), key: path.join(dir, `${name}-key.pem`) };
  const csr = path.join(dir, `${name}.csr`);
  const ext = path.join(dir, `${name}.ext`);
  fs.writeFileSync(ext, [`subjectAltName=${opts.san ?? 'IP:127.0.0.1,DNS:localhost'}`, `extendedKeyUsage=${opts.usage ?? 'serverAuth,clientAuth'}`, 'basicConstraints=CA:FALSE', ''].join('\n'));
  openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', files.key, '-out', csr, '-subj', `/CN=${name}`], dir);
  openssl(['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-out', files.cert, '-days', '2', '-extfile', ext], dir);
  return files;
}

/**
 * makeTestPki: a fresh CA (CN `caName`, default plateau-test-ca) with a server and a client
 * certificate, in a temporary directory. Two calls give two unrelated CAs.
 */
export function makeTestPki(caName = 'plateau-test-ca'): TestPki {
  const dir = makeTempDir('plateau-tls-');
  const ca = makeCa(dir, caName);
  const server = issue(dir, ca, 'server', { usage: 'serverAuth' });
  const client = issue(dir, ca, 'plateau-client', { san: 'DNS:plateau-client', usage: 'clientAuth' });
  return {
    dir,
    ca,
    server,
    client,
    issue: (name, opts) => issue(dir, ca, name, opts),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
