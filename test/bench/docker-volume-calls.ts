/**
 * Docker volume calls against the reference plugin (examples/docker-volume-plugin, its own
 * process on a unix socket), for the containers benchmark: VolumeDriver.Mount + Unmount of one
 * volume with a fresh ID per round (the pair a container costs), and the volume-docker
 * isolator's Prepare + Cleanup of a container with that volume (Get + Mount, checkpoint writes,
 * Unmount). p50 / p99 over `n` rounds, after a warm-up.
 */
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { makeTempDir } from '@plateau/testkit/tmp';
import { DockerVolumeIsolator, VolumeDrivers, withDefaults } from '@plateau/volume-docker';
import { startDockerVolumePlugin } from '../helpers/docker-volume-plugin.js';

/** What one run measured, ms. */
export interface DockerVolumeFigures {
  rounds: number;
  mountUnmount: { p50: number; p99: number };
  prepareCleanup: { p50: number; p99: number };
}

function quantiles(samples: number[]): { p50: number; p99: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
  return { p50: at(50), p99: at(99) };
}

/** Runs `n` rounds of each against a fresh reference plugin, which it stops afterwards. */
export async function dockerVolumeCalls(n: number): Promise<DockerVolumeFigures> {
  const plugin = startDockerVolumePlugin({ quiet: true });
  const log = pino({ level: 'silent' });
  const config = withDefaults({ socketDirs: [plugin.socketDir], specDirs: [] });
  const drivers = new VolumeDrivers(config, log);
  const isolator = new DockerVolumeIsolator(config, makeTempDir('plateau-bench-dv-state-'), log);
  try {
    await plugin.ready;
    const d = await drivers.driver(plugin.name);
    await d.create('bench');
    const pairs: number[] = [];
    for (let i = -10; i < n; i++) {
      const t0 = performance.now();
      await d.mount('bench', `bench-${i}`);
      await d.unmount('bench', `bench-${i}`);
      if (i >= 0) pairs.push(performance.now() - t0);
    }
    const volumes = JSON.stringify({ type: 'MESOS', volumes: [{ mode: 'RW', container_path: '/data', source: { type: 'DOCKER_VOLUME', docker_volume: { driver: plugin.name, name: 'bench' } } }] });
    const prepares: number[] = [];
    for (let i = -10; i < n; i++) {
      const containerId = { value: `bench-c${i + 10}` };
      const t0 = performance.now();
      await isolator.prepare({ containerId, config: { containerId, directory: '/tmp', containerInfoJson: volumes } });
      await isolator.cleanup({ containerId });
      if (i >= 0) prepares.push(performance.now() - t0);
    }
    return { rounds: n, mountUnmount: quantiles(pairs), prepareCleanup: quantiles(prepares) };
  } finally {
    await isolator.close();
    await drivers.close();
    await plugin.stop();
  }
}
