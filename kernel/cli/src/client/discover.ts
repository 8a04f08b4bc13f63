/**
 * Finding the leading master: `--master HOST:PORT`, else $PLATEAU_MASTER, else the config's
 * `master.listen` or `agent.master` (plateau.yaml found from the working directory, or --config),
 * else 127.0.0.1:5050; that master's `/master/redirect` then names the leader.
 */
import { loadConfig } from '@plateau/kernel';
import { discoverLeader } from './http';

/** Options naming where to look. */
export interface MasterLookup {
  master?: string;
  config?: string;
}

/** The address to ask, before leader discovery. */
export async function configuredMaster(opts: MasterLookup): Promise<string> {
  if (opts.master) return opts.master;
  if (process.env.PLATEAU_MASTER) return process.env.PLATEAU_MASTER;
  try {
    const { config } = await loadConfig(opts.config === undefined ? {} : { file: opts.config });
    const c = config as { master?: { listen?: string }; agent?: { master?: string } };
    const listen = c.master?.listen?.replace(/^0\.0\.0\.0:/, '127.0.0.1:');
    if (listen) return listen;
    if (c.agent?.master) return c.agent.master;
  } catch (err) {
    if (opts.config !== undefined) throw err;
  }
  return '127.0.0.1:5050';
}

/** The leading master's address. */
export async function findLeader(opts: MasterLookup): Promise<string> {
  return discoverLeader(await configuredMaster(opts));
}
