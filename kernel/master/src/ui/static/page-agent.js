// An agent: its facts, resources (total, allocated, offered), attributes, tasks, its containers
// as a tree (the agent API's GET_CONTAINERS with show_nested, through the master's
// /proxy/agent/containers: pods' and tasks' nested containers under their parents), and the
// sandbox browser (#/agents/<id>/browse?path=...).
import { amounts, bytes, el, facts, fmt, resourceText, scalars, section, stateBadge, table, when } from './dom.js';
import { href, link } from './links.js';
import { containerOf, containerSandbox, sandboxBrowser } from './sandbox.js';
import { tasksOf } from './store.js';

const CONTAINERS_EVERY_MS = 2000;

/** Rows per resource name: total, allocated and offered amounts (ranges and sets as text). */
function resourceRows(a) {
  const byName = new Map();
  for (const r of a.total_resources || a.agent_info.resources || []) {
    if (!byName.has(r.name)) byName.set(r.name, { total: [], role: new Set() });
    byName.get(r.name).total.push(r);
    for (const rr of r.reservations || []) if (rr.role) byName.get(r.name).role.add(rr.role);
    if (r.role && r.role !== '*') byName.get(r.name).role.add(r.role);
  }
  const allocated = scalars(a.allocated_resources);
  const offered = scalars(a.offered_resources);
  return [...byName].map(([name, v]) =>
    el('tr', { 'data-resource': name }, el('td', {}, name), el('td', {}, v.total.map(resourceText).join(', ')), el('td', {}, v.total[0].scalar ? fmt(name, allocated[name] || 0) : '-'), el('td', {}, v.total[0].scalar ? fmt(name, offered[name] || 0) : '-'), el('td', {}, [...v.role].join(', ') || '*')),
  );
}

function attributeText(attr) {
  if (attr.text) return attr.text.value;
  if (attr.scalar) return String(attr.scalar.value);
  if (attr.ranges) return resourceText({ ranges: attr.ranges });
  if (attr.set) return (attr.set.item || []).join(', ');
  return '';
}

/** Containers as nested lists: top-level ones first, each with its children beneath. */
function containerTree(agentId, containers, tasks, chosen) {
  const byId = new Map(containers.map((c) => [c.container_id.value, c]));
  const children = new Map();
  const tops = [];
  for (const c of containers) {
    const parent = c.container_id.parent && c.container_id.parent.value;
    if (parent) (children.get(parent) || children.set(parent, []).get(parent)).push(c);
    else tops.push(c);
  }
  // A child whose parent is not listed (ended, or not visible) is shown at the top.
  for (const [parent, list] of children) if (!byId.has(parent)) tops.push(...list);
  const taskIn = new Map();
  for (const t of tasks) {
    const c = containerOf(t);
    if (c) taskIn.set(c.value, t);
  }
  const item = (c) => {
    const id = c.container_id.value;
    const t = taskIn.get(id);
    const st = c.resource_statistics || {};
    const sandbox = containerSandbox(c, byId);
    const kids = children.get(id) || [];
    return el(
      'li',
      { 'data-container-id': id, class: id === chosen ? 'chosen' : undefined },
      el(
        'div',
        { class: 'container' },
        el('span', { class: 'mono' }, id),
        t ? [' · task ', link(href.task(t.framework_id.value, t.task_id.value), t.task_id.value, { class: 'task-link' }), ' ', stateBadge(t.state)] : null,
        c.executor_id && !c.container_id.parent ? el('span', { class: 'muted' }, ` · executor ${c.executor_id.value}`) : null,
        c.framework_id ? [' · ', link(href.framework(c.framework_id.value), 'framework')] : null,
        st.cpus_limit !== undefined ? el('span', { class: 'muted' }, ` · cpus ${fmt('cpus', st.cpus_limit)}`) : null,
        st.mem_rss_bytes ? el('span', { class: 'muted' }, ` · rss ${bytes(st.mem_rss_bytes)}`) : null,
        c.container_status && c.container_status.executor_pid ? el('span', { class: 'muted' }, ` · pid ${c.container_status.executor_pid}`) : null,
        sandbox ? [' · ', link(href.browse(agentId, sandbox), 'sandbox', { class: 'sandbox-link' })] : null,
      ),
      kids.length ? el('ul', {}, kids.map(item)) : null,
    );
  };
  return tops.length ? el('ul', { class: 'tree', id: 'containers' }, tops.map(item)) : el('p', { class: 'muted', id: 'containers' }, 'no running containers');
}

export function mount(root, route, store) {
  const agentId = route.args[0];
  const head = el('div');
  const resources = el('div');
  const attributes = el('div');
  const tasksBox = el('div');
  const containersBox = el('div', {}, el('p', { class: 'muted' }, 'asking the agent…'));
  const browser = route.browse ? section('Sandbox', null, sandboxBrowser(agentId, route.query.get('path') || '/')) : null;
  root.replaceChildren(...[head, browser].filter(Boolean), el('div', { class: 'columns' }, section('Resources', null, resources), section('Attributes', null, attributes)), section('Containers', el('span', { class: 'muted' }, 'the agent\'s GET_CONTAINERS, nested ones beneath their parents'), containersBox), section('Tasks', null, tasksBox));
  if (browser) browser.scrollIntoView();

  let containers = null;
  let containersError = null;
  let lastAsked = 0;
  let asking = false;
  async function askContainers() {
    if (asking || Date.now() - lastAsked < CONTAINERS_EVERY_MS) return;
    asking = true;
    lastAsked = Date.now();
    try {
      const r = await fetch(`/proxy/agent/containers?${new URLSearchParams({ agent: agentId })}`);
      if (!r.ok) throw new Error(`${r.status}: ${(await r.text()).trim()}`);
      containers = (await r.json()).get_containers.containers || [];
      containersError = null;
    } catch (err) {
      containersError = err.message;
    } finally {
      asking = false;
    }
    renderContainers();
  }
  const timer = setInterval(askContainers, CONTAINERS_EVERY_MS);

  // The v1 Agent message has no scheme: the agent's URL (https for agents that serve TLS) is
  // /master/state's slaves[].url.
  let apiUrl = null;
  fetch('/master/state')
    .then((r) => (r.ok ? r.json() : { slaves: [] }))
    .then((s) => {
      apiUrl = ((s.slaves || []).find((x) => x.id === agentId) || {}).url || null;
      update();
    })
    .catch(() => undefined);

  function renderContainers() {
    if (containersError) containersBox.replaceChildren(el('p', { class: 'error' }, `could not list containers: ${containersError}`));
    else if (containers) containersBox.replaceChildren(containerTree(agentId, containers, tasksOf(store.state, false).filter((t) => t.agent_id && t.agent_id.value === agentId), route.query.get('container')));
  }

  function update() {
    const a = store.agent(agentId);
    if (!a) {
      head.replaceChildren(el('h2', {}, 'Agent ', el('span', { class: 'mono' }, agentId)), el('p', { class: 'error' }, store.state ? 'no such agent at this master' : 'loading…'));
      return;
    }
    const info = a.agent_info;
    head.replaceChildren(
      el('h2', {}, 'Agent ', el('span', { class: 'mono', id: 'agent-id' }, info.id.value)),
      facts(
        [
          ['Address', apiUrl ? el('a', { href: `${apiUrl}/state`, target: '_blank', rel: 'noopener', id: 'agent-url' }, `${info.hostname}:${info.port}`) : `${info.hostname}:${info.port}`],
          ['State', el('span', { class: `state ${a.active ? 'active' : 'inactive'}` }, a.active ? 'active' : a.deactivated ? 'deactivated' : 'disconnected')],
          ['Version', a.version],
          ['Registered', when(a.registered_time && a.registered_time.nanoseconds / 1e9)],
          ['Allocated', amounts(scalars(a.allocated_resources))],
          ['Offered', amounts(scalars(a.offered_resources))],
        ],
        { id: 'agent-facts' },
      ),
    );
    resources.replaceChildren(table('resources', ['Name', 'Total', 'Allocated', 'Offered', 'Reserved for'], resourceRows(a)));
    attributes.replaceChildren(table('attributes', ['Name', 'Value'], (info.attributes || []).map((x) => el('tr', { 'data-attribute': x.name }, el('td', {}, x.name), el('td', {}, attributeText(x)))), 'no attributes'));
    const tasks = tasksOf(store.state, true).filter((t) => t.agent_id && t.agent_id.value === agentId);
    tasksBox.replaceChildren(
      table(
        'agent-tasks',
        ['ID', 'Name', 'State', 'Framework'],
        tasks.map((t) => el('tr', { 'data-task-id': t.task_id.value }, el('td', { class: 'id' }, link(href.task(t.framework_id.value, t.task_id.value), t.task_id.value, { class: 'task-link' })), el('td', {}, t.name || ''), el('td', {}, stateBadge(t.state)), el('td', {}, link(href.framework(t.framework_id.value), (store.framework(t.framework_id.value) || { framework_info: {} }).framework_info.name || t.framework_id.value)))),
      ),
    );
    renderContainers();
    askContainers();
  }
  update();
  return { update, dispose: () => clearInterval(timer), title: `Agent ${agentId}` };
}
