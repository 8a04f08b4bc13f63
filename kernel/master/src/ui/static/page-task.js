// A task: its facts (framework, agent, role, resources, container, health), its status history
// with sources, reasons and messages, and live tails of its sandbox's stdout and stderr.
import { amounts, el, facts, scalars, section, stateBadge, table, when } from './dom.js';
import { href, link } from './links.js';
import { logTail } from './log-tail.js';
import { containerOf, sandboxDir } from './sandbox.js';
import { ACTIVE } from './store.js';

const strip = (s, prefix) => String(s || '').replace(prefix, '');

function healthOf(task) {
  const last = [...(task.statuses || [])].reverse().find((s) => s.healthy !== undefined);
  const check = task.health_check ? String(task.health_check.type || 'configured').toLowerCase() : undefined;
  if (!check && !last) return 'no health check';
  const verdict = !last ? 'not checked yet' : last.healthy ? 'healthy' : 'unhealthy';
  return el('span', { class: `health ${verdict.replace(/ /g, '-')}`, id: 'task-health' }, `${verdict}${check ? ` (${check} check)` : ''}`);
}

export function mount(root, route, store) {
  const [frameworkId, taskId] = route.args;
  const head = el('div');
  const history = el('div');
  const logs = el('div', { class: 'columns logs' });
  root.replaceChildren(head, section('Status history', null, history), section('Output', el('span', { class: 'muted' }, 'the sandbox\'s stdout and stderr, followed live'), logs));
  let tails = null;

  function startTails(task) {
    if (tails || !task.agent_id) return;
    const dir = sandboxDir(task);
    tails = ['stdout', 'stderr'].map((file) => ({ file, tail: logTail(task.agent_id.value, `${dir}/${file}`, { id: file }) }));
    logs.replaceChildren(...tails.map(({ file, tail }) => el('div', {}, el('h3', {}, file, ' ', link(href.browse(task.agent_id.value, `${dir}/${file}`), 'open', { class: 'muted' })), tail.element)));
  }

  function update() {
    const t = store.task(frameworkId, taskId);
    if (!t) {
      head.replaceChildren(el('h2', {}, 'Task ', el('span', { class: 'mono' }, taskId)), el('p', { class: 'error' }, store.state ? 'no such task at this master' : 'loading…'));
      return;
    }
    const f = store.framework(frameworkId);
    const a = t.agent_id && store.agent(t.agent_id.value);
    const c = containerOf(t);
    const latest = (t.statuses || []).slice(-1)[0];
    const ips = latest && latest.container_status ? (latest.container_status.network_infos || []).flatMap((n) => (n.ip_addresses || []).map((i) => i.ip_address)).filter(Boolean) : [];
    const roles = [...new Set((t.resources || []).map((r) => r.allocation_info && r.allocation_info.role).filter(Boolean))];
    head.replaceChildren(
      el('h2', {}, 'Task ', el('span', { class: 'mono', id: 'task-id' }, t.task_id.value), ' ', stateBadge(t.state)),
      facts(
        [
          ['Name', t.name],
          ['Framework', link(href.framework(frameworkId), f ? f.framework_info.name || frameworkId : frameworkId, { id: 'task-framework' })],
          ['Agent', t.agent_id ? link(href.agent(t.agent_id.value), a ? `${a.agent_info.hostname}:${a.agent_info.port}` : t.agent_id.value, { id: 'task-agent' }) : '-'],
          ['Role', roles.length ? roles.flatMap((r, i) => [i ? ', ' : '', link(href.roles(r), r)]) : undefined],
          ['Resources', amounts(scalars(t.resources))],
          ['Container', c ? link(t.agent_id ? href.agent(t.agent_id.value, c.value) : '#/', c.parent ? `${c.parent.value} › ${c.value}` : c.value, { class: 'mono', id: 'task-container' }) : undefined],
          ['IP addresses', ips.join(', ')],
          ['Health', healthOf(t)],
          ['Sandbox', t.agent_id ? link(href.browse(t.agent_id.value, sandboxDir(t)), 'browse', { id: 'task-sandbox' }) : undefined],
        ],
        { id: 'task-facts' },
      ),
    );
    history.replaceChildren(
      table(
        'statuses',
        ['Time', 'State', 'Source', 'Reason', 'Message', 'Healthy'],
        (t.statuses || []).map((s) =>
          el(
            'tr',
            { 'data-state': s.state },
            el('td', {}, when(s.timestamp)),
            el('td', {}, stateBadge(s.state)),
            el('td', {}, strip(s.source, /^SOURCE_/).toLowerCase()),
            el('td', { class: 'reason' }, strip(s.reason, /^REASON_/)),
            el('td', { class: 'message' }, s.message || ''),
            el('td', {}, s.healthy === undefined ? '' : s.healthy ? 'yes' : 'no'),
          ),
        ),
        'no status yet',
      ),
    );
    startTails(t);
    if (tails && t.state && !ACTIVE.has(t.state) && t.state !== 'TASK_UNREACHABLE') for (const { tail } of tails) tail.finish();
  }
  update();
  return { update, dispose: () => tails && tails.forEach(({ tail }) => tail.stop()), title: `Task ${taskId}` };
}
