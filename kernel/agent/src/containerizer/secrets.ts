/**
 * The secrets of a container, as Mesos resolves them: environment variables of type SECRET
 * (CommandInfo.environment) and volumes whose source is SECRET (ContainerInfo.volumes, Mesos's
 * volume/secret isolator). Each secret goes through the agent's secret-resolver module (a VALUE
 * secret is its own data when no module is configured, like Mesos's default resolver). A volume's
 * bytes are written to a file in a per-container directory (mode 0700; a tmpfs of its own when the
 * agent is root, so they never reach a disk), mode 0400, bind-mounted read-only at the volume's
 * container_path (relative paths are under the container's sandbox mount). The directory goes
 * with the container (`removeSecrets`).
 *
 * Errors name the variable or volume and the secret's name and key, never its bytes.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { CommandInfo, ContainerInfo, Secret } from '@plateau/mesos';
import { containerTarget, type EnvVar, InvalidError, type LaunchInfo, messageOf, PlateauError, type SecretResolver } from '@plateau/kernel';

const run = promisify(execFile);

/** How long one Resolve may take before the launch fails, ms. */
export const SECRET_RESOLVE_TIMEOUT_MS = 30_000;

type Mount = NonNullable<LaunchInfo['mounts']>[number];

/** The secret resolver and where secret files go. */
export interface SecretsSetup {
  /** The module, with the name messages use for it; undefined without agent.secretResolver. */
  resolver?: { label: string; module: SecretResolver };
  /** Directory under which each container gets `<containerId>/` for its secret files. */
  dir: string;
}

/** What a container's secrets resolved to. */
export interface ContainerSecrets {
  /** SECRET environment variables with their values. */
  env: EnvVar[];
  /** Read-only bind mounts of the secret volumes. */
  mounts: Mount[];
  /** The files behind `mounts` (to hand to the container's user). */
  files: string[];
}

/** How messages name a secret: its reference, or that it came by value. */
export function describeSecret(s: Secret | undefined): string {
  if (s?.type === 'VALUE') return 'a VALUE secret';
  const name = s?.reference?.name;
  if (name === undefined) return 'a secret without a reference';
  return `secret ${JSON.stringify(name)}${s?.reference?.key ? ` key ${JSON.stringify(s.reference.key)}` : ''}`;
}

/** Whether the command or the container names any secret. */
export function hasSecrets(command: CommandInfo | undefined, container: ContainerInfo | undefined): boolean {
  return (command?.environment?.variables ?? []).some((v) => v.type === 'SECRET') || (container?.volumes ?? []).some((v) => v.source?.type === 'SECRET');
}

/** The bytes of one secret; `what` names where it is used (for errors). */
async function resolveOne(setup: SecretsSetup, secret: Secret | undefined, what: string): Promise<Buffer> {
  const named = `${what}, ${describeSecret(secret)}`;
  if (secret === undefined) throw new InvalidError(`${what}: type SECRET without a secret`);
  const r = setup.resolver;
  if (r === undefined) {
    if (secret.type === 'VALUE' && secret.value) return Buffer.from(secret.value.data ?? []);
    throw new InvalidError(`${named}: no secret resolver is configured (agent.secretResolver)`);
  }
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PlateauError('PLT_ERR_DEADLINE', `did not answer within ${SECRET_RESOLVE_TIMEOUT_MS} ms`)), SECRET_RESOLVE_TIMEOUT_MS);
    timer.unref();
  });
  try {
    const res = await Promise.race([r.module.resolve({ secret: { type: secret.type ?? 'UNKNOWN', reference: secret.reference ?? null, value: secret.value ?? null } }), late]);
    return Buffer.from(res.data ?? []);
  } catch (err) {
    throw new PlateauError((err as { code?: string }).code ?? 'PLT_ERR_INTERNAL', `${named}: secret resolver ${r.label}: ${messageOf(err)}`, { cause: err });
  } finally {
    clearTimeout(timer);
  }
}

/** The per-container secrets directory. */
export function secretsDirOf(setup: Pick<SecretsSetup, 'dir'>, containerId: string): string {
  return path.join(setup.dir, containerId);
}

/**
 * Resolves every secret of the container. Volume files are written under
 * `secretsDirOf(setup, containerId)`; on failure whatever was made is removed before the throw.
 */
export async function resolveSecrets(setup: SecretsSetup, containerId: string, command: CommandInfo | undefined, container: ContainerInfo | undefined): Promise<ContainerSecrets> {
  const out: ContainerSecrets = { env: [], mounts: [], files: [] };
  for (const v of command?.environment?.variables ?? []) {
    if (v.type !== 'SECRET') continue;
    const what = `environment variable ${v.name}`;
    const bytes = await resolveOne(setup, v.secret, what);
    if (bytes.includes(0)) throw new InvalidError(`${what}, ${describeSecret(v.secret)}: the secret holds a NUL byte, which an environment variable cannot`);
    out.env.push({ name: v.name, value: bytes.toString('utf8') });
  }
  const volumes: { target: string; bytes: Buffer }[] = [];
  for (const [i, v] of (container?.volumes ?? []).entries()) {
    if (v.source?.type !== 'SECRET') continue;
    const what = `volume ${i} (${JSON.stringify(v.container_path)})`;
    const target = containerTarget(v.container_path, what);
    if (volumes.some((x) => x.target === target)) throw new InvalidError(`${what}: another secret volume has the same container_path`);
    volumes.push({ target, bytes: await resolveOne(setup, v.source.secret, what) });
  }
  if (volumes.length === 0) return out;

  const dir = secretsDirOf(setup, containerId);
  try {
    await makeSecretsDir(dir, volumes.reduce((n, v) => n + v.bytes.length + 4096, 4096));
    for (const [i, v] of volumes.entries()) {
      const file = path.join(dir, String(i));
      const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o400);
      try {
        fs.writeSync(fd, v.bytes);
        fs.fchmodSync(fd, 0o400);
      } finally {
        fs.closeSync(fd);
      }
      out.files.push(file);
      out.mounts.push({ source: file, target: v.target, type: 'bind', options: ['bind', 'ro', 'nosuid', 'nodev', 'noexec'] });
    }
  } catch (err) {
    await removeSecrets(setup, containerId);
    throw new PlateauError('PLT_ERR_INTERNAL', `secret volumes: could not write the secret files under ${dir}: ${messageOf(err)}`, { cause: err });
  }
  return out;
}

/** Whether this process may mount (a tmpfs for the secret files). */
const canMount = () => process.platform === 'linux' && process.getuid?.() === 0;

/** A fresh 0700 directory; a tmpfs of `bytes` on it when the agent is root. */
async function makeSecretsDir(dir: string, bytes: number): Promise<void> {
  fs.mkdirSync(path.dirname(dir), { recursive: true, mode: 0o700 });
  fs.mkdirSync(dir, { mode: 0o700 });
  if (!canMount()) return;
  await run('mount', ['-t', 'tmpfs', '-o', `mode=0700,size=${bytes},nosuid,nodev,noexec`, 'plateau-secrets', dir]);
}

type IdMappings = LaunchInfo['uidMappings'];

/** The host id of a container id under user-namespace mappings (none: the same id). */
function hostId(id: number, mappings: IdMappings): number | undefined {
  if (!mappings?.length) return id;
  const m = mappings.find((x) => id >= (x.containerStart ?? 0) && id < (x.containerStart ?? 0) + (x.size ?? 0));
  return m === undefined ? undefined : (m.hostStart ?? 0) + id - (m.containerStart ?? 0);
}

/**
 * Hands the secret files to the user the container runs as (known by number; root of a user
 * namespace included), so that a task that is not the host's root can read them.
 */
export function chownSecrets(secrets: ContainerSecrets, info: Pick<LaunchInfo, 'user' | 'uidMappings' | 'gidMappings'>): void {
  if (secrets.files.length === 0) return;
  const uid = typeof info.user?.uid === 'number' ? info.user.uid : info.uidMappings?.length ? 0 : undefined;
  if (uid === undefined) return;
  const gid = typeof info.user?.gid === 'number' ? info.user.gid : uid;
  const hu = hostId(uid, info.uidMappings);
  const hg = hostId(gid, info.gidMappings);
  if (hu === undefined || hg === undefined || (hu === 0 && hg === 0)) return;
  for (const f of secrets.files) fs.chownSync(f, hu, hg);
}

/** Removes a container's secret files (and unmounts their tmpfs); nothing there is fine. */
export async function removeSecrets(setup: Pick<SecretsSetup, 'dir'>, containerId: string): Promise<void> {
  const dir = secretsDirOf(setup, containerId);
  if (!fs.existsSync(dir)) return;
  // Lazy: the container may still hold its bind mount of a file while it is torn down.
  if (canMount()) await run('umount', ['-l', dir]).catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
}
