/**
 * `plateau systemd-unit master|agent --config FILE`: prints a systemd unit that runs the role
 * from this installation with that config. The agent's unit kills only the agent's own process on
 * stop or restart (KillMode=process): containers run under their own monitors and outlive it, and
 * the agent recovers them when it comes back. Delegate=yes hands the agent its cgroup subtree.
 */
import type { Command } from 'commander';
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '@plateau/kernel';
import { parseHostPort } from '@plateau/master';
import { parseAdvertise } from './advertise';
import { ExitCodes, reportError } from './exit';

interface UnitOptions {
  config?: string;
  workDir?: string;
  user?: string;
  after?: string[];
  listen?: string;
  advertiseIp?: string;
  advertisePort?: string;
}

export function registerSystemdUnitCommand(program: Command): void {
  program
    .command('systemd-unit')
    .description('print a systemd unit that runs this installation\'s master or agent with a config (plateau systemd-unit agent --config /etc/plateau/plateau.yaml > /etc/systemd/system/plateau-agent.service)')
    .argument('<role>', 'master or agent')
    .requiredOption('--config <file>', 'the config the role runs with (its absolute path goes into the unit)')
    .option('--work-dir <dir>', 'root of module and agent state', '/var/lib/plateau')
    .option('--user <name>', 'user the master runs as (the agent runs as root: runc and the isolators need it)')
    .option('--listen <host:port>', 'passed to the role: the address it listens on (e.g. 0.0.0.0:5050)')
    .option('--advertise-ip <ip>', 'passed to the role: the IP others reach it at (see plateau master|agent --help)')
    .option('--advertise-port <port>', 'passed to the role: the port others reach it at')
    .option('--after <unit...>', 'units to start after (e.g. zookeeper.service etcd.service when they run on the same host)')
    .action(async (role: string, opts: UnitOptions) => {
      process.exitCode = await printUnit(role, opts);
    });
}

async function printUnit(role: string, opts: UnitOptions): Promise<number> {
  if (role !== 'master' && role !== 'agent') {
    process.stderr.write(`error: the role is master or agent, not '${role}'\n`);
    return ExitCodes.usage;
  }
  if (role === 'agent' && opts.user !== undefined && opts.user !== 'root') {
    process.stderr.write('error: --user: the agent runs as root (runc and the isolators need it)\n');
    return ExitCodes.usage;
  }
  let config: string;
  const extra = [...(opts.listen ? ['--listen', opts.listen] : [])];
  try {
    // Checked here, so that the unit does not start a role that refuses them.
    const advertise = parseAdvertise(opts.advertiseIp, opts.advertisePort);
    if (opts.listen) parseHostPort(opts.listen, '--listen');
    if (advertise.advertiseIp) extra.push('--advertise-ip', advertise.advertiseIp);
    if (advertise.advertisePort) extra.push('--advertise-port', String(advertise.advertisePort));
    // The config must load here, so that the unit does not start a role that exits at once.
    config = (await loadConfig({ file: resolve(opts.config!) })).file;
  } catch (err) {
    return reportError(err);
  }
  process.stdout.write(systemdUnit(role, { config, workDir: resolve(opts.workDir ?? '/var/lib/plateau'), user: opts.user, after: opts.after ?? [], node: process.execPath, plateau: plateauScript(), extra }));
  return ExitCodes.ok;
}

/** The `plateau` script this process runs, links resolved (npm install -g of a new version replaces that file in place). */
function plateauScript(): string {
  const script = resolve(process.argv[1] ?? 'plateau');
  try {
    return realpathSync(script);
  } catch {
    return script;
  }
}

/** The unit's text. */
export function systemdUnit(role: 'master' | 'agent', o: { config: string; workDir: string; user?: string; after: string[]; node: string; plateau: string; extra?: string[] }): string {
  const quote = (s: string) => (/^[A-Za-z0-9_./:@=+-]+$/.test(s) ? s : `"${s.replace(/(["\\])/g, '\\$1')}"`);
  const after = ['network-online.target', ...o.after].join(' ');
  const lines = [
    '[Unit]',
    `Description=Plateau ${role} (${o.config})`,
    `After=${after}`,
    'Wants=network-online.target',
    // Restarts never stop for good: the backoff below spaces them out instead.
    'StartLimitIntervalSec=0',
    '',
    '[Service]',
    'Type=simple',
    `ExecStart=${[o.node, o.plateau, role, '--config', o.config, '--work-dir', o.workDir, ...(o.extra ?? [])].map(quote).join(' ')}`,
    // Relative paths of the config are taken from here; systemd makes it (StateDirectory) or mkdir does.
    ...(o.workDir.startsWith('/var/lib/') ? [`StateDirectory=${o.workDir.slice('/var/lib/'.length)}`] : [`ExecStartPre=/bin/mkdir -p ${quote(o.workDir)}`]),
    `WorkingDirectory=-${quote(o.workDir)}`,
    'Environment=PLATEAU_LOG_FORMAT=json',
    'Restart=on-failure',
    // 2s, growing to 1 minute over 10 restarts (systemd 254+; older ones ignore the two keys and keep RestartSec).
    'RestartSec=2s',
    'RestartSteps=10',
    'RestartMaxDelaySec=60s',
    // SIGTERM first; the role stops cleanly within the kill grace.
    'KillSignal=SIGTERM',
    'TimeoutStopSec=30s',
    'LimitNOFILE=1048576',
  ];
  if (role === 'agent') {
    lines.push(
      // Only the agent's process is signalled: containers and their monitors live on across
      // restarts and upgrades, and the agent recovers them from its checkpoints.
      'KillMode=process',
      // The agent makes cgroups for its containers under its own.
      'Delegate=yes',
      'LimitNPROC=infinity',
      'LimitCORE=infinity',
      'TasksMax=infinity',
      'User=root',
    );
  } else {
    lines.push('KillMode=control-group');
    if (o.user) lines.push(`User=${o.user}`);
  }
  lines.push('', '[Install]', 'WantedBy=multi-user.target', '');
  return lines.join('\n');
}
