// Roles: each role's weight, frameworks, allocation and quota (guarantee and limit), from
// GET_ROLES and GET_QUOTA, with the frameworks' roles for masters that answer neither.
import { amounts, el, scalarMap, scalars, section, table } from './dom.js';
import { href, link } from './links.js';
import { frameworksOf } from './store.js';

/** Every role known: { name, weight, frameworks: [{id, name}], allocated, guarantee, limit }. */
export function rolesOf(store) {
  const roles = new Map();
  const entry = (name) => {
    if (!roles.has(name)) roles.set(name, { name, weight: 1, frameworks: [], allocated: {}, guarantee: null, limit: null });
    return roles.get(name);
  };
  for (const f of frameworksOf(store.state)) {
    const info = f.framework_info;
    for (const role of info.roles || [info.role || '*']) {
      const e = entry(role);
      e.frameworks.push({ id: info.id.value, name: info.name });
      // What the framework holds in this role (tasks, and offers not answered yet).
      for (const r of f.allocated_resources || []) if (r.scalar && (r.allocation_info ? r.allocation_info.role === role : true)) e.allocated[r.name] = (e.allocated[r.name] || 0) + r.scalar.value;
    }
  }
  for (const r of Array.isArray(store.roles) ? store.roles : []) {
    const e = entry(r.name);
    if (r.weight !== undefined) e.weight = r.weight;
  }
  const q = store.quota && store.quota.status;
  if (q) {
    for (const c of q.configs || []) {
      const e = entry(c.role);
      e.guarantee = scalarMap(c.guarantees);
      e.limit = scalarMap(c.limits);
    }
    for (const c of q.infos || []) if (!(q.configs || []).some((x) => x.role === c.role)) entry(c.role).guarantee = scalars(c.guarantee);
  }
  return [...roles.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function mount(root, route, store) {
  const body = el('div');
  root.replaceChildren(section('Roles', el('span', { class: 'muted' }, 'weights and frameworks (GET_ROLES), quota (GET_QUOTA), what their frameworks hold'), body));
  function update() {
    const chosen = route.query.get('role');
    const rows = rolesOf(store).map((r) =>
      el(
        'tr',
        { 'data-role': r.name, class: r.name === chosen ? 'chosen' : undefined },
        el('td', {}, r.name),
        el('td', { class: 'weight' }, r.weight),
        el('td', {}, r.frameworks.length ? r.frameworks.flatMap((f, i) => [i ? ', ' : '', link(href.framework(f.id), f.name || f.id)]) : '-'),
        el('td', {}, amounts(r.allocated)),
        el('td', { class: 'guarantee' }, amounts(r.guarantee)),
        el('td', { class: 'limit' }, amounts(r.limit)),
      ),
    );
    body.replaceChildren(table('roles', ['Role', 'Weight', 'Frameworks', 'Allocated', 'Quota guarantee', 'Quota limit'], rows));
  }
  update();
  return { update, dispose() {}, title: 'Roles' };
}
