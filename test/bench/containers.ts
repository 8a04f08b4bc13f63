/**
 * Container launch benchmark: a real master and a real agent (child processes; runc launcher,
 * cgroups, linux and disk isolators, OCI provisioner) and this process as the framework, which
 * launches `/bin/true` tasks in a busybox image through the scheduler API and acknowledges every
 * update. Measured:
 *
 * - latency, one task at a time: from sending the ACCEPT to the TASK_RUNNING update arriving, and
 *   to the TASK_FINISHED update arriving (p50 / p99 over BENCH_CONTAINERS launches, default 200);
 * - sustained rate: BENCH_CONTAINERS tasks with up to BENCH_CONTAINERS_CONCURRENCY (default 8) in
 *   flight, first ACCEPT to last TASK_FINISHED.
 *
 * Beside each, bare runc on the same machine in the same run, with the same OCI bundle (the
 * config.json the agent's launcher wrote for a container of the same image, its start gate
 * removed and its command replaced by /bin/true, over a copy of the same rootfs): `runc run -d`
 * (create + start, returns once the command runs) against TASK_RUNNING, `runc run` (create,
 * start, exit, delete) against TASK_FINISHED, and `runc run` with the same concurrency.
 *
 * BENCH_QUICK=1: 30 launches.
 */

import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SchedulerClient, callAgent, type SchedulerEvent } from '../helpers/scheduler-client.js';
import { makeTempDir } from '@plateau/testkit/tmp';
import { busyboxTask, cleanupLeftovers, frameworkInfo, realContainersMissing, startMaster, TestAgent, type MasterProc } from '../integration/agent-harness.js';
import { printTable, type Cell } from './table.js';
import { dockerVolumeCalls } from './docker-volume-calls.js';
import { cniCalls } from './cni-calls.js';
import { podVsSingle } from './pod-launch.js';
import { record } from './record.js';

/** Runner metadata (test/bench/run.js). */
export const benchmark = {
  description: 'real container launches (runc, busybox, /bin/true) through a real master and agent: ACCEPT to TASK_RUNNING / TASK_FINISHED and launches/s, beside bare runc run of the same bundle',
};

const QUICK = process.env.BENCH_QUICK === '1';
const N = Number(process.env.BENCH_CONTAINERS ?? (QUICK ? 30 : 200));
const CONCURRENCY = Number(process.env.BENCH_CONTAINERS_CONCURRENCY ?? 8);
/** 2-task pods and single containers launched, alternated (BENCH_PODS; default 50, quick 15). */
const PODS = Number(process.env.BENCH_PODS ?? (QUICK ? 15 : 50));

/** CPU seconds (user + system) a process has used so far (Linux). */
function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}

/** CPU seconds the whole machine spent busy so far (all CPUs, /proc/stat). */
function machineCpuSeconds(): number {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  return (f.reduce((a, b) => a + b, 0) - idle) / 100;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function run(cmd: string, args: string[], timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: timeoutMs }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')}: ${(stderr || err.message).trim()}`));
      else resolve(stdout);
    });
  });
}

/** The framework side: offers kept as they come, updates resolved by task id, every update acknowledged. */
class Framework {
  private offers: any[] = [];
  private offerWaiters: (() => void)[] = [];
  private readonly waits = new Map<string, Map<string, (at: number) => void>>();
  failures: string[] = [];

  constructor(readonly client: SchedulerClient) {
    client.onEvent = (e) => this.onEvent(e);
    for (const e of client.received.slice(1)) this.onEvent(e);
    client.clearQueue();
  }

  private onEvent(e: SchedulerEvent): void {
    const at = performance.now();
    if (e.type === 'OFFERS') {
      this.offers.push(...e.offers.offers);
      for (const w of this.offerWaiters.splice(0)) w();
    } else if (e.type === 'RESCIND') {
      this.offers = this.offers.filter((o) => o.id.value !== e.rescind.offer_id.value);
    } else if (e.type === 'UPDATE') {
      const s = e.update.status;
      if (s.uuid) void this.client.ack(s).catch(() => undefined);
      if (['TASK_FAILED', 'TASK_ERROR', 'TASK_LOST', 'TASK_KILLED', 'TASK_DROPPED'].includes(s.state)) this.failures.push(`${s.task_id.value}: ${s.state} ${s.message ?? ''}`);
      const byState = this.waits.get(s.task_id.value);
      byState?.get(s.state)?.(at);
      if (['TASK_FINISHED', 'TASK_FAILED', 'TASK_ERROR', 'TASK_LOST', 'TASK_KILLED', 'TASK_DROPPED'].includes(s.state)) {
        byState?.get('TASK_FINISHED')?.(at);
        this.waits.delete(s.task_id.value);
      }
    }
    this.client.clearQueue();
  }

  /** Resolves with the time `taskId` reaches `state` (TASK_FINISHED also resolves on any terminal state). */
  when(taskId: string, state: string): Promise<number> {
    return new Promise((resolve) => {
      let m = this.waits.get(taskId);
      if (!m) this.waits.set(taskId, (m = new Map()));
      m.set(state, resolve);
    });
  }

  /** An offer with at least `cpus` and `mem` (kept offers first, else the next to come). */
  async offer(cpus: number, mem: number): Promise<{ offer: any; cpus: number; mem: number }> {
    for (;;) {
      const scalar = (o: any, name: string) => (o.resources ?? []).filter((r: any) => r.name === name).reduce((n: number, r: any) => n + (r.scalar?.value ?? 0), 0);
      const i = this.offers.findIndex((o) => scalar(o, 'cpus') >= cpus && scalar(o, 'mem') >= mem);
      if (i >= 0) {
        const [offer] = this.offers.splice(i, 1);
        return { offer, cpus: scalar(offer, 'cpus'), mem: scalar(offer, 'mem') };
      }
      await new Promise<void>((r) => this.offerWaiters.push(r));
    }
  }

  /** Declines every kept offer (refuse 0 s): the master offers the agent's free resources again as one. */
  async declineKept(): Promise<void> {
    const ids = this.offers.splice(0).map((o) => o.id);
    if (ids.length) await this.client.mustCall({ type: 'DECLINE', decline: { offer_ids: ids, filters: { refuse_seconds: 0 } } });
  }

  /** ACCEPTs `offer` with `tasks` (refuse 0 s so that what is left comes back at once). */
  async accept(offer: any, tasks: Record<string, any>[]): Promise<void> {
    await this.client.mustCall({
      type: 'ACCEPT',
      accept: {
        offer_ids: [offer.id],
        operations: [{ type: 'LAUNCH', launch: { task_infos: tasks.map((t) => ({ ...t, agent_id: offer.agent_id })) } }],
        filters: { refuse_seconds: 0 },
      },
    });
  }
}

const CPUS = 0.1;
const MEM = 32;
const trueTask = (id: string) => {
  const t = busyboxTask(id, '', { cpus: CPUS, mem: MEM });
  t.command = { shell: false, value: '/bin/true', arguments: ['true'] };
  return t;
};

/** The same /bin/true as a command task without an image (the host's filesystem, read-only, as root). */
const hostTrueTask = (id: string) => {
  const t = trueTask(id);
  delete t.container;
  return t;
};

/** Launches one task at a time; latencies in ms. */
async function sequential(fw: Framework, n: number, prefix: string, make = trueTask): Promise<{ running: Float64Array; finished: Float64Array }> {
  const running = new Float64Array(n);
  const finished = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const id = `${prefix}-${i}`;
    const { offer } = await fw.offer(CPUS, MEM);
    const r = fw.when(id, 'TASK_RUNNING');
    const f = fw.when(id, 'TASK_FINISHED');
    const t0 = performance.now();
    await fw.accept(offer, [make(id)]);
    finished[i] = (await f) - t0;
    running[i] = (await Promise.race([r, Promise.resolve(NaN)])) - t0;
  }
  return { running: running.filter((x) => !Number.isNaN(x)).sort(), finished: finished.sort() };
}

/** Launches `n` tasks with up to `c` in flight; tasks per second, first ACCEPT to last TASK_FINISHED. */
async function sustained(fw: Framework, n: number, c: number, prefix: string): Promise<number> {
  let launched = 0;
  let inflight = 0;
  let first = 0;
  let last = 0;
  let slot: (() => void) | undefined;
  const all: Promise<void>[] = [];
  while (launched < n) {
    if (inflight >= c) {
      await new Promise<void>((r) => (slot = r));
      continue;
    }
    const got = await fw.offer(CPUS, MEM);
    const k = Math.min(c - inflight, n - launched, Math.floor(got.cpus / CPUS + 1e-9), Math.floor(got.mem / MEM));
    const tasks = Array.from({ length: k }, (_, j) => trueTask(`${prefix}-${launched + j}`));
    launched += k;
    inflight += k;
    for (const t of tasks) {
      all.push(
        fw.when(t.task_id.value, 'TASK_FINISHED').then((at) => {
          last = Math.max(last, at);
          inflight--;
          const s = slot;
          slot = undefined;
          s?.();
        }),
      );
    }
    if (first === 0) first = performance.now();
    await fw.accept(got.offer, tasks);
  }
  await Promise.all(all);
  return n / ((last - first) / 1000);
}

/** The bundle of a running Plateau container, made runnable by bare runc: returns its directory. */
async function bareBundle(agent: TestAgent, containerId: string, dir: string): Promise<string> {
  const src = path.join(agent.workDir, 'modules', 'runc', 'state', 'containers', containerId, 'bundle', 'config.json');
  const spec = JSON.parse(fs.readFileSync(src, 'utf8'));
  const bundle = path.join(dir, 'bundle');
  fs.mkdirSync(bundle, { recursive: true });
  await run('cp', ['-a', spec.root.path, path.join(bundle, 'rootfs')]);
  spec.root.path = path.join(bundle, 'rootfs');
  delete spec.hooks;
  // The same init (tini) in front, /bin/true as the command.
  const args: string[] = spec.process.args;
  const sep = args.indexOf('--');
  spec.process.args = sep >= 0 ? [...args.slice(0, sep + 1), '/bin/true'] : ['/bin/true'];
  const sandbox = path.join(dir, 'sandbox');
  fs.mkdirSync(sandbox, { recursive: true });
  for (const m of spec.mounts) if (m.destination === '/mnt/mesos/sandbox') m.source = sandbox;
  spec.linux.cgroupsPath = '/plateau-bench-bare/CID';
  fs.writeFileSync(path.join(bundle, 'config.template.json'), JSON.stringify(spec));
  return bundle;
}

/** Bare runc: `runc run -d` to started, and `runc run` to exit, sequentially; then `runc run` with concurrency. */
async function bare(bundle: string, root: string, n: number, c: number): Promise<{ started: Float64Array; finished: Float64Array; rate: number }> {
  const template = fs.readFileSync(path.join(bundle, 'config.template.json'), 'utf8');
  const bundleFor = (id: string) => {
    const d = path.join(bundle, '..', 'bundles', id);
    fs.mkdirSync(d, { recursive: true });
    const spec = JSON.parse(template);
    spec.linux.cgroupsPath = spec.linux.cgroupsPath.replace('CID', id);
    fs.writeFileSync(path.join(d, 'config.json'), JSON.stringify(spec));
    return d;
  };
  const runc = (args: string[]) => run('runc', ['--root', root, ...args]);
  const started = new Float64Array(n);
  const finished = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const id = `bare-d-${i}`;
    const b = bundleFor(id);
    const t0 = performance.now();
    await runc(['run', '-d', '--bundle', b, id]);
    started[i] = performance.now() - t0;
    await runc(['delete', '-f', id]);
  }
  for (let i = 0; i < n; i++) {
    const id = `bare-${i}`;
    const b = bundleFor(id);
    const t0 = performance.now();
    await runc(['run', '--bundle', b, id]);
    finished[i] = performance.now() - t0;
  }
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: c }, async () => {
      while (next < n) {
        const id = `bare-c-${next++}`;
        await runc(['run', '--bundle', bundleFor(id), id]);
      }
    }),
  );
  const rate = n / ((performance.now() - t0) / 1000);
  return { started: started.sort(), finished: finished.sort(), rate };
}

async function main(): Promise<void> {
  await reportDockerVolumeCalls();
  await reportCniCalls();
  const missing = await realContainersMissing();
  if (missing) {
    process.stdout.write(`SKIP containers benchmark: ${missing}\n`);
    return;
  }
  const dir = makeTempDir('plateau-bench-containers-');
  let master: MasterProc | undefined;
  let agent: TestAgent | undefined;
  let client: SchedulerClient | undefined;
  const bareRoot = path.join(dir, 'runc-root');
  try {
    master = await startMaster(['--allocation-interval', '50ms']);
    agent = new TestAgent(master.address, { resources: 'cpus:8;mem:8192;disk:8192;ports:[31000-32000]' });
    await agent.start();
    client = await SchedulerClient.subscribe(master.address, { ...frameworkInfo('containers-bench'), checkpoint: true });
    const fw = new Framework(client);

    // Warm-up: the image is unpacked and flattened once; the first launches pay for it.
    await sequential(fw, 3, 'warm');
    process.stdout.write(`launching ${N} tasks one at a time...\n`);
    const seq = await sequential(fw, N, 'seq');
    process.stdout.write(`launching ${N} tasks without an image one at a time...\n`);
    const seqHost = await sequential(fw, N, 'host', hostTrueTask);
    process.stdout.write(`launching ${N} tasks, ${CONCURRENCY} in flight...\n`);
    const cpu0 = { master: cpuSeconds(master.proc.pid), agent: cpuSeconds(agent.proc!.pid), self: process.cpuUsage(), all: machineCpuSeconds() };
    const t0 = performance.now();
    const rate = await sustained(fw, N, CONCURRENCY, 'par');
    const wall = (performance.now() - t0) / 1000;
    const self = process.cpuUsage(cpu0.self);
    const cpu = {
      master: cpuSeconds(master.proc.pid) - cpu0.master,
      agent: cpuSeconds(agent.proc!.pid) - cpu0.agent,
      framework: (self.user + self.system) / 1e6,
      all: machineCpuSeconds() - cpu0.all,
    };

    process.stdout.write(`launching ${PODS} 2-task pods and ${PODS} single containers, alternated...\n`);
    const pods = await podVsSingle(fw, PODS);

    // The bundle of a real container of the same image, for bare runc.
    const { offer } = await fw.offer(CPUS, MEM);
    const sleeper = busyboxTask('bundle-source', 'sleep 1000', { cpus: CPUS, mem: MEM });
    const running = fw.when('bundle-source', 'TASK_RUNNING');
    await fw.accept(offer, [sleeper]);
    await running;
    const st = await agent.get('/state');
    const cid = st.containers.find((x: any) => x.tasks.includes('bundle-source')).container_id as string;
    const bundle = await bareBundle(agent, cid, dir);
    await client.mustCall({ type: 'KILL', kill: { task_id: { value: 'bundle-source' } } });
    await fw.when('bundle-source', 'TASK_FINISHED');
    fw.failures = fw.failures.filter((f) => !f.startsWith('bundle-source:'));
    process.stdout.write(`bare runc, ${N} runs each way...\n`);
    const b = await bare(bundle, bareRoot, N, CONCURRENCY);

    const ratio = (x: number, y: number) => `${(x / y).toFixed(2)}x`;
    const rows: Cell[][] = [
      ['ACCEPT -> TASK_RUNNING p50 ms', percentile(seq.running, 50), 'runc run -d', percentile(b.started, 50), ratio(percentile(seq.running, 50), percentile(b.started, 50))],
      ['ACCEPT -> TASK_RUNNING p99 ms', percentile(seq.running, 99), 'runc run -d', percentile(b.started, 99), ratio(percentile(seq.running, 99), percentile(b.started, 99))],
      ['ACCEPT -> TASK_FINISHED p50 ms', percentile(seq.finished, 50), 'runc run', percentile(b.finished, 50), ratio(percentile(seq.finished, 50), percentile(b.finished, 50))],
      ['ACCEPT -> TASK_FINISHED p99 ms', percentile(seq.finished, 99), 'runc run', percentile(b.finished, 99), ratio(percentile(seq.finished, 99), percentile(b.finished, 99))],
      ['no image: ACCEPT -> TASK_RUNNING p50 ms', percentile(seqHost.running, 50), 'runc run -d', percentile(b.started, 50), ratio(percentile(seqHost.running, 50), percentile(b.started, 50))],
      ['no image: ACCEPT -> TASK_FINISHED p50 ms', percentile(seqHost.finished, 50), 'runc run', percentile(b.finished, 50), ratio(percentile(seqHost.finished, 50), percentile(b.finished, 50))],
      ['no image: ACCEPT -> TASK_FINISHED p99 ms', percentile(seqHost.finished, 99), 'runc run', percentile(b.finished, 99), ratio(percentile(seqHost.finished, 99), percentile(b.finished, 99))],
      [`sustained launches/s (${CONCURRENCY} in flight)`, rate, `runc run x${CONCURRENCY}`, b.rate, ratio(rate, b.rate)],
    ];
    const size = `${N} launches`;
    const p50 = (x: Float64Array) => percentile(x, 50);
    record({ id: 'containers.running_p50_ms', measure: 'container ACCEPT→RUNNING p50', value: p50(seq.running), unit: 'ms', baseline: { label: 'runc run -d', value: p50(b.started) }, size });
    record({ id: 'containers.finished_p50_ms', measure: 'container ACCEPT→FINISHED p50', value: p50(seq.finished), unit: 'ms', baseline: { label: 'runc run', value: p50(b.finished) }, size });
    record({ id: 'containers.no_image_running_p50_ms', measure: 'command task (no image) ACCEPT→RUNNING p50', value: p50(seqHost.running), unit: 'ms', baseline: { label: 'runc run -d', value: p50(b.started) }, size });
    record({ id: 'containers.launches_per_s', measure: `container launches/s (${CONCURRENCY} in flight)`, value: rate, unit: '/s', baseline: { label: `runc run x${CONCURRENCY}`, value: b.rate }, size });
    record({ id: 'containers.master_cpu_us_per_task', measure: 'master CPU per container launch', value: (cpu.master / N) * 1e6, unit: 'µs', size });
    record({ id: 'pod.launch_p50_ms', measure: '2-task pod ACCEPT→all RUNNING p50', value: pods.pod.p50, unit: 'ms', baseline: { label: 'single container', value: pods.single.p50 }, size: `${PODS} each` });
    process.stdout.write('\n');
    printTable(['metric', 'Plateau', 'bare runc as', 'bare runc', 'Plateau/runc'], rows);
    process.stdout.write(
      `\nPod (LAUNCH_GROUP, default executor: executor container + 2 nested tasks) vs single container (LAUNCH), /bin/true, ${PODS} each alternated, ACCEPT -> all TASK_RUNNING: ` +
        `pod p50 ${pods.pod.p50.toFixed(1)} ms (p99 ${pods.pod.p99.toFixed(1)}), single p50 ${pods.single.p50.toFixed(1)} ms (p99 ${pods.single.p99.toFixed(1)}), pod/single p50 ${(pods.pod.p50 / pods.single.p50).toFixed(2)}x\n`,
    );
    if (process.env.BENCH_CONTAINERS_LOG) fs.writeFileSync(process.env.BENCH_CONTAINERS_LOG, agent.proc?.output() ?? '');
    process.stdout.write(
      `\n${N} launches each; Plateau includes the scheduler API, master, agent link, provisioning (overlay rootfs), cgroups/linux/disk isolators, the container monitor, checkpoints and status updates acknowledged by the framework.\n` +
        `Goals (issue 4): overhead over bare runc at most 1.5x at p50; at least 20 launches/s sustained on a 2-core machine (a Mesos agent: about 33/s on 24 cores).\n` +
        `CPU seconds during the sustained run (${wall.toFixed(1)} s wall, ${require('node:os').cpus().length} CPUs): master ${cpu.master.toFixed(1)}, agent ${cpu.agent.toFixed(1)}, framework ${cpu.framework.toFixed(1)}, whole machine ${cpu.all.toFixed(1)} (runc, monitors, other processes included)\n` +
        `Failed tasks: ${fw.failures.length}${fw.failures.length ? ` (first: ${fw.failures[0]})` : ''}\n`,
    );
  } finally {
    client?.close();
    callAgent.destroy();
    await agent?.destroy();
    await master?.stop();
    try {
      const list = JSON.parse((await run('runc', ['--root', bareRoot, 'list', '--format', 'json']).catch(() => 'null')) || 'null') ?? [];
      for (const c of list) await run('runc', ['--root', bareRoot, 'delete', '-f', c.id]).catch(() => undefined);
    } catch {
      // nothing
    }
    cleanupLeftovers(dir, 'plateau-bench-bare');
  }
}

/** Docker volume Mount+Unmount (and the isolator's Prepare+Cleanup) against the reference plugin; needs no runc. */
async function reportDockerVolumeCalls(): Promise<void> {
  const rounds = QUICK ? 100 : 500;
  const dv = await dockerVolumeCalls(rounds);
  const load = require('node:os').loadavg().map((l: number) => l.toFixed(2)).join(' ');
  record({ id: 'docker_volume.mount_unmount_p50_ms', measure: 'Docker volume Mount+Unmount p50 (reference plugin)', value: dv.mountUnmount.p50, unit: 'ms', size: `${rounds} rounds` });
  record({ id: 'docker_volume.prepare_cleanup_p50_ms', measure: 'Docker volume isolator Prepare+Cleanup p50', value: dv.prepareCleanup.p50, unit: 'ms', size: `${rounds} rounds` });
  process.stdout.write(
    `Docker volume, reference plugin on a unix socket, ${rounds} rounds: VolumeDriver.Mount+Unmount p50 ${dv.mountUnmount.p50.toFixed(2)} ms (p99 ${dv.mountUnmount.p99.toFixed(2)}); ` +
      `isolator Prepare+Cleanup (Get, Mount, Unmount, checkpoint writes) p50 ${dv.prepareCleanup.p50.toFixed(2)} ms (p99 ${dv.prepareCleanup.p99.toFixed(2)}); load average ${load}\n`,
  );
}

/** CNI ADD (network-cni Prepare) and DEL (Cleanup) on a bridge network with the Debian plugins; needs root, no runc. */
async function reportCniCalls(): Promise<void> {
  const rounds = QUICK ? 30 : 100;
  const cni = await cniCalls(rounds);
  const load = require('node:os').loadavg().map((l: number) => l.toFixed(2)).join(' ');
  if (typeof cni === 'string') {
    process.stdout.write(`SKIP CNI ADD/DEL: ${cni}\n`);
    return;
  }
  record({ id: 'cni.add_p50_ms', measure: 'CNI ADD p50 (network-cni Prepare, bridge)', value: cni.add.p50, unit: 'ms', size: `${rounds} rounds` });
  record({ id: 'cni.del_p50_ms', measure: 'CNI DEL p50 (network-cni Cleanup, bridge)', value: cni.del.p50, unit: 'ms', size: `${rounds} rounds` });
  process.stdout.write(
    `CNI, bridge + host-local (Debian plugins), ${rounds} rounds: ADD (network-cni Prepare: netns, loopback, bridge ADD, checkpoint, /etc files) p50 ${cni.add.p50.toFixed(2)} ms (p99 ${cni.add.p99.toFixed(2)}); ` +
      `DEL (Cleanup: bridge DEL, netns removed) p50 ${cni.del.p50.toFixed(2)} ms (p99 ${cni.del.p99.toFixed(2)}); load average ${load}\n`,
  );
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : err}\n`);
    process.exit(1);
  });
}
