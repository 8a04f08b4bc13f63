/**
 * CNI ADD and DEL as a container costs them, for the containers benchmark: network-cni's Prepare
 * of a container on a bridge + host-local network (a new network namespace, the loopback plugin,
 * bridge ADD with its IPAM, the checkpoint writes, the /etc files) and its Cleanup (DEL of both,
 * the namespace unmounted and removed), with the Debian plugins on a bridge and subnet of its own
 * (10.199.31.0/24), removed afterwards. p50 / p99 over `n` rounds, after a warm-up.
 */
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import pino from 'pino';
import { CniNetworks, cniSkipReason } from '@plateau/testkit/cni';
import { CniIsolator, loadNetworks, withDefaults } from '@plateau/network-cni';

/** What one run measured, ms. */
export interface CniFigures {
  rounds: number;
  add: { p50: number; p99: number };
  del: { p50: number; p99: number };
}

function quantiles(samples: number[]): { p50: number; p99: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
  return { p50: at(50), p99: at(99) };
}

/** Runs `n` rounds of ADD then DEL; a string says why it cannot run here. */
export async function cniCalls(n: number): Promise<CniFigures | string> {
  const why = cniSkipReason();
  if (why) return why;
  const nets = new CniNetworks('plateau-bench-cni-');
  try {
    nets.network('bench', { octet: 31 });
    const state = join(nets.dir, 'state');
    const run = join(nets.dir, 'run');
    const cfg = withDefaults({ confDirs: [nets.confDir], binDirs: ['/usr/lib/cni'], stateDir: state, runDir: run });
    const isolator = new CniIsolator(cfg, loadNetworks(cfg.confDirs), { state }, pino({ level: 'silent' }));
    const info = JSON.stringify({ type: 'MESOS', network_infos: [{ name: 'bench' }] });
    const adds: number[] = [];
    const dels: number[] = [];
    for (let i = -5; i < n; i++) {
      const containerId = { value: `bench${i + 5}` };
      let t0 = performance.now();
      await isolator.prepare({ containerId, config: { containerId, directory: '/tmp', containerInfoJson: info } });
      const add = performance.now() - t0;
      t0 = performance.now();
      await isolator.cleanup({ containerId });
      const del = performance.now() - t0;
      if (i >= 0) {
        adds.push(add);
        dels.push(del);
      }
    }
    return { rounds: n, add: quantiles(adds), del: quantiles(dels) };
  } finally {
    nets.close();
  }
}
