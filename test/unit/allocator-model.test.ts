/**
 * Randomized comparison of HierarchicalDRFAllocator with a naive model of the same rules: the
 * model re-sorts the whole role tree before every agent (as Mesos does), keeps filters in a plain
 * list and checks each one against the exact offer. Any difference in the offers made is a bug
 * in the allocator's incremental structures (moved sort entries, filter bitsets, cached covers).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HierarchicalDRFAllocator, type Offer } from '@plateau/master';
import { Resources, isRoleOrAncestor } from '@plateau/mesos';
import { seededRandom } from '@plateau/testkit/random';


interface RefFilter {
  fw: string;
  role: string;
  agent: string;
  res: Resources;
  expiresAt: number;
}

const MIN_ALLOCATABLE: readonly (readonly [string, number])[] = [
  ['cpus', 0.01],
  ['mem', 32],
];

/** The rules, written the slow and obvious way. */
class Model {
  now = 0;
  rotation = 0;
  readonly agentOrder: string[] = [];
  readonly agents = new Map<string, { total: Resources; avail: Resources }>();
  readonly frameworks = new Map<string, { roles: string[]; suppressed: Set<string> }>();
  readonly allocs = new Map<string, Resources>(); // `${fw}|${role}|${agent}` -> unallocated form
  filters: RefFilter[] = [];
  readonly weights = new Map<string, number>();
  readonly counts = new Map<string, number>(); // client `${fw}|${role}`, role `r:${role}`, self `s:${role}`

  addAgent(id: string, total: string): void {
    const t = Resources.parse(total);
    this.agents.set(id, { total: t, avail: t.clone() });
    this.agentOrder.push(id);
  }

  removeAgent(id: string): void {
    for (const key of [...this.allocs.keys()]) if (key.endsWith(`|${id}`)) this.allocs.delete(key);
    this.filters = this.filters.filter((f) => f.agent !== id);
    const i = this.agentOrder.indexOf(id);
    const last = this.agentOrder.pop()!;
    if (last !== id) this.agentOrder[i] = last;
    this.agents.delete(id);
  }

  recover(fw: string, agent: string, offered: Resources, refuseSeconds: number | undefined): void {
    const role = offered.allocationRoles()[0];
    const part = offered.clone().unallocate();
    const key = `${fw}|${role}|${agent}`;
    const held = this.allocs.get(key);
    if (held !== undefined) {
      const back = held.contains(part) ? part : held.intersection(part);
      held.subtract(back);
      if (held.isEmpty()) this.allocs.delete(key);
      this.agents.get(agent)!.avail.add(back);
    }
    if (refuseSeconds === undefined || refuseSeconds === 0) return;
    this.filters.push({ fw, role, agent, res: part, expiresAt: this.now + Math.max(refuseSeconds * 1000, 1000) });
  }

  revive(fw: string, role: string): void {
    this.frameworks.get(fw)!.suppressed.delete(role);
    this.filters = this.filters.filter((f) => !(f.fw === fw && f.role === role));
  }

  private total(): Map<string, number> {
    const t = new Map<string, number>();
    for (const a of this.agents.values()) for (const [k, v] of Object.entries(a.total.quantities())) t.set(k, (t.get(k) ?? 0) + Math.round(v * 1000));
    return t;
  }

  private share(res: Resources, total: Map<string, number>, weight: number): number {
    let s = 0;
    for (const [k, v] of Object.entries(res.quantities())) {
      const t = total.get(k) ?? 0;
      if (t > 0) s = Math.max(s, Math.round(v * 1000) / t);
    }
    return s / weight;
  }

  private allocatedWhere(pred: (fw: string, role: string) => boolean): Resources {
    const out = new Resources();
    for (const [key, r] of this.allocs) {
      const [fw, role] = key.split('|');
      if (pred(fw, role)) out.add(r);
    }
    return out;
  }

  /** Client order: DFS over the role tree, siblings by (share, count, name), like Mesos. */
  private order(): [string, string][] {
    const total = this.total();
    const clientsOf = new Map<string, string[]>();
    for (const [fw, f] of this.frameworks) for (const role of f.roles) clientsOf.set(role, [...(clientsOf.get(role) ?? []), fw]);
    const roles = new Set<string>();
    for (const role of clientsOf.keys()) {
      const parts = role.split('/');
      for (let i = 1; i <= parts.length; i++) roles.add(parts.slice(0, i).join('/'));
    }
    const parentOf = (r: string) => (r.includes('/') ? r.slice(0, r.lastIndexOf('/')) : '');
    const byKey = (x: { share: number; count: number; name: string }, y: { share: number; count: number; name: string }) =>
      x.share !== y.share ? x.share - y.share : x.count !== y.count ? x.count - y.count : x.name < y.name ? -1 : x.name > y.name ? 1 : 0;
    const out: [string, string][] = [];
    const leaf = (role: string) => {
      const cs = (clientsOf.get(role) ?? []).map((fw) => ({
        name: fw,
        share: this.share(this.allocatedWhere((f, r) => f === fw && r === role), total, 1),
        count: this.counts.get(`${fw}|${role}`) ?? 0,
      }));
      for (const c of cs.sort(byKey)) out.push([c.name, role]);
    };
    const visit = (parent: string) => {
      const kids = [...roles].filter((r) => parentOf(r) === parent);
      const entries = kids.map((r) => ({
        name: r,
        self: false,
        share: this.share(this.allocatedWhere((_, role) => isRoleOrAncestor(r, role)), total, this.weights.get(r) ?? 1),
        count: this.counts.get(`r:${r}`) ?? 0,
      }));
      if (parent !== '' && kids.length > 0) {
        entries.push({
          name: parent,
          self: true,
          share: this.share(this.allocatedWhere((_, role) => role === parent), total, this.weights.get(parent) ?? 1),
          count: this.counts.get(`s:${parent}`) ?? 0,
        });
      }
      for (const e of entries.sort(byKey)) {
        if (e.self) leaf(e.name);
        else if ([...roles].some((r) => parentOf(r) === e.name)) visit(e.name);
        else leaf(e.name);
      }
    };
    visit('');
    return out;
  }

  private allocatable(res: Resources): boolean {
    return !res.isEmpty() && MIN_ALLOCATABLE.some(([name, min]) => res.scalar(name) >= min);
  }

  allocate(): string[] {
    this.filters = this.filters.filter((f) => f.expiresAt > this.now);
    const offers: string[] = [];
    const made = new Map<string, Resources>();
    const n = this.agentOrder.length;
    const start = n === 0 ? 0 : this.rotation % n;
    this.rotation = start + 1;
    for (let k = 0; k < n; k++) {
      const agentId = this.agentOrder[(start + k) % n];
      const agent = this.agents.get(agentId)!;
      if (!this.allocatable(agent.avail)) continue;
      const roleDone = new Set<string>();
      for (const [fw, role] of this.order()) {
        if (roleDone.has(role)) continue;
        if (this.frameworks.get(fw)!.suppressed.has(role)) continue;
        const res = agent.avail.allocatableTo(role);
        if (!this.allocatable(res)) {
          roleDone.add(role);
          continue;
        }
        if (this.filters.some((f) => f.fw === fw && f.role === role && f.agent === agentId && f.res.contains(res))) continue;
        agent.avail.subtract(res);
        const key = `${fw}|${role}|${agentId}`;
        this.allocs.set(key, (this.allocs.get(key) ?? new Resources()).add(res));
        made.set(key, (made.get(key) ?? new Resources()).add(res));
        if (!offers.includes(key)) offers.push(key);
        this.counts.set(`${fw}|${role}`, (this.counts.get(`${fw}|${role}`) ?? 0) + 1);
        const parts = role.split('/');
        for (let i = 1; i <= parts.length; i++) {
          const r = parts.slice(0, i).join('/');
          this.counts.set(`r:${r}`, (this.counts.get(`r:${r}`) ?? 0) + 1);
        }
        this.counts.set(`s:${role}`, (this.counts.get(`s:${role}`) ?? 0) + 1);
        roleDone.add(role);
        if (!this.allocatable(agent.avail)) break;
      }
    }
    return offers.map((key) => `${key}|${made.get(key)!.toString()}`);
  }
}

function describe(offers: readonly Offer[]): string[] {
  return offers.map((o) => `${o.frameworkId}|${o.role}|${o.agentId}|${o.resources.clone().unallocate().toString()}`);
}

const ROLES = ['a', 'b', 'a/x', 'a/y', 'a/x/deep', 'c/z'];
const SHAPES = ['cpus:4;mem:1024', 'cpus:2;mem:4096;ports:[1000-1009]', 'cpus:8;mem:512;disk:100', 'cpus(a):2;mem(a):256;cpus:2;mem:256', 'cpus(a/x):1;mem(a/x):64;cpus:1;mem:64', 'cpus(b):4;mem(b):1024'];

function scenario(seed: number, steps: number): void {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  let now = 0;
  const allocator = new HierarchicalDRFAllocator({ clock: () => now });
  const model = new Model();
  let agentSeq = 0;
  const addAgent = () => {
    const id = `agent-${agentSeq++}`;
    const shape = pick(SHAPES);
    allocator.addAgent(id, shape);
    model.addAgent(id, shape);
  };
  for (let i = 0; i < 6 + Math.floor(rand() * 10); i++) addAgent();
  const fwCount = 2 + Math.floor(rand() * 6);
  for (let i = 0; i < fwCount; i++) {
    const roles = [...new Set([pick(ROLES), ...(rand() < 0.3 ? [pick(ROLES)] : [])])];
    allocator.addFramework(`fw-${i}`, { roles });
    model.frameworks.set(`fw-${i}`, { roles, suppressed: new Set() });
  }
  for (const role of ROLES) {
    if (rand() < 0.3) {
      const w = pick([0.5, 2, 3]);
      allocator.setWeight(role, w);
      model.weights.set(role, w);
    }
  }
  const held: Offer[] = [];
  for (let step = 0; step < steps; step++) {
    const offers = allocator.allocate();
    const expected = model.allocate();
    assert.equal(describe(offers), expected, `seed ${seed}, step ${step}`);
    for (const o of offers) {
      const r = rand();
      if (r < 0.5) {
        const refuse = pick([undefined, 0, 1, 5, 100, 3600]);
        allocator.recoverResources(o.frameworkId, o.agentId, o.resources, refuse === undefined ? undefined : { refuseSeconds: refuse });
        model.recover(o.frameworkId, o.agentId, o.resources, refuse);
      } else if (r < 0.7) {
        // Keep a part (a task), give the rest back with a filter.
        const task = Resources.parse('cpus:1;mem:32').allocate(o.role);
        if (o.resources.contains(task)) {
          const rest = o.resources.minus(task);
          allocator.recoverResources(o.frameworkId, o.agentId, rest, { refuseSeconds: 2 });
          model.recover(o.frameworkId, o.agentId, rest, 2);
          held.push({ ...o, resources: task });
        } else held.push(o);
      } else held.push(o);
    }
    // Some held resources come back (tasks finish).
    for (let i = held.length - 1; i >= 0; i--) {
      if (rand() < 0.2) {
        const o = held[i];
        held.splice(i, 1);
        if (!model.agents.has(o.agentId)) continue;
        allocator.recoverResources(o.frameworkId, o.agentId, o.resources);
        model.recover(o.frameworkId, o.agentId, o.resources, undefined);
      }
    }
    const fwId = `fw-${Math.floor(rand() * fwCount)}`;
    const fw = model.frameworks.get(fwId)!;
    const role = pick(fw.roles);
    const r = rand();
    if (r < 0.1) {
      allocator.suppress(fwId, [role]);
      fw.suppressed.add(role);
    } else if (r < 0.2) {
      allocator.revive(fwId, [role]);
      model.revive(fwId, role);
    } else if (r < 0.25) {
      addAgent();
    } else if (r < 0.28 && model.agentOrder.length > 3) {
      const id = pick(model.agentOrder);
      allocator.removeAgent(id);
      model.removeAgent(id);
    }
    now += pick([0, 500, 1000, 3000]);
    model.now = now;
  }
}

test('matches the naive model over random sequences of offers, declines, launches and revives', () => {
  for (let seed = 1; seed <= 60; seed++) scenario(seed, 40);
});

test.run();
