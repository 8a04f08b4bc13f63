import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Resources, ResourcesError, isRoleOrAncestor, roleError } from '@plateau/mesos';

const AGENT = 'cpus:24;mem:4096;disk:4096;ports:[31000-32000]';

test('Resources.sum is exactly adding each to an empty Resources: same entries, same order', () => {
  const alloc = (text: string, role: string) => Resources.parse(text).allocate(role);
  const cases: Resources[][] = [
    [],
    [alloc('cpus:1;mem:32', '*'), alloc('cpus:0.5;mem:64', '*')],
    // A later item brings a slot that sorts before one seen earlier: entries keep first-seen order.
    [alloc('cpus:1;disk:10', 'a'), alloc('mem:5', 'a'), alloc('gpus:1;ports:[31000-31001]', 'a'), alloc('ports:[31005-31010];cpus:2', 'a')],
    // Several roles interleaved, unallocated items, items with entries beyond the slots.
    [alloc('cpus:1', 'a'), alloc('mem:2', 'b'), Resources.parse('cpus:3;mem:4'), alloc('mem:1;cpus:1', 'a'), alloc('cpus(eng):2;zones:{x,y}', 'eng'), alloc('disk:7;cpus:1', 'b'), Resources.parse('cpus(eng):1;mem:9')],
    [Resources.parse('cpus:1'), Resources.parse('zones:{x}'), alloc('cpus:1', '*')],
  ];
  for (let i = 0; i < 200; i++) cases[1]!.push(alloc(`cpus:${(i % 7) / 10 + 0.1};mem:${i}`, '*'));
  for (const list of cases) {
    const expected = new Resources();
    for (const r of list) expected.add(r);
    const got = Resources.sum(list);
    assert.equal(got.toJSON(), expected.toJSON());
    assert.is(got.toString(), expected.toString());
    assert.equal(got.toJSON({ legacy: true }), expected.toJSON({ legacy: true }));
  }
});

test('parses the agent text form', () => {
  const r = Resources.parse(AGENT);
  assert.is(r.scalar('cpus'), 24);
  assert.is(r.scalar('mem'), 4096);
  assert.is(r.scalar('disk'), 4096);
  assert.equal(r.ranges('ports'), [[31000, 32000]]);
  assert.is(r.hasReservations(), false);
  assert.equal(r.quantities(), { cpus: 24, mem: 4096, disk: 4096 });
});

test('parses static reservations, sets, other scalars, repeated names', () => {
  const r = Resources.parse('cpus(eng):4; cpus:2; cpus(*):1; zones:{b,a,b}; bandwidth:100; mem:1; mem:2');
  assert.is(r.scalar('cpus'), 7);
  assert.is(r.unreserved().scalar('cpus'), 3);
  assert.is(r.reserved('eng').scalar('cpus'), 4);
  assert.equal(r.reserved('eng').toJSON(), [{ name: 'cpus', type: 'SCALAR', scalar: { value: 4 }, reservations: [{ type: 'STATIC', role: 'eng' }] }]);
  assert.equal(r.set('zones'), ['a', 'b']);
  assert.is(r.scalar('bandwidth'), 100);
  assert.is(r.scalar('mem'), 3);
  assert.equal(r.reservationRoles(), ['eng']);
});

test('rejects malformed text', () => {
  for (const bad of ['cpus', 'cpus:abc', 'cpus:-1', 'ports:[5-1]', 'ports:[1-2', 'cpus(eng:1', 'ports:3', 'cpus:[1-2]', 'cpus(a b):1']) {
    assert.throws(() => Resources.parse(bad), (e: unknown) => e instanceof ResourcesError && e.code === 'PLT_ERR_RESOURCES_INVALID', bad);
  }
});

test('scalars are Mesos fixed point: three decimals, exact sums', () => {
  const a = Resources.parse('cpus:0.1');
  a.add(Resources.parse('cpus:0.2'));
  assert.is(a.scalar('cpus'), 0.3);
  assert.ok(a.equals(Resources.parse('cpus:0.3')));
  assert.is(Resources.parse('cpus:0.3333333').scalar('cpus'), 0.333);
  assert.is(Resources.parse('mem:1.0006').scalar('mem'), 1.001);
  const b = Resources.parse('cpus:1').minus(Resources.parse('cpus:0.7'));
  assert.is(b.scalar('cpus'), 0.3);
});

test('port ranges add, coalesce, subtract and compare', () => {
  const a = Resources.parse('ports:[31000-31009, 31020-31029]');
  a.add(Resources.parse('ports:[31010-31019]'));
  assert.equal(a.ranges('ports'), [[31000, 31029]]);
  const hole = a.minus(Resources.parse('ports:[31005-31006, 31028-31040]'));
  assert.equal(hole.ranges('ports'), [
    [31000, 31004],
    [31007, 31027],
  ]);
  assert.ok(a.contains(Resources.parse('ports:[31001-31002, 31029-31029]')));
  assert.not.ok(hole.contains(Resources.parse('ports:[31004-31007]')));
  assert.ok(hole.contains(Resources.parse('ports:[31007-31027]')));
  assert.ok(a.minus(a).isEmpty());
  // Overlapping input is normalised.
  assert.equal(Resources.parse('ports:[5-10, 1-6, 12-12, 11-11]').ranges('ports'), [[1, 12]]);
});

test('sets add, subtract and compare', () => {
  const a = Resources.parse('zones:{a,b}').plus(Resources.parse('zones:{c}'));
  assert.equal(a.set('zones'), ['a', 'b', 'c']);
  assert.equal(a.minus(Resources.parse('zones:{b}')).set('zones'), ['a', 'c']);
  assert.ok(a.contains(Resources.parse('zones:{a,c}')));
  assert.not.ok(a.contains(Resources.parse('zones:{d}')));
});

test('subtract never goes negative; contains and equals respect identity', () => {
  const a = Resources.parse('cpus:2;mem:100');
  a.subtract(Resources.parse('cpus:5'));
  assert.is(a.scalar('cpus'), 0);
  assert.equal(a.toJSON(), [{ name: 'mem', type: 'SCALAR', scalar: { value: 100 } }]);
  const reserved = Resources.parse('cpus(eng):2');
  assert.not.ok(Resources.parse('cpus:10').contains(reserved), 'unreserved does not contain reserved');
  assert.not.ok(reserved.contains(Resources.parse('cpus:1')));
  assert.ok(reserved.contains(Resources.parse('cpus(eng):1.5')));
  assert.not.ok(Resources.parse('cpus:1').equals(Resources.parse('cpus:1;mem:1')));
  assert.ok(Resources.parse('mem:1;cpus:1').equals(Resources.parse('cpus:1;mem:1')));
  assert.ok(Resources.parse('').isEmpty());
});

test('allocation_info is part of identity; allocate/unallocate move between forms', () => {
  const free = Resources.parse(AGENT);
  const offered = free.clone().allocate('eng');
  assert.equal(offered.allocationRoles(), ['eng']);
  assert.not.ok(free.contains(offered), 'allocated to a role differs from unallocated');
  assert.ok(offered.clone().unallocate().equals(free));
  const json = offered.toJSON();
  assert.ok(json.every((r) => r.allocation_info?.role === 'eng'));
  // Mixed allocation roles are kept apart and can be split again.
  const mixed = offered.plus(Resources.parse('cpus:1').allocate('ops'));
  assert.is(mixed.scalar('cpus'), 25);
  assert.equal(mixed.allocationRoles().sort(), ['eng', 'ops']);
  assert.is(mixed.allocatedTo('ops').scalar('cpus'), 1);
  assert.ok(mixed.allocatedTo('eng').equals(offered));
  assert.ok(mixed.minus(offered).equals(Resources.parse('cpus:1').allocate('ops')));
});

test('allocatableTo follows hierarchical reservations', () => {
  const r = Resources.parse('cpus:1;cpus(eng):2;cpus(eng/web):4;cpus(ops):8');
  assert.is(r.allocatableTo('eng/web').scalar('cpus'), 7); // unreserved + eng + eng/web
  assert.is(r.allocatableTo('eng').scalar('cpus'), 3); // eng/web's are not eng's
  assert.is(r.allocatableTo('ops').scalar('cpus'), 9);
  assert.is(r.allocatableTo('eng/db').scalar('cpus'), 3);
  assert.ok(isRoleOrAncestor('eng', 'eng/web'));
  assert.not.ok(isRoleOrAncestor('eng', 'engine'));
  assert.is(roleError('eng/web'), null);
  assert.ok(roleError('eng//web') !== null && roleError('-x') !== null && roleError('a/..') !== null && roleError('') !== null);
});

test('v1 JSON round trip, legacy role and reservation forms', () => {
  const json = [
    { name: 'cpus', type: 'SCALAR', scalar: { value: 2.5 } },
    { name: 'ports', type: 'RANGES', ranges: { range: [{ begin: 31000, end: 31005 }] } },
    { name: 'mem', type: 'SCALAR', scalar: { value: '512' }, role: 'eng', reservation: { principal: 'ops' } },
    { name: 'disk', type: 'SCALAR', scalar: { value: 10 }, role: 'eng' },
    { name: 'gpus', type: 'SCALAR', scalar: { value: 1 }, reservations: [{ type: 'DYNAMIC', role: 'eng', principal: 'p' }], allocation_info: { role: 'eng' } },
    { name: 'cpus', type: 'SCALAR', scalar: { value: 1 }, revocable: {} },
  ];
  const r = Resources.fromJSON(json);
  assert.is(r.scalar('cpus'), 3.5);
  assert.equal(r.reserved('eng').quantities(), { mem: 512, disk: 10, gpus: 1 });
  const out = r.toJSON();
  assert.equal(
    out.find((x) => x.name === 'mem'),
    { name: 'mem', type: 'SCALAR', scalar: { value: 512 }, reservations: [{ type: 'DYNAMIC', role: 'eng', principal: 'ops' }] },
  );
  assert.equal(out.find((x) => x.name === 'disk')?.reservations, [{ type: 'STATIC', role: 'eng' }]);
  assert.equal(out.find((x) => x.name === 'cpus' && x.revocable !== undefined), { name: 'cpus', type: 'SCALAR', scalar: { value: 1 }, revocable: {} });
  assert.ok(Resources.fromJSON(out).equals(r), 'round trip');
  const legacy = r.toJSON({ legacy: true });
  assert.is(legacy.find((x) => x.name === 'ports')?.role, '*');
  assert.equal(legacy.find((x) => x.name === 'mem')?.reservation, { principal: 'ops' });
  assert.is(legacy.find((x) => x.name === 'disk')?.reservation, undefined);
  assert.ok(Resources.parse(JSON.stringify(json)).equals(r), 'parse accepts JSON arrays');
  assert.throws(() => Resources.fromJSON([{ name: 'cpus', type: 'RANGES', ranges: { range: [] } }]), (e: unknown) => e instanceof ResourcesError);
});

test('popReservations gives the source of a reservation request', () => {
  const req = Resources.fromJSON([{ name: 'cpus', type: 'SCALAR', scalar: { value: 2 }, reservations: [{ type: 'DYNAMIC', role: 'eng', principal: 'p' }] }]);
  assert.ok(req.allDynamicallyReserved());
  assert.ok(req.popReservations().equals(Resources.parse('cpus:2')));
  assert.not.ok(Resources.parse('cpus(eng):1').allDynamicallyReserved());
});

test.run();
