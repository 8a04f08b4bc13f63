// A framework: its facts, roles (linking to the roles page), what it holds, its tasks (active and
// completed) and its offers outstanding (sent and not yet accepted, declined or rescinded).
import { amounts, el, facts, fmt, scalars, section, stateBadge, table, when } from './dom.js';
import { href, link } from './links.js';
import { tasksOf } from './store.js';

export function mount(root, route, store) {
  const frameworkId = route.args[0];
  const head = el('div');
  const tasksBox = el('div');
  const offersBox = el('div');
  root.replaceChildren(head, section('Tasks', null, tasksBox), section('Offers outstanding', null, offersBox));

  /** host:port of an agent the master knows, else what the offer says. */
  const agentName = (id, hostname) => {
    const a = store.agent(id);
    return a ? `${a.agent_info.hostname}:${a.agent_info.port}` : hostname || id;
  };

  function update() {
    const f = store.framework(frameworkId);
    if (!f) {
      head.replaceChildren(el('h2', {}, 'Framework ', el('span', { class: 'mono' }, frameworkId)), el('p', { class: 'error' }, store.state ? 'no such framework at this master' : 'loading…'));
      return;
    }
    const info = f.framework_info;
    const roles = info.roles || [info.role || '*'];
    const completed = (store.state.get_frameworks.completed_frameworks || []).includes(f);
    head.replaceChildren(
      el('h2', {}, 'Framework ', el('span', { id: 'framework-name' }, info.name || ''), ' ', el('span', { class: 'mono muted' }, info.id.value)),
      facts(
        [
          ['State', el('span', { class: `state ${f.active ? 'active' : 'inactive'}` }, completed ? 'completed' : f.active ? 'active' : f.connected ? 'inactive' : 'disconnected')],
          ['Roles', el('span', { id: 'framework-roles' }, roles.flatMap((r, i) => [i ? ', ' : '', link(href.roles(r), r, { class: 'role-link' })]))],
          ['Principal', info.principal],
          ['User', info.user],
          ['Hostname', info.hostname],
          ['Web UI', info.webui_url ? el('a', { href: info.webui_url, target: '_blank', rel: 'noopener' }, info.webui_url) : undefined],
          ['Registered', when(f.registered_time && f.registered_time.nanoseconds / 1e9)],
          ['Failover timeout', info.failover_timeout !== undefined ? `${info.failover_timeout} s` : undefined],
          ['Capabilities', (info.capabilities || []).map((c) => c.type).join(', ')],
          ['Allocated', amounts(scalars(f.allocated_resources))],
          ['Offered', amounts(scalars(f.offered_resources))],
        ],
        { id: 'framework-facts' },
      ),
    );
    const tasks = tasksOf(store.state, true).filter((t) => t.framework_id.value === frameworkId);
    tasksBox.replaceChildren(
      table(
        'framework-tasks',
        ['ID', 'Name', 'State', 'Agent', 'CPUs', 'Mem'],
        tasks.map((t) => {
          const r = scalars(t.resources);
          const a = t.agent_id && store.agent(t.agent_id.value);
          return el(
            'tr',
            { 'data-task-id': t.task_id.value },
            el('td', { class: 'id' }, link(href.task(frameworkId, t.task_id.value), t.task_id.value, { class: 'task-link' })),
            el('td', {}, t.name || ''),
            el('td', {}, stateBadge(t.state)),
            el('td', {}, t.agent_id ? link(href.agent(t.agent_id.value), a ? `${a.agent_info.hostname}:${a.agent_info.port}` : t.agent_id.value, { class: 'agent-link' }) : ''),
            el('td', {}, fmt('cpus', r.cpus)),
            el('td', {}, fmt('mem', r.mem)),
          );
        }),
      ),
    );
    offersBox.replaceChildren(
      table(
        'offers',
        ['Offer', 'Agent', 'Resources'],
        (f.offers || []).map((o) =>
          el('tr', { 'data-offer-id': o.id.value }, el('td', { class: 'id mono' }, o.id.value), el('td', {}, link(href.agent(o.agent_id.value), agentName(o.agent_id.value, o.hostname), { class: 'agent-link' })), el('td', {}, amounts(scalars(o.resources)))),
        ),
        'no offers outstanding',
      ),
    );
  }
  update();
  return { update, dispose() {}, title: `Framework ${frameworkId}` };
}
