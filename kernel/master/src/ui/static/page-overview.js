// The overview: allocated resources over all agents, then tasks, agents, frameworks and a roles
// summary, each row linking to its own page.
import { el, fmt, scalars, section, stateBadge, table, usage } from './dom.js';
import { href, link } from './links.js';
import { agentsOf, frameworksOf, tasksOf } from './store.js';
import { rolesOf } from './page-roles.js';

export function mount(root, _route, store) {
  const showCompleted = el('input', { type: 'checkbox', id: 'show-completed' });
  let completed = false;
  showCompleted.addEventListener('change', () => {
    completed = showCompleted.checked;
    update();
  });
  const parts = { resources: el('section', { id: 'resources', class: 'cards', 'aria-label': 'resources' }), tasks: el('div'), agents: el('div'), frameworks: el('div'), roles: el('div') };
  const taskCount = el('span', { id: 'task-count', class: 'muted' });
  root.replaceChildren(
    parts.resources,
    section('Tasks ', [taskCount, el('label', { class: 'inline' }, showCompleted, ' completed')], parts.tasks),
    el('div', { class: 'columns' }, section('Agents', null, parts.agents), section('Frameworks', null, parts.frameworks)),
    section('Roles ', link(href.roles(), 'quota and weights →', { class: 'more' }), parts.roles),
  );

  function update() {
    const s = store.state;
    if (!s) return;
    const agents = agentsOf(s);
    const frameworks = frameworksOf(s);
    const tasks = tasksOf(s, completed);
    const agentById = new Map(agents.map((a) => [a.agent_info.id.value, a.agent_info]));
    const fwName = new Map(frameworksOf(s, true).map((f) => [f.framework_info.id.value, f.framework_info.name]));

    const total = {};
    const used = {};
    for (const a of agents) {
      for (const [k, v] of Object.entries(scalars(a.total_resources || a.agent_info.resources))) total[k] = (total[k] || 0) + v;
      for (const [k, v] of Object.entries(scalars(a.allocated_resources))) used[k] = (used[k] || 0) + v;
    }
    const cards = ['cpus', 'mem', 'disk', 'gpus'].filter((n) => total[n] !== undefined).map((n) => {
      const pct = total[n] ? Math.min(100, (100 * (used[n] || 0)) / total[n]) : 0;
      return el('div', { class: 'card', 'data-resource': n }, el('div', { class: 'name' }, `${n} allocated`), el('div', { class: 'value' }, usage(used, total, n)), el('div', { class: 'bar' }, el('span', { style: `width:${pct.toFixed(1)}%` })));
    });
    const running = tasksOf(s, false).filter((t) => t.state === 'TASK_RUNNING').length;
    cards.push(el('div', { class: 'card' }, el('div', { class: 'name' }, 'cluster'), el('div', { class: 'value small' }, `${agents.length} agents · ${frameworks.length} frameworks · ${running} running`)));
    parts.resources.replaceChildren(...cards);

    taskCount.textContent = `(${tasks.length})`;
    const taskRows = tasks.map((t) => {
      const r = scalars(t.resources);
      const a = t.agent_id && agentById.get(t.agent_id.value);
      const fw = t.framework_id.value;
      return el(
        'tr',
        { 'data-task-id': t.task_id.value },
        el('td', { class: 'id', title: t.task_id.value }, link(href.task(fw, t.task_id.value), t.task_id.value, { class: 'task-link' })),
        el('td', {}, t.name || ''),
        el('td', {}, stateBadge(t.state)),
        el('td', { title: fw }, link(href.framework(fw), fwName.get(fw) || fw)),
        el('td', {}, t.agent_id ? link(href.agent(t.agent_id.value), a ? `${a.hostname}:${a.port}` : t.agent_id.value) : ''),
        el('td', {}, fmt('cpus', r.cpus)),
        el('td', {}, fmt('mem', r.mem)),
      );
    });
    parts.tasks.replaceChildren(table('tasks', ['ID', 'Name', 'State', 'Framework', 'Agent', 'CPUs', 'Mem'], taskRows));

    const tasksOn = new Map();
    for (const t of tasksOf(s, false)) if (t.agent_id) tasksOn.set(t.agent_id.value, (tasksOn.get(t.agent_id.value) || 0) + 1);
    const agentRows = agents.map((a) => {
      const tot = scalars(a.total_resources || a.agent_info.resources);
      const use = scalars(a.allocated_resources);
      const id = a.agent_info.id.value;
      return el(
        'tr',
        { 'data-agent-id': id },
        el('td', { class: 'id', title: id }, link(href.agent(id), id)),
        el('td', {}, `${a.agent_info.hostname}:${a.agent_info.port}`),
        el('td', {}, el('span', { class: `state ${a.active ? 'active' : 'inactive'}` }, a.active ? 'active' : a.deactivated ? 'deactivated' : 'disconnected')),
        el('td', {}, usage(use, tot, 'cpus')),
        el('td', {}, usage(use, tot, 'mem')),
        el('td', {}, usage(use, tot, 'disk')),
        el('td', {}, tasksOn.get(id) || 0),
      );
    });
    parts.agents.replaceChildren(table('agents', ['ID', 'Host', 'State', 'CPUs', 'Mem', 'Disk', 'Tasks'], agentRows));

    const tasksOfFw = new Map();
    for (const t of tasksOf(s, false)) tasksOfFw.set(t.framework_id.value, (tasksOfFw.get(t.framework_id.value) || 0) + 1);
    const fwRows = frameworks.map((f) => {
      const info = f.framework_info;
      const use = scalars(f.allocated_resources);
      return el(
        'tr',
        { 'data-framework-id': info.id.value },
        el('td', { class: 'id', title: info.id.value }, link(href.framework(info.id.value), info.id.value)),
        el('td', {}, info.name || ''),
        el('td', {}, (info.roles || [info.role || '*']).flatMap((r, i) => [i ? ', ' : '', link(href.roles(r), r)])),
        el('td', {}, el('span', { class: `state ${f.active ? 'active' : 'inactive'}` }, f.active ? 'active' : f.connected ? 'inactive' : 'disconnected')),
        el('td', {}, tasksOfFw.get(info.id.value) || 0),
        el('td', {}, fmt('cpus', use.cpus || 0)),
        el('td', {}, fmt('mem', use.mem || 0)),
      );
    });
    parts.frameworks.replaceChildren(table('frameworks', ['ID', 'Name', 'Roles', 'State', 'Tasks', 'CPUs', 'Mem'], fwRows));

    const roleRows = rolesOf(store).map((r) => el('tr', { 'data-role': r.name }, el('td', {}, link(href.roles(r.name), r.name)), el('td', {}, r.frameworks.length), el('td', {}, r.weight)));
    parts.roles.replaceChildren(table('roles', ['Role', 'Frameworks', 'Weight'], roleRows));
  }
  update();
  return { update, dispose() {}, title: 'Overview' };
}
