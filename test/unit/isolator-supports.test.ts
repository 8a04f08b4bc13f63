// The isolator contract's Supports: an isolator without it provides nothing, in process and over
// gRPC (where the server answers UNIMPLEMENTED); one with it has its lists carried across the wire;
// the agent gathers every isolator's answer and refuses two isolators providing the same network.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defineModule, emptyLaunchInfo, type Isolator, isolatorSupports, UnsupportedError } from '@plateau/kernel';
import { askSupport } from '@plateau/agent';
import { withServedModule } from '@plateau/testkit/served-module';
import { networksAttribute, taskNetworkProblem, type TaskInfo } from '@plateau/mesos';

/** An isolator that isolates nothing; `supports` as given (absent: a module written before the RPC). */
function isolator(supports?: Isolator['supports']): Isolator {
  const iso: Isolator = {
    recover: async () => ({}),
    prepare: async () => ({ launchInfo: emptyLaunchInfo() }),
    isolate: async () => ({}),
    watch: async function* () {},
    update: async () => ({}),
    usage: async () => ({}) as never,
    status: async () => ({ networkInfos: [], executorPid: 0 }),
    cleanup: async () => ({}),
  };
  if (supports) iso.supports = supports;
  return iso;
}

const served = (supports?: Isolator['supports']) =>
  defineModule<Isolator, Record<string, never>>({ kind: 'isolator', name: 'plain', version: '0.1.0', apiVersions: ['v1'], create: async () => isolator(supports) });

test('without Supports an isolator provides nothing, in process and over gRPC (UNIMPLEMENTED)', async () => {
  assert.equal(await isolatorSupports(isolator()), { networks: [], volumeSources: [] });
  await withServedModule<Isolator>(served(), 'isolator', 'plain', () => ({}), async (remote) => {
    assert.equal(await isolatorSupports(remote), { networks: [], volumeSources: [] });
  });
  assert.equal(await isolatorSupports(isolator(async () => Promise.reject(new UnsupportedError('not here')))), { networks: [], volumeSources: [] });
});

test('an answer crosses the wire; other errors propagate', async () => {
  const answer = async () => ({ networks: ['blue', 'green'], volumeSources: ['DOCKER_VOLUME'] });
  await withServedModule<Isolator>(served(answer), 'isolator', 'plain', () => ({}), async (remote) => {
    assert.equal(await isolatorSupports(remote), { networks: ['blue', 'green'], volumeSources: ['DOCKER_VOLUME'] });
  });
  try {
    await isolatorSupports(isolator(async () => Promise.reject(new Error('disk on fire'))));
    assert.unreachable('a failing Supports should fail');
  } catch (err) {
    assert.match((err as Error).message, /disk on fire/);
  }
});

test('the agent gathers the answers by isolator and refuses one network from two isolators', async () => {
  const cni = { label: 'cni (isolator.cni)', module: isolator(async () => ({ networks: ['blue'], volumeSources: [] })) };
  const dv = { label: 'dv (isolator.docker)', module: isolator(async () => ({ networks: [], volumeSources: ['DOCKER_VOLUME'] })) };
  const plain = { label: 'cgroups (isolator.cgroups)', module: isolator() };
  const s = await askSupport([plain, cni, dv]);
  assert.equal([...s.networks], [['blue', 'cni (isolator.cni)']]);
  assert.equal([...s.volumeSources], [['DOCKER_VOLUME', 'dv (isolator.docker)']]);
  assert.equal(s.isolators, ['cgroups (isolator.cgroups)', 'cni (isolator.cni)', 'dv (isolator.docker)']);
  const twice = { label: 'cni2 (isolator.cni)', module: isolator(async () => ({ networks: ['blue'], volumeSources: [] })) };
  try {
    await askSupport([cni, twice]);
    assert.unreachable('two isolators providing one network should be refused');
  } catch (err) {
    assert.match((err as Error).message, /network 'blue' is provided by two isolators, cni \(isolator\.cni\) and cni2 \(isolator\.cni\)/);
  }
});

test('the master checks a task against the networks its agent advertises, and not at all when it advertises none', () => {
  const task = (names: string[], executor = false) => {
    const container = { type: 'MESOS', network_infos: names.map((name) => ({ name })) };
    return (executor ? { executor: { container } } : { container }) as unknown as TaskInfo;
  };
  const attrs = [{ name: 'rack', type: 'TEXT' as const, text: { value: 'r1' } }, networksAttribute(['blue'])];
  assert.is(taskNetworkProblem(task(['blue']), attrs, 'A1'), undefined);
  assert.is(taskNetworkProblem(task(['red']), [attrs[0]!], 'A1'), undefined);
  assert.is(taskNetworkProblem(task(['blue', 'red']), attrs, 'A1'), "container.network_infos[1].name: network 'red' is not available on agent A1 (its networks: blue)");
  assert.match(taskNetworkProblem(task(['red'], true), attrs, 'A1') ?? '', /^executor\.container\.network_infos\[0\]\.name: network 'red'/);
});

test.run();
