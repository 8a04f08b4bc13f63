// Starts real masters (`node bin/plateau.js master`, own process group) on free ports with the
// standalone contender, and simulated agents in the test process, for the master-*.test.ts files.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { SimFleet, type SimFleetOptions } from '@plateau/cli';
import { freePort } from '@plateau/testkit/ports';
import { startProcess, type StartedProcess } from '@plateau/testkit/proc';
import { makeTempDir } from '@plateau/testkit/tmp';

const REPO = path.resolve(__dirname, '../../..');
const PLATEAU = path.join(REPO, 'bin/plateau.js');

/** A running master. */
export interface MasterProcess {
  /** `127.0.0.1:<port>`. */
  address: string;
  port: number;
  proc: StartedProcess;
  /** The standalone contender's directory (share it to run a second master that will not lead). */
  standaloneDir: string;
  stop(): Promise<void>;
}

/** Options of startMaster. */
export interface StartMasterOptions {
  /** Standalone contender directory; a fresh one by default. */
  standaloneDir?: string;
  /** Extra command-line arguments. */
  args?: string[];
  /** Wait until it leads (default true); otherwise until it listens. */
  leading?: boolean;
  /** More lines under `master:` (indented by the caller), e.g. `  authenticator: auth`. */
  masterLines?: string[];
  /** More lines under `modules:`. */
  moduleLines?: string[];
}

/** Starts a master; resolves once it listens (and leads, unless `leading: false`). */
export async function startMaster(opts: StartMasterOptions = {}): Promise<MasterProcess> {
  const dir = makeTempDir('plateau-master-');
  const standaloneDir = opts.standaloneDir ?? path.join(dir, 'standalone');
  const port = await freePort();
  const config = path.join(dir, 'plateau.yaml');
  fs.writeFileSync(
    config,
    [
      'cluster: test',
      'master:',
      `  listen: 127.0.0.1:${port}`,
      '  contender: standalone',
      ...(opts.masterLines ?? []),
      'modules:',
      `  standalone: { use: contender-standalone, config: { dir: ${JSON.stringify(standaloneDir)}, pollMs: 50 } }`,
      ...(opts.moduleLines ?? []),
      '',
    ].join('\n'),
  );
  const proc = startProcess(
    process.execPath,
    [PLATEAU, 'master', '--config', config, '--listen', `127.0.0.1:${port}`, '--work-dir', path.join(dir, 'work'), '--allocation-interval', '100ms', ...(opts.args ?? [])],
    { cwd: REPO, env: { PLATEAU_LOG_LEVEL: 'info' }, name: `master:${port}`, tailLines: 2000 },
  );
  await proc.waitForLine(opts.leading === false ? /master listening/ : /leading: serving/, 20_000);
  return {
    address: `127.0.0.1:${port}`,
    port,
    proc,
    standaloneDir,
    stop: async () => {
      await proc.stop('SIGTERM', 5000);
    },
  };
}

/** Starts simulated agents against a master and waits until all are registered. */
export async function startAgents(master: string, count: number, opts: Partial<SimFleetOptions> = {}): Promise<SimFleet> {
  const fleet = new SimFleet({ count, master, cpus: 4, mem: 4096, disk: 10_000, ...opts });
  fleet.start();
  try {
    await fleet.waitRegistered(15_000);
  } catch (err) {
    fleet.stop();
    throw err;
  }
  return fleet;
}

/** A command task for `offer` using `cpus` and `mem`. */
export function taskFor(offer: any, id: string, cpus = 0.5, mem = 64, extra: Record<string, unknown> = {}): any {
  return {
    name: id,
    task_id: { value: id },
    agent_id: offer.agent_id,
    resources: [
      { name: 'cpus', type: 'SCALAR', scalar: { value: cpus } },
      { name: 'mem', type: 'SCALAR', scalar: { value: mem } },
    ],
    command: { value: 'sleep 1000' },
    ...extra,
  };
}

/** ACCEPT body launching `tasks` on `offers`. */
export function launchCall(offers: any[], tasks: any[], refuseSeconds = 0): Record<string, unknown> {
  return {
    type: 'ACCEPT',
    accept: { offer_ids: offers.map((o) => o.id), operations: [{ type: 'LAUNCH', launch: { task_infos: tasks } }], filters: { refuse_seconds: refuseSeconds } },
  };
}

/** A framework info for tests. */
export function frameworkInfo(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { user: 'root', name, roles: ['*'], capabilities: [{ type: 'MULTI_ROLE' }], ...extra };
}
