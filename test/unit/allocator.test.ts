import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AllocatorError, HierarchicalDRFAllocator, type HierarchicalDRFOptions, type Offer } from '@plateau/master';
import { Resources } from '@plateau/mesos';

/** An allocator on a clock the test moves (milliseconds). */
function setup(options: HierarchicalDRFOptions = {}) {
  const clock = { now: 0 };
  const allocator = new HierarchicalDRFAllocator({ clock: () => clock.now, ...options });
  return { allocator, clock };
}

/** Offered scalar totals per framework, e.g. { f1: 6 } for 'cpus'. */
function totals(offers: readonly Offer[], name = 'cpus'): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of offers) out[o.frameworkId] = (out[o.frameworkId] ?? 0) + o.resources.scalar(name);
  return out;
}

/** Offers per framework. */
function counts(offers: readonly Offer[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of offers) out[o.frameworkId] = (out[o.frameworkId] ?? 0) + 1;
  return out;
}

function declineAll(allocator: HierarchicalDRFAllocator, offers: readonly Offer[], refuseSeconds?: number): void {
  for (const o of offers) allocator.recoverResources(o.frameworkId, o.agentId, o.resources, refuseSeconds === undefined ? undefined : { refuseSeconds });
}

function addAgents(allocator: HierarchicalDRFAllocator, n: number, resources: string): void {
  for (let i = 0; i < n; i++) allocator.addAgent(`agent-${i}`, resources);
}

function allocatorError(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (e) {
    assert.instance(e, AllocatorError);
    assert.is((e as AllocatorError).code, code);
    return;
  }
  assert.unreachable(`expected ${code}`);
}

// ---------------------------------------------------------------------------------------------
// DRF

test('DRF paper example: progressive filling gives A 3 tasks and B 2 tasks', () => {
  // Ghodsi et al., "Dominant Resource Fairness": 9 CPUs, 18 GB; A's tasks need <1 CPU, 4 GB>
  // (memory-dominant), B's need <3 CPUs, 1 GB> (CPU-dominant).
  const { allocator } = setup();
  allocator.addAgent('node', 'cpus:9;mem:18432');
  const task: Record<string, Resources> = { A: Resources.parse('cpus:1;mem:4096'), B: Resources.parse('cpus:3;mem:1024') };
  allocator.addFramework('A', { roles: ['a'] });
  allocator.addFramework('B', { roles: ['b'] });
  const launched: Record<string, number> = { A: 0, B: 0 };
  const dominant = (fw: string) => Math.max((launched[fw] * task[fw].scalar('cpus')) / 9, (launched[fw] * task[fw].scalar('mem')) / 18432);

  for (let round = 0; round < 20; round++) {
    const offers = allocator.allocate();
    if (offers.length === 0) break;
    assert.is(offers.length, 1, 'one agent: one offer per cycle');
    const o = offers[0];
    const other = o.frameworkId === 'A' ? 'B' : 'A';
    assert.ok(dominant(o.frameworkId) <= dominant(other), `round ${round}: ${o.frameworkId} offered while its dominant share is the larger`);
    const t = task[o.frameworkId].clone().allocate(o.role);
    if (o.resources.contains(t)) {
      allocator.updateAllocation(o.frameworkId, o.agentId, [{ type: 'LAUNCH', resources: t }]);
      allocator.recoverResources(o.frameworkId, o.agentId, o.resources.minus(t));
      launched[o.frameworkId]++;
    } else {
      allocator.recoverResources(o.frameworkId, o.agentId, o.resources, { refuseSeconds: 3600 });
    }
  }
  assert.equal(launched, { A: 3, B: 2 });
  assert.ok(allocator.allocated('A').equals(Resources.parse('cpus:3;mem:12288').allocate('a')));
  assert.ok(allocator.used('B').equals(Resources.parse('cpus:6;mem:2048').allocate('b')));
  assert.ok(allocator.available('node').equals(Resources.parse('mem:4096')));
});

test('frameworks of one role share equally; each agent goes to one framework per cycle', () => {
  const { allocator } = setup();
  addAgents(allocator, 1000, 'cpus:4;mem:1024');
  for (let i = 0; i < 7; i++) allocator.addFramework(`f${i}`, { roles: ['shared'] });
  const offers = allocator.allocate();
  assert.is(offers.length, 1000);
  assert.is(new Set(offers.map((o) => o.agentId)).size, 1000, 'no agent offered twice');
  const c = Object.values(counts(offers));
  assert.is(c.length, 7);
  assert.ok(Math.max(...c) - Math.min(...c) <= 1, `uneven: ${c.join(',')}`);
});

test('weights: a role with weight 2 gets twice the share', () => {
  const { allocator } = setup();
  addAgents(allocator, 6, 'cpus:1;mem:128');
  allocator.setWeight('heavy', 2);
  allocator.addFramework('h', { roles: ['heavy'] });
  allocator.addFramework('l', { roles: ['light'] });
  assert.equal(counts(allocator.allocate()), { h: 4, l: 2 });
  assert.equal(allocator.weights(), { heavy: 2 });
  const heavy = allocator.roles().find((r) => r.role === 'heavy')!;
  assert.is(heavy.weight, 2);
  assert.equal(heavy.allocated, { cpus: 4, mem: 512 });
});

test('hierarchical roles: eng/web and eng/db split eng, which competes with ops as one', () => {
  const { allocator } = setup();
  addAgents(allocator, 8, 'cpus:1;mem:128');
  allocator.addFramework('web', { roles: ['eng/web'] });
  allocator.addFramework('db', { roles: ['eng/db'] });
  allocator.addFramework('ops', { roles: ['ops'] });
  assert.equal(counts(allocator.allocate()), { ops: 4, web: 2, db: 2 }, 'flat DRF would give 3/3/2');
  const eng = allocator.roles().find((r) => r.role === 'eng')!;
  assert.equal(eng.allocated, { cpus: 4, mem: 512 }, 'a parent counts its children');
});

test("hierarchical roles: a role's own frameworks compete with its children", () => {
  const { allocator } = setup();
  addAgents(allocator, 8, 'cpus:1;mem:128');
  allocator.addFramework('eng', { roles: ['eng'] });
  allocator.addFramework('web', { roles: ['eng/web'] });
  allocator.addFramework('ops', { roles: ['ops'] });
  assert.equal(counts(allocator.allocate()), { ops: 4, eng: 2, web: 2 });
});

// ---------------------------------------------------------------------------------------------
// Quota

test('quota guarantee is satisfied first, whatever DRF would prefer', () => {
  const run = (withQuota: boolean) => {
    const { allocator } = setup();
    addAgents(allocator, 4, 'cpus:2;mem:1024');
    allocator.setWeight('a', 10);
    if (withQuota) allocator.setQuota('q', { guarantee: { cpus: 6 } });
    allocator.addFramework('fa', { roles: ['a'] });
    allocator.addFramework('fq', { roles: ['q'] });
    const offers = allocator.allocate();
    return { cpus: totals(offers), mem: totals(offers, 'mem'), offers: offers.length };
  };
  assert.equal(run(false), { cpus: { fa: 6, fq: 2 }, mem: { fa: 3072, fq: 1024 }, offers: 4 }, 'without quota weighted DRF favours a');
  // The guarantee stage hands q three whole agents before the fair-share stage runs.
  assert.equal(run(true), { cpus: { fq: 6, fa: 2 }, mem: { fq: 3072, fa: 1024 }, offers: 4 });
});

test('unmet guarantees are held back as headroom from other roles', () => {
  const { allocator } = setup();
  addAgents(allocator, 4, 'cpus:2;mem:1024');
  allocator.setQuota('q', { guarantee: 'cpus:6' });
  allocator.addFramework('fq', { roles: ['q'], suppressedRoles: ['q'] });
  allocator.addFramework('fa', { roles: ['a'] });
  const offers = allocator.allocate();
  assert.is(totals(offers).fa, 2, 'only what exceeds the guarantee');
  let free = 0;
  for (let i = 0; i < 4; i++) free += allocator.available(`agent-${i}`).scalar('cpus');
  assert.is(free, 6);
  // Once q wants its quota, it gets it.
  allocator.revive('fq');
  assert.equal(totals(allocator.allocate()), { fq: 6 });
});

test('quota limit is never exceeded, across cycles and sub-roles', () => {
  const { allocator } = setup();
  addAgents(allocator, 4, 'cpus:2;mem:1024');
  allocator.setQuota('p', { limit: { cpus: 3 } });
  allocator.addFramework('x', { roles: ['p/x'] });
  allocator.addFramework('y', { roles: ['p/y'] });
  allocator.addFramework('other', { roles: ['z'] });
  for (let round = 0; round < 3; round++) {
    const offers = allocator.allocate();
    const t = totals(offers);
    assert.is((t.x ?? 0) + (t.y ?? 0), 3, `round ${round}: p/x and p/y together get exactly the limit`);
    assert.ok((t.other ?? 0) <= 5);
    if (round === 0) assert.is(t.other, 5);
    const p = allocator.roles().find((r) => r.role === 'p')!;
    assert.is(p.allocated.cpus, 3);
    assert.is(p.consumedQuota.cpus, 3);
    declineAll(allocator, offers);
  }
  assert.equal(allocator.quota('p'), { guarantee: {}, limit: { cpus: 3 } });
  allocatorError(() => allocator.setQuota('p', { guarantee: { cpus: 4 }, limit: { cpus: 3 } }), 'PLT_ERR_ALLOCATOR_INVALID');
});

test('random quota scenarios: limits hold, headroom for unmet guarantees is kept', () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const freeCpus = (allocator: HierarchicalDRFAllocator, agents: number) => {
    let n = 0;
    for (let i = 0; i < agents; i++) n += allocator.available(`agent-${i}`).scalar('cpus');
    return n;
  };
  for (let round = 0; round < 40; round++) {
    const { allocator } = setup();
    const agents = 3 + Math.floor(rand() * 8);
    for (let i = 0; i < agents; i++) allocator.addAgent(`agent-${i}`, `cpus:${1 + Math.floor(rand() * 4)};mem:${256 * (1 + Math.floor(rand() * 4))}`);
    const roles = ['g', 'l', 'l/a', 'l/b', 'free'];
    const guarantee = 1 + Math.floor(rand() * 6);
    const limit = Math.floor(rand() * 5);
    allocator.setQuota('g', { guarantee: { cpus: guarantee } });
    allocator.setQuota('l', { limit: { cpus: limit } });
    roles.forEach((role, i) => allocator.addFramework(`f-${i}`, { roles: [role] }));
    const gSuppressed = rand() < 0.5;
    if (gSuppressed) allocator.suppress('f-0');
    for (let cycle = 0; cycle < 4; cycle++) {
      const before = freeCpus(allocator, agents);
      const offers = allocator.allocate();
      const summary = Object.fromEntries(allocator.roles().map((r) => [r.role, r]));
      assert.ok((summary.l?.consumedQuota.cpus ?? 0) <= limit, `round ${round}: l holds ${summary.l?.consumedQuota.cpus} > ${limit}`);
      const gHeld = summary.g?.consumedQuota.cpus ?? 0;
      const unmet = Math.max(0, guarantee - gHeld);
      if (gSuppressed) {
        assert.ok(freeCpus(allocator, agents) >= Math.min(before, unmet), `round ${round}: headroom for g was given away`);
      } else {
        // g is offered what it is guaranteed first: it is short only when nothing is free.
        assert.ok(gHeld >= guarantee || freeCpus(allocator, agents) === 0, `round ${round}: g got ${gHeld} of ${guarantee}`);
      }
      for (const o of offers) if (rand() < 0.6) allocator.recoverResources(o.frameworkId, o.agentId, o.resources, rand() < 0.5 ? { refuseSeconds: 0 } : undefined);
    }
  }
});

test('an agent nobody could take is reconsidered when a quota limit rises', () => {
  const { allocator } = setup();
  allocator.addAgent('x', 'cpus:2;mem:16'); // mem alone is below the minimum offer
  allocator.setQuota('l', { limit: { cpus: 0 } });
  allocator.addFramework('fl', { roles: ['l'] });
  assert.equal(allocator.allocate(), []);
  assert.equal(allocator.allocate(), []);
  allocator.setQuota('l', { limit: { cpus: 2 } });
  assert.equal(totals(allocator.allocate()), { fl: 2 });
});

test('an agent nobody could take is reconsidered when the role at its limit releases resources', () => {
  const { allocator } = setup();
  allocator.addAgent('x', 'cpus:2;mem:16');
  allocator.addAgent('y', 'cpus:2;mem:16');
  allocator.setQuota('l', { limit: { cpus: 2 } });
  allocator.addFramework('fl', { roles: ['l'] });
  const [first] = allocator.allocate();
  assert.is(first.agentId, 'x');
  assert.equal(allocator.allocate(), [], 'y is over the limit');
  allocator.recoverResources('fl', 'x', first.resources, { refuseSeconds: 3600 });
  assert.equal(
    allocator.allocate().map((o) => o.agentId),
    ['y'],
  );
});

test('headroom freed by a guarantee met elsewhere is offered in the same cycle', () => {
  const { allocator } = setup();
  allocator.addAgent('x', 'cpus:2;mem:16');
  allocator.setQuota('q', { guarantee: { cpus: 2 } });
  allocator.addFramework('fq', { roles: ['q'] });
  allocator.addFramework('fa', { roles: ['a'] });
  const [toQ] = allocator.allocate();
  assert.is(toQ.frameworkId, 'fq');
  allocator.recoverResources('fq', 'x', toQ.resources, { refuseSeconds: 3600 });
  assert.equal(allocator.allocate(), [], "x is q's headroom and q refused it");
  allocator.addAgent('y', 'cpus:2;mem:16');
  assert.equal(
    allocator
      .allocate()
      .map((o) => `${o.frameworkId}@${o.agentId}`)
      .sort(),
    ['fa@x', 'fq@y'],
  );
});

// ---------------------------------------------------------------------------------------------
// Filters, suppress, revive

test('a refuse filter holds until it expires (injected clock)', () => {
  const { allocator, clock } = setup();
  allocator.addAgent('a1', 'cpus:4;mem:1024');
  allocator.addFramework('f', { roles: ['r'] });
  const first = allocator.allocate();
  assert.is(first.length, 1);
  declineAll(allocator, first, 10);
  assert.is(allocator.stats().filters, 1);
  clock.now = 5000;
  assert.equal(allocator.allocate(), []);
  clock.now = 9999;
  assert.equal(allocator.allocate(), []);
  clock.now = 10000;
  const again = allocator.allocate();
  assert.is(again.length, 1);
  assert.ok(again[0].resources.equals(first[0].resources));
  assert.is(allocator.stats().filters, 0);
});

test('a filter lasts at least one allocation interval; refuse 0 installs none', () => {
  const { allocator, clock } = setup({ allocationIntervalMs: 2000 });
  allocator.addAgent('a1', 'cpus:4;mem:1024');
  allocator.addFramework('f', { roles: ['r'] });
  declineAll(allocator, allocator.allocate(), 0.5);
  clock.now = 1500;
  assert.equal(allocator.allocate(), []);
  clock.now = 2000;
  const offers = allocator.allocate();
  assert.is(offers.length, 1);
  declineAll(allocator, offers, 0);
  assert.is(allocator.allocate().length, 1);
});

test('a filtered agent goes to the next framework', () => {
  const { allocator } = setup();
  allocator.addAgent('a1', 'cpus:4;mem:1024');
  allocator.addFramework('f1', { roles: ['r1'] });
  allocator.addFramework('f2', { roles: ['r2'] });
  const first = allocator.allocate();
  assert.equal(counts(first), { f1: 1 });
  declineAll(allocator, first, 60);
  assert.equal(counts(allocator.allocate()), { f2: 1 });
});

test('a filter only covers what was refused: more resources are offered again', () => {
  const { allocator } = setup();
  allocator.addAgent('a1', 'cpus:8;mem:1024');
  allocator.addFramework('f', { roles: ['r'] });
  const [offer] = allocator.allocate();
  const taskRes = Resources.parse('cpus:4;mem:512').allocate('r');
  allocator.updateAllocation('f', 'a1', [{ type: 'LAUNCH', resources: taskRes }]);
  allocator.recoverResources('f', 'a1', offer.resources.minus(taskRes), { refuseSeconds: 100 });
  assert.equal(allocator.allocate(), [], 'the same remainder stays filtered');
  allocator.recoverResources('f', 'a1', taskRes); // the task finished
  const [again] = allocator.allocate();
  assert.ok(again !== undefined && again.resources.equals(Resources.parse('cpus:8;mem:1024').allocate('r')));
});

test('suppress stops offers; revive resumes them and clears filters', () => {
  const { allocator } = setup();
  allocator.addAgent('a1', 'cpus:4;mem:1024');
  allocator.addFramework('f', { roles: ['r'] });
  allocator.suppress('f');
  assert.equal(allocator.allocate(), []);
  allocator.revive('f');
  const offers = allocator.allocate();
  assert.is(offers.length, 1);
  declineAll(allocator, offers, 3600);
  assert.equal(allocator.allocate(), []);
  allocator.revive('f', ['r']);
  assert.is(allocator.allocate().length, 1);
});

test('suppress and revive act per role for multi-role frameworks', () => {
  const { allocator } = setup();
  addAgents(allocator, 2, 'cpus:4;mem:1024');
  allocator.addFramework('f', { roles: ['r1', 'r2'] });
  allocator.suppress('f', ['r1']);
  const offers = allocator.allocate();
  assert.is(offers.length, 2);
  assert.ok(offers.every((o) => o.role === 'r2' && o.resources.allocationRoles()[0] === 'r2'));
  declineAll(allocator, offers, 3600);
  allocator.revive('f', ['r1']);
  const next = allocator.allocate();
  assert.is(next.length, 2);
  assert.ok(next.every((o) => o.role === 'r1'), 'r2 stays filtered, r1 is revived');
});

test('inactive frameworks get nothing; deactivation drops their filters', () => {
  const { allocator } = setup();
  allocator.addAgent('a1', 'cpus:4;mem:1024');
  allocator.addFramework('f', { roles: ['r'] });
  declineAll(allocator, allocator.allocate(), 3600);
  allocator.deactivateFramework('f');
  assert.equal(allocator.allocate(), []);
  allocator.activateFramework('f');
  assert.is(allocator.allocate().length, 1);
});

// ---------------------------------------------------------------------------------------------
// Reservations

test('static reservations are offered only to their role', () => {
  const { allocator } = setup();
  allocator.addAgent('a1', 'cpus(r1):2;mem(r1):256;cpus:2;mem:256');
  allocator.addFramework('other', { roles: ['a'] }); // sorts first
  allocator.addFramework('owner', { roles: ['r1'] });
  const offers = allocator.allocate();
  const byFw = Object.fromEntries(offers.map((o) => [o.frameworkId, o.resources]));
  assert.ok(byFw.other.equals(Resources.parse('cpus:2;mem:256').allocate('a')), byFw.other?.toString());
  assert.ok(byFw.owner.equals(Resources.parse('cpus(r1):2;mem(r1):256').allocate('r1')), byFw.owner?.toString());
});

test('reservations to a role are offered to its sub-roles, not to its parent', () => {
  const { allocator } = setup();
  allocator.addAgent('a1', 'cpus(eng):2;mem(eng):256');
  allocator.addAgent('a2', 'cpus(eng/web):2;mem(eng/web):256');
  allocator.addFramework('ops', { roles: ['ops'] });
  allocator.addFramework('eng', { roles: ['eng'] });
  allocator.addFramework('web', { roles: ['eng/web'] });
  allocator.suppress('eng');
  const offers = allocator.allocate();
  assert.equal(
    offers.map((o) => `${o.frameworkId}@${o.agentId}`).sort(),
    ['web@a1', 'web@a2'],
  );
  declineAll(allocator, offers);
  allocator.suppress('web');
  allocator.revive('eng');
  assert.equal(
    allocator.allocate().map((o) => `${o.frameworkId}@${o.agentId}`),
    ['eng@a1'],
  );
});

test('dynamic reservations: reserve, offered to the role only, unreserve', () => {
  const { allocator } = setup();
  allocator.addAgent('a1', 'cpus:4;mem:1024');
  const dyn = [
    { name: 'cpus', type: 'SCALAR', scalar: { value: 2 }, reservations: [{ type: 'DYNAMIC', role: 'r1', principal: 'ops' }] },
    { name: 'mem', type: 'SCALAR', scalar: { value: 512 }, reservations: [{ type: 'DYNAMIC', role: 'r1', principal: 'ops' }] },
  ];
  allocator.reserve('a1', dyn);
  assert.ok(allocator.agentTotal('a1').reserved('r1').equals(Resources.fromJSON(dyn)));
  assert.equal(allocator.roles().find((r) => r.role === 'r1')?.reserved, { cpus: 2, mem: 512 });
  allocator.addFramework('other', { roles: ['a'] });
  allocator.addFramework('owner', { roles: ['r1'] });
  const offers = allocator.allocate();
  assert.equal(totals(offers), { other: 2, owner: 2 });
  assert.ok(offers.find((o) => o.frameworkId === 'owner')!.resources.equals(Resources.fromJSON(dyn).allocate('r1')));
  declineAll(allocator, offers);
  allocator.unreserve('a1', dyn);
  assert.ok(allocator.agentTotal('a1').equals(Resources.parse('cpus:4;mem:1024')));
  assert.equal(totals(allocator.allocate()), { other: 4 });
  allocatorError(() => allocator.reserve('a1', [{ ...dyn[0], scalar: { value: 10 } }]), 'PLT_ERR_ALLOCATOR_UNAVAILABLE');
  allocatorError(() => allocator.reserve('a1', 'cpus(r1):1'), 'PLT_ERR_ALLOCATOR_INVALID');
});

test('RESERVE as an offer operation converts what the framework holds', () => {
  const { allocator } = setup();
  allocator.addAgent('a1', 'cpus:4;mem:1024');
  allocator.addFramework('f', { roles: ['r'] });
  allocator.allocate();
  const reserved = Resources.fromJSON([{ name: 'cpus', type: 'SCALAR', scalar: { value: 1 }, reservations: [{ type: 'DYNAMIC', role: 'r' }], allocation_info: { role: 'r' } }]);
  allocator.updateAllocation('f', 'a1', [{ type: 'RESERVE', resources: reserved }]);
  const held = allocator.allocated('f', 'a1');
  assert.is(held.reserved('r').scalar('cpus'), 1);
  assert.is(held.unreserved().scalar('cpus'), 3);
  allocator.recoverResources('f', 'a1', held);
  assert.is(allocator.agentTotal('a1').reserved('r').scalar('cpus'), 1);
  assert.equal(allocator.roles().find((r) => r.role === 'r')?.reserved, { cpus: 1 }, 'an unallocated reservation counts for its role');
  const [next] = allocator.allocate();
  assert.ok(next.resources.equals(held), next.resources.toString());
});

// ---------------------------------------------------------------------------------------------
// Accounting

test('recovered resources come back to the agent and are offered again', () => {
  const { allocator } = setup();
  allocator.addAgent('a1', 'cpus:4;mem:1024;ports:[31000-31010]');
  allocator.addFramework('f', { roles: ['r'] });
  const [offer] = allocator.allocate();
  assert.ok(allocator.available('a1').isEmpty());
  const back = Resources.parse('cpus:1;mem:256;ports:[31005-31010]').allocate('r');
  allocator.recoverResources('f', 'a1', back);
  assert.ok(allocator.available('a1').equals(Resources.parse('cpus:1;mem:256;ports:[31005-31010]')));
  assert.ok(allocator.allocated('f').equals(offer.resources.minus(back)));
  const [again] = allocator.allocate();
  assert.ok(again.resources.equals(back));
  // Recovering more than is held recovers what is held; unknown ids are ignored.
  allocator.recoverResources('f', 'a1', Resources.parse('cpus:100').allocate('r'));
  assert.is(allocator.available('a1').scalar('cpus'), 4);
  allocator.recoverResources('nobody', 'a1', 'cpus:1');
});

test('removing a framework returns what it held; removing an agent forgets it', () => {
  const { allocator } = setup();
  addAgents(allocator, 2, 'cpus:4;mem:1024');
  allocator.addFramework('f', { roles: ['r'] });
  allocator.addFramework('g', { roles: ['r'] });
  const offers = allocator.allocate();
  assert.is(offers.length, 2);
  allocator.removeFramework('f');
  const toG = allocator.allocate();
  assert.equal(counts(toG), { g: 1 });
  assert.is(allocator.allocated('g').scalar('cpus'), 8);
  allocator.removeAgent(toG[0].agentId);
  assert.is(allocator.allocated('g').scalar('cpus'), 4);
  assert.is(allocator.stats().agents, 1);
  allocatorError(() => allocator.available(toG[0].agentId), 'PLT_ERR_ALLOCATOR_UNKNOWN_AGENT');
  allocatorError(() => allocator.suppress('f'), 'PLT_ERR_ALLOCATOR_UNKNOWN_FRAMEWORK');
  assert.equal(allocator.roles().find((r) => r.role === 'r')?.frameworks, ['g']);
});

test('resources in use after a failover are tracked, and the framework gets them back', () => {
  const { allocator } = setup();
  allocator.addAgent('a1', 'cpus:4;mem:1024', { used: [{ frameworkId: 'f', resources: Resources.parse('cpus:3;mem:512').allocate('r') }] });
  assert.ok(allocator.available('a1').equals(Resources.parse('cpus:1;mem:512')));
  allocator.addFramework('g', { roles: ['s'] });
  assert.equal(totals(allocator.allocate()), { g: 1 }, 'the unknown framework is not offered');
  allocator.addFramework('f', { roles: ['r'] });
  assert.ok(allocator.used('f').equals(Resources.parse('cpus:3;mem:512').allocate('r')));
  assert.equal(allocator.roles().find((r) => r.role === 'r')?.allocated, { cpus: 3, mem: 512 });
});

test('agents with GPUs go only to GPU_RESOURCES frameworks', () => {
  const { allocator } = setup();
  allocator.addAgent('gpu', 'cpus:4;mem:1024;gpus:1');
  allocator.addFramework('plain', { roles: ['a'] });
  assert.equal(allocator.allocate(), []);
  allocator.addFramework('ml', { roles: ['b'], capabilities: ['GPU_RESOURCES'] });
  assert.equal(counts(allocator.allocate()), { ml: 1 });
});

test('offers below the minimum allocatable size are not made', () => {
  const { allocator } = setup();
  allocator.addAgent('a1', 'disk:100;ports:[1-10]');
  allocator.addFramework('f', { roles: ['r'] });
  assert.equal(allocator.allocate(), []);
  const loose = setup({ minAllocatable: [] }).allocator;
  loose.addAgent('a1', 'disk:100;ports:[1-10]');
  loose.addFramework('f', { roles: ['r'] });
  assert.is(loose.allocate().length, 1);
});

test('deactivated agents are not offered; invalid input is rejected', () => {
  const { allocator } = setup();
  allocator.addAgent('a1', 'cpus:4;mem:1024');
  allocator.addFramework('f', { roles: ['r'] });
  allocator.deactivateAgent('a1');
  assert.equal(allocator.allocate(), []);
  allocator.activateAgent('a1');
  assert.is(allocator.allocate().length, 1);
  allocatorError(() => allocator.addAgent('a1', 'cpus:1'), 'PLT_ERR_ALLOCATOR_DUPLICATE');
  allocatorError(() => allocator.addAgent('a2', 'cpus:x'), 'PLT_ERR_ALLOCATOR_INVALID');
  allocatorError(() => allocator.addFramework('g', { roles: ['bad//role'] }), 'PLT_ERR_ALLOCATOR_INVALID');
  allocatorError(() => allocator.setWeight('r', 0), 'PLT_ERR_ALLOCATOR_INVALID');
});

test('updateAgent changes totals and keeps allocations', () => {
  const { allocator } = setup();
  allocator.addAgent('a1', 'cpus:4;mem:1024');
  allocator.addFramework('f', { roles: ['r'] });
  allocator.allocate();
  allocator.updateAgent('a1', 'cpus:8;mem:2048');
  assert.ok(allocator.available('a1').equals(Resources.parse('cpus:4;mem:1024')));
  assert.ok(allocator.allocate()[0].resources.equals(Resources.parse('cpus:4;mem:1024').allocate('r')));
});

test.run();
