/**
 * `plateau doctor [--config FILE]`: checks that this machine can run the roles the config
 * describes (runc, cgroups, kernel features, CNI plugins, free ports, the contender's ZooKeeper or
 * etcd), prints one line per check, names the Debian packages that bring what is missing, and
 * exits 1 when something required is missing. Without a config found, it checks what
 * config/dev.yaml needs.
 */
import type { Command } from 'commander';
import { loadConfig, messageOf, type PlateauConfig } from '@plateau/kernel';
import { parseHostPort } from '@plateau/master';
import { ExitCodes, reportError } from '../exit';
import { formatTable } from '../table';
import { type Check, checkCgroups, checkCniPlugins, checkInit, checkIptables, checkNode, checkOverlay, checkRoot, checkRunc, checkUserNamespaces, cniPluginTypes } from './host-checks';
import { checkEtcd, checkPortFree, checkZooKeeper } from './network-checks';

interface DoctorOptions {
  config?: string;
  role: string;
  json?: boolean;
}

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('check that this machine can run the config\'s master and agent: runc, cgroups, kernel features, CNI plugins, free ports, ZooKeeper/etcd; names the Debian packages to install')
    .option('--config <file>', 'config file (default: plateau.yaml found from the working directory; none: what config/dev.yaml needs)')
    .option('--role <role>', 'which role this machine runs: master, agent or both', 'both')
    .option('--json', 'print the checks as JSON')
    .action(async (opts: DoctorOptions) => {
      process.exitCode = await runDoctor(opts);
    });
}

/** The checks, in the order they print. */
export async function doctorChecks(config: PlateauConfig | undefined, role: 'master' | 'agent' | 'both'): Promise<Check[]> {
  const uses = (instance: string | undefined): { use?: string; config?: Record<string, unknown> } => {
    if (!config) return {};
    const entry = instance === undefined ? undefined : config.modules[instance];
    return entry && 'use' in entry ? { use: entry.use, config: entry.config as Record<string, unknown> | undefined } : {};
  };
  const checks: Check[] = [checkNode()];
  const runsMaster = role !== 'agent' && (config === undefined || config.master !== undefined);
  const runsAgent = role !== 'master' && (config === undefined || config.agent !== undefined);

  if (runsAgent) {
    const agent = config?.agent;
    const launcher = uses(agent?.launcher);
    const runc = config === undefined || launcher.use === 'launcher-runc';
    checks.push(checkRoot(runc));
    if (runc) {
      checks.push(checkRunc(typeof launcher.config?.runc === 'string' ? launcher.config.runc : 'runc', true));
      checks.push(checkInit());
    }
    const isolators = (agent?.isolation ?? []).map((i) => uses(i));
    const has = (use: string) => config === undefined || isolators.some((i) => i.use === use);
    if (has('isolator-cgroups')) checks.push(checkCgroups(true));
    if (has('isolator-linux')) checks.push(checkUserNamespaces());
    if (config === undefined || uses(agent?.provisioner).use === 'provisioner-oci') checks.push(checkOverlay());
    const cni = isolators.find((i) => i.use === 'network-cni');
    if (config === undefined || cni) {
      const confDirs = (cni?.config?.confDirs as string[] | undefined) ?? ['/etc/cni/net.d'];
      const binDirs = (cni?.config?.binDirs as string[] | undefined) ?? ['/usr/lib/cni', '/opt/cni/bin'];
      checks.push(checkCniPlugins(binDirs, cniPluginTypes(confDirs), true));
      checks.push(checkIptables(true));
    }
    const listen = parseHostPort(agent?.listen ?? '127.0.0.1:5051', 'agent.listen');
    checks.push(await checkPortFree('agent.listen', listen.host, listen.port));
  }
  if (runsMaster) {
    const listen = parseHostPort(config?.master?.listen ?? '127.0.0.1:5050', 'master.listen');
    checks.push(await checkPortFree('master.listen', listen.host, listen.port));
  }
  // The services the contender (masters) or detector (agents) talks to.
  const contenders = new Set([...(runsMaster ? [config?.master?.contender] : []), ...(runsAgent ? [config?.agent?.detector] : [])].filter((x): x is string => x !== undefined));
  for (const instance of contenders) {
    const c = uses(instance);
    if (c.use === 'contender-zk') for (const s of (c.config?.servers as string[] | undefined) ?? []) checks.push(await checkZooKeeper(s));
    if (c.use === 'contender-etcd') for (const e of (c.config?.endpoints as string[] | undefined) ?? []) checks.push(await checkEtcd(e));
  }
  return checks;
}

async function runDoctor(opts: DoctorOptions): Promise<number> {
  if (!['master', 'agent', 'both'].includes(opts.role)) {
    process.stderr.write(`error: --role must be master, agent or both, not '${opts.role}'\n`);
    return ExitCodes.usage;
  }
  let config: PlateauConfig | undefined;
  let file: string | undefined;
  try {
    const loaded = await loadConfig({ file: opts.config });
    config = loaded.config;
    file = loaded.file;
  } catch (err) {
    // No plateau.yaml anywhere up from here and none named: check what dev.yaml needs.
    if (opts.config !== undefined || !/not found in/.test(messageOf(err))) return reportError(err);
  }
  const checks = await doctorChecks(config, opts.role as 'master' | 'agent' | 'both');
  const failed = checks.filter((c) => !c.ok && c.required);
  const warned = checks.filter((c) => !c.ok && !c.required);
  const packages = [...new Set(checks.filter((c) => !c.ok && c.debian).map((c) => c.debian!))];
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ config: file ?? null, checks, missingPackages: packages, ok: failed.length === 0 }, null, 2)}\n`);
  } else {
    process.stdout.write(`checking ${file ? `what ${file} needs` : 'what config/dev.yaml needs (no plateau.yaml found; --config FILE names one)'}, role ${opts.role}\n\n`);
    const rows = checks.map((c) => ({ status: c.ok ? 'ok' : c.required ? 'MISSING' : 'warn', check: c.name, detail: c.detail + (c.ok ? '' : [c.debian ? `; Debian package: ${c.debian}` : '', c.fix ? `; ${c.fix}` : ''].join('')) }));
    process.stdout.write(`${formatTable(rows, ['status', 'check', 'detail'])}\n\n`);
    if (packages.length) process.stdout.write(`Install what is missing: apt-get install ${packages.join(' ')}\n`);
    process.stdout.write(failed.length ? `${failed.length} required check(s) failed: ${failed.map((c) => c.name).join(', ')}\n` : `ready${warned.length ? ` (${warned.length} warning(s))` : ''}\n`);
  }
  return failed.length ? ExitCodes.failure : ExitCodes.ok;
}
