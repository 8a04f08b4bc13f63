// Plateau web UI: the leading master's state through its v1 operator API. Live updates come from
// the operator SUBSCRIBE stream (fetch + ReadableStream, RecordIO framing); when the stream is not
// available the page polls GET_STATE every 2 s and tries the stream again every 10 s. Sandbox
// logs are read through the master's /proxy/agent/files/read. No dependencies, no build step.
'use strict';

const POLL_MS = 2000;
const RESUBSCRIBE_MS = 10000;
const LOG_POLL_MS = 1000;

const ui = {
  state: null, // GET_STATE's get_state
  master: null, // GET_MASTER's master_info
  roles: null, // GET_ROLES's roles, when the master answers it
  quota: null,
  mode: 'connecting',
  lastUpdate: null,
  logs: null, // { task, file, offset, timer }
  agentUrls: new Map(), // agent id → scheme://host:port of its API (/master/state's slaves[].url)
};

const $ = (sel) => document.querySelector(sel);

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== undefined && c !== null) e.append(c instanceof Node ? c : String(c));
  return e;
}

async function call(type, body) {
  const msg = { type };
  if (body !== undefined) msg[type.toLowerCase()] = body;
  const r = await fetch('/api/v1', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(msg) });
  if (!r.ok) throw Object.assign(new Error(`${type}: ${r.status} ${await r.text()}`), { status: r.status });
  return r.json();
}

// ---------- resources ----------

function scalars(resources) {
  const out = {};
  for (const r of resources || []) if (r.scalar) out[r.name] = (out[r.name] || 0) + r.scalar.value;
  return out;
}

function fmt(name, v) {
  if (v === undefined) return '-';
  if (name === 'mem' || name === 'disk') return v >= 1024 ? `${(v / 1024).toFixed(1)} GB` : `${Math.round(v)} MB`;
  return String(Math.round(v * 100) / 100);
}

function usage(used, total, name) {
  const t = total[name];
  if (t === undefined) return '-';
  return `${fmt(name, used[name] || 0)} / ${fmt(name, t)}`;
}

// ---------- state ----------

function tasksOf(state, completed) {
  const t = state.get_tasks || {};
  return [...(t.pending_tasks || []), ...(t.tasks || []), ...(t.unreachable_tasks || []), ...(completed ? t.completed_tasks || [] : [])];
}

function agentsOf(state) {
  return (state.get_agents && state.get_agents.agents) || [];
}

function frameworksOf(state) {
  return (state.get_frameworks && state.get_frameworks.frameworks) || [];
}

const ACTIVE = new Set(['TASK_STAGING', 'TASK_STARTING', 'TASK_RUNNING', 'TASK_KILLING']);

async function refresh() {
  try {
    const [s, m] = await Promise.all([call('GET_STATE'), ui.master ? null : call('GET_MASTER').catch(() => null)]);
    ui.state = s.get_state || {};
    if (m && m.get_master) ui.master = m.get_master.master_info;
    await learnAgentUrls(agentsOf(ui.state));
    if (ui.roles !== false) {
      try {
        ui.roles = ((await call('GET_ROLES')).get_roles || {}).roles || [];
      } catch {
        ui.roles = false; // not offered: roles are computed from the frameworks
      }
    }
    if (ui.quota !== false) {
      try {
        ui.quota = (await call('GET_QUOTA')).get_quota || {};
      } catch {
        ui.quota = false;
      }
    }
    ui.lastUpdate = new Date();
    render();
  } catch (err) {
    if (ui.mode !== 'live') setMode('down', String(err.message || err));
  }
}

/**
 * The v1 Agent message has no scheme, so the agents' URLs (https for agents that serve TLS) come
 * from /master/state's slaves[].url, read once per agent not yet known.
 */
async function learnAgentUrls(agents) {
  if (agents.every((a) => ui.agentUrls.has(a.agent_info.id.value))) return;
  try {
    const r = await fetch('/master/state');
    if (!r.ok) throw new Error(String(r.status));
    for (const a of (await r.json()).slaves || []) if (a.url) ui.agentUrls.set(a.id, a.url);
  } catch {
    // Addresses stay plain text.
  }
  for (const a of agents) if (!ui.agentUrls.has(a.agent_info.id.value)) ui.agentUrls.set(a.agent_info.id.value, null);
}

/** An agent's address, a link to its /state when its URL is known. */
function agentAddress(id, hostname, port) {
  const url = ui.agentUrls.get(id);
  const text = `${hostname}:${port}`;
  return url ? el('a', { href: `${url}/state`, target: '_blank', rel: 'noopener' }, text) : text;
}

let refreshTimer = null;
function refreshSoon() {
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    refresh();
  }, 150);
}

// ---------- live updates: operator SUBSCRIBE (RecordIO) ----------

/** Splits a byte stream into RecordIO records ("<length>\n<bytes>"), yielding parsed JSON. */
class RecordIO {
  constructor() {
    this.buf = new Uint8Array(0);
    this.decoder = new TextDecoder();
  }
  push(chunk) {
    const b = new Uint8Array(this.buf.length + chunk.length);
    b.set(this.buf);
    b.set(chunk, this.buf.length);
    this.buf = b;
    const out = [];
    for (;;) {
      const nl = this.buf.indexOf(10);
      if (nl < 0) break;
      const size = Number(this.decoder.decode(this.buf.subarray(0, nl)));
      if (!Number.isInteger(size) || size <= 0) throw new Error('bad RecordIO size');
      if (this.buf.length < nl + 1 + size) break;
      out.push(JSON.parse(this.decoder.decode(this.buf.subarray(nl + 1, nl + 1 + size))));
      this.buf = this.buf.slice(nl + 1 + size);
    }
    return out;
  }
}

let pollTimer = null;
function startPolling(reason) {
  setMode('polling', reason);
  if (!pollTimer) pollTimer = setInterval(refresh, POLL_MS);
  setTimeout(subscribe, RESUBSCRIBE_MS);
}

async function subscribe() {
  let response;
  try {
    response = await fetch('/api/v1', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify({ type: 'SUBSCRIBE' }) });
  } catch (err) {
    return startPolling(`SUBSCRIBE failed: ${err.message}`);
  }
  if (!response.ok || !response.body) return startPolling(`SUBSCRIBE answered ${response.status}`);
  const reader = response.body.getReader();
  const parser = new RecordIO();
  let heartbeatMs = 15000;
  let lastRecord = Date.now();
  const watchdog = setInterval(() => {
    if (Date.now() - lastRecord > heartbeatMs * 3) reader.cancel('no heartbeat');
  }, 1000);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      lastRecord = Date.now();
      for (const event of parser.push(value)) {
        if (event.type === 'SUBSCRIBED') {
          if (pollTimer) clearInterval(pollTimer);
          pollTimer = null;
          setMode('live');
          const hb = event.subscribed.heartbeat_interval_seconds;
          if (hb) heartbeatMs = hb * 1000;
          ui.state = event.subscribed.get_state || ui.state;
          ui.lastUpdate = new Date();
          render();
          refreshSoon();
        } else if (event.type !== 'HEARTBEAT') {
          applyEvent(event);
          refreshSoon();
        }
      }
    }
  } catch (err) {
    clearInterval(watchdog);
    return startPolling(`event stream broke: ${err.message}`);
  }
  clearInterval(watchdog);
  startPolling('event stream ended');
}

/** Applies an event at once (the GET_STATE that follows brings allocations up to date). */
function applyEvent(e) {
  const s = ui.state;
  if (!s) return;
  s.get_tasks = s.get_tasks || {};
  if (e.type === 'TASK_ADDED') {
    (s.get_tasks.tasks = s.get_tasks.tasks || []).push(e.task_added.task);
  } else if (e.type === 'TASK_UPDATED') {
    const id = e.task_updated.status.task_id.value;
    for (const t of tasksOf(s, true)) if (t.task_id.value === id) {
      t.state = e.task_updated.state;
      (t.statuses = t.statuses || []).push(e.task_updated.status);
    }
  }
  ui.lastUpdate = new Date();
  render();
}

function setMode(mode, detail) {
  ui.mode = mode;
  const pill = $('#live');
  pill.dataset.mode = mode;
  pill.textContent = mode === 'live' ? 'live' : mode === 'polling' ? `polling every ${POLL_MS / 1000} s` : mode;
  pill.title = detail || (mode === 'live' ? 'operator SUBSCRIBE stream' : '');
}

// ---------- rendering ----------

function fill(table, rows, columns) {
  const body = $(`#${table} tbody`);
  body.replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { class: 'empty', colspan: String(columns) }, 'none'))]));
}

function stateBadge(state) {
  return el('span', { class: `state ${state}` }, String(state || '').replace(/^TASK_/, ''));
}

function render() {
  const s = ui.state;
  if (!s) return;
  const agents = agentsOf(s);
  const frameworks = frameworksOf(s);
  const showCompleted = $('#show-completed').checked;
  const tasks = tasksOf(s, showCompleted);
  const agentHost = new Map(agents.map((a) => [a.agent_info.id.value, a.agent_info]));
  const fwName = new Map([...frameworks, ...((s.get_frameworks && s.get_frameworks.completed_frameworks) || [])].map((f) => [f.framework_info.id.value, f.framework_info.name]));

  if (ui.master) {
    $('#master').textContent = `master ${ui.master.hostname}:${ui.master.port} · v${ui.master.version || '?'}`;
  }
  $('#cluster').textContent = location.host;

  // Resources: allocated vs total over all agents.
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
  $('#resources').replaceChildren(...cards);

  // Tasks.
  $('#task-count').textContent = `(${tasks.length})`;
  fill(
    'tasks',
    tasks.map((t) => {
      const r = scalars(t.resources);
      const a = agentHost.get(t.agent_id && t.agent_id.value);
      return el(
        'tr',
        { 'data-task-id': t.task_id.value },
        el('td', { class: 'id', title: t.task_id.value }, t.task_id.value),
        el('td', {}, t.name || ''),
        el('td', {}, stateBadge(t.state)),
        el('td', { title: t.framework_id.value }, fwName.get(t.framework_id.value) || t.framework_id.value),
        el('td', {}, a ? `${a.hostname}:${a.port}` : (t.agent_id && t.agent_id.value) || ''),
        el('td', {}, fmt('cpus', r.cpus)),
        el('td', {}, fmt('mem', r.mem)),
        el('td', {}, el('button', { class: 'logs-button', onclick: () => openLogs(t) }, 'logs')),
      );
    }),
    8,
  );

  // Agents.
  const tasksOn = new Map();
  for (const t of tasksOf(s, false)) if (t.agent_id) tasksOn.set(t.agent_id.value, (tasksOn.get(t.agent_id.value) || 0) + 1);
  $('#agent-count').textContent = `(${agents.length})`;
  fill(
    'agents',
    agents.map((a) => {
      const tot = scalars(a.total_resources || a.agent_info.resources);
      const use = scalars(a.allocated_resources);
      return el(
        'tr',
        { 'data-agent-id': a.agent_info.id.value },
        el('td', { class: 'id', title: a.agent_info.id.value }, a.agent_info.id.value),
        el('td', {}, agentAddress(a.agent_info.id.value, a.agent_info.hostname, a.agent_info.port)),
        el('td', {}, el('span', { class: `state ${a.active ? 'active' : 'inactive'}` }, a.active ? 'active' : a.deactivated ? 'deactivated' : 'disconnected')),
        el('td', {}, usage(use, tot, 'cpus')),
        el('td', {}, usage(use, tot, 'mem')),
        el('td', {}, usage(use, tot, 'disk')),
        el('td', {}, tasksOn.get(a.agent_info.id.value) || 0),
      );
    }),
    7,
  );

  // Frameworks.
  const tasksOfFw = new Map();
  for (const t of tasksOf(s, false)) tasksOfFw.set(t.framework_id.value, (tasksOfFw.get(t.framework_id.value) || 0) + 1);
  $('#framework-count').textContent = `(${frameworks.length})`;
  fill(
    'frameworks',
    frameworks.map((f) => {
      const info = f.framework_info;
      const use = scalars(f.allocated_resources);
      return el(
        'tr',
        { 'data-framework-id': info.id.value },
        el('td', { class: 'id', title: info.id.value }, info.id.value),
        el('td', {}, info.name || ''),
        el('td', {}, (info.roles || [info.role || '*']).join(', ')),
        el('td', {}, el('span', { class: `state ${f.active ? 'active' : 'inactive'}` }, f.active ? 'active' : f.connected ? 'inactive' : 'disconnected')),
        el('td', {}, tasksOfFw.get(info.id.value) || 0),
        el('td', {}, fmt('cpus', use.cpus || 0)),
        el('td', {}, fmt('mem', use.mem || 0)),
      );
    }),
    7,
  );

  renderRoles(frameworks);
  $('#footer').textContent = `updated ${ui.lastUpdate ? ui.lastUpdate.toLocaleTimeString() : '-'} · operator API at ${location.origin}/api/v1`;
}

function renderRoles(frameworks) {
  const roles = new Map();
  const entry = (name) => {
    if (!roles.has(name)) roles.set(name, { name, frameworks: 0, allocated: {}, weight: 1, guarantee: null, limit: null });
    return roles.get(name);
  };
  for (const f of frameworks) {
    const info = f.framework_info;
    for (const role of info.roles || [info.role || '*']) {
      const e = entry(role);
      e.frameworks++;
      for (const r of f.allocated_resources || []) if (r.scalar && (r.allocation_info ? r.allocation_info.role === role : true)) e.allocated[r.name] = (e.allocated[r.name] || 0) + r.scalar.value;
    }
  }
  // GET_ROLES, when the master answers it, adds weights, quota and roles without frameworks.
  for (const r of Array.isArray(ui.roles) ? ui.roles : []) {
    const e = entry(r.name);
    if (r.weight !== undefined) e.weight = r.weight;
    // (its resources count offers not answered yet; the column shows what frameworks hold, as above)
    if (r.quota) {
      e.guarantee = scalarMap(r.quota.guarantee || r.quota.guarantees);
      e.limit = scalarMap(r.quota.limit || r.quota.limits);
    }
  }
  if (ui.quota && ui.quota.status) {
    for (const c of ui.quota.status.configs || []) {
      const e = entry(c.role);
      e.guarantee = scalarMap(c.guarantees);
      e.limit = scalarMap(c.limits);
    }
    for (const c of ui.quota.status.infos || []) {
      const e = entry(c.role);
      e.guarantee = scalars(c.guarantee);
    }
  }
  const show = (m) => (m && Object.keys(m).length ? Object.entries(m).map(([k, v]) => `${k} ${fmt(k, v)}`).join(', ') : '-');
  fill(
    'roles',
    [...roles.values()].map((r) => el('tr', { 'data-role': r.name }, el('td', {}, r.name), el('td', {}, r.frameworks), el('td', {}, show(r.allocated)), el('td', {}, `${show(r.guarantee)} / ${show(r.limit)}`), el('td', {}, r.weight))),
    5,
  );
}

/** Quota maps are {name: {value}} in v1 JSON. */
function scalarMap(m) {
  if (Array.isArray(m)) return scalars(m);
  const out = {};
  for (const [k, v] of Object.entries(m || {})) out[k] = typeof v === 'object' ? v.value : v;
  return out;
}

// ---------- sandbox logs ----------

function sandboxPath(t, file) {
  let containerId;
  let executorId = t.executor_id && t.executor_id.value;
  for (const s of t.statuses || []) {
    if (s.container_status && s.container_status.container_id) containerId = s.container_status.container_id.value;
    if (s.executor_id) executorId = executorId || s.executor_id.value;
  }
  return `/frameworks/${t.framework_id.value}/executors/${executorId || t.task_id.value}/runs/${containerId || 'latest'}/${file}`;
}

function openLogs(task) {
  closeLogs();
  ui.logs = { task, file: 'stdout', offset: 0, timer: null, busy: false };
  $('#logs').hidden = false;
  $('#logs-task').textContent = task.task_id.value;
  $('#logs-text').textContent = '';
  for (const b of document.querySelectorAll('#logs .tabs button')) b.classList.toggle('active', b.dataset.file === 'stdout');
  readLogs();
  ui.logs.timer = setInterval(readLogs, LOG_POLL_MS);
}

function closeLogs() {
  if (ui.logs && ui.logs.timer) clearInterval(ui.logs.timer);
  ui.logs = null;
  $('#logs').hidden = true;
}

async function readLogs() {
  const l = ui.logs;
  if (!l || l.busy) return;
  l.busy = true;
  try {
    for (;;) {
      const q = new URLSearchParams({ agent: l.task.agent_id.value, path: sandboxPath(l.task, l.file), offset: String(l.offset), length: '65536' });
      const r = await fetch(`/proxy/agent/files/read?${q}`);
      if (ui.logs !== l) return;
      if (!r.ok) {
        if (l.offset === 0) $('#logs-text').textContent = `(${r.status}: ${(await r.text()).trim() || 'no such file'})`;
        return;
      }
      const chunk = await r.json();
      if (!chunk.data) return;
      if (l.offset === 0) $('#logs-text').textContent = '';
      const pre = $('#logs-text');
      const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
      pre.append(chunk.data);
      if (atBottom) pre.scrollTop = pre.scrollHeight;
      l.offset = chunk.offset + new TextEncoder().encode(chunk.data).length;
    }
  } catch (err) {
    $('#logs-text').textContent = `(could not read: ${err.message})`;
  } finally {
    l.busy = false;
  }
}

// ---------- start ----------

document.addEventListener('DOMContentLoaded', () => {
  $('#show-completed').addEventListener('change', render);
  $('#logs-close').addEventListener('click', closeLogs);
  for (const b of document.querySelectorAll('#logs .tabs button')) {
    b.addEventListener('click', () => {
      if (!ui.logs) return;
      ui.logs.file = b.dataset.file;
      ui.logs.offset = 0;
      $('#logs-text').textContent = '';
      for (const x of document.querySelectorAll('#logs .tabs button')) x.classList.toggle('active', x === b);
      readLogs();
    });
  }
  refresh();
  subscribe();
});
