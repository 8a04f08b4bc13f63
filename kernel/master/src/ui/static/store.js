// The cluster as the leading master's v1 operator API shows it, kept live by the operator
// SUBSCRIBE stream (fetch + ReadableStream, RecordIO framing of JSON events). Events are applied at
// once and followed by one GET_STATE (with GET_ROLES and GET_QUOTA) that brings allocations and
// outstanding offers up to date. When the stream is refused or breaks, the store polls GET_STATE
// every 2 s and tries the stream again every 10 s. Credentials are the browser's: with an
// authenticator configured the first 401's `WWW-Authenticate: Basic` makes it ask for them.

const POLL_MS = 2000;
const RESUBSCRIBE_MS = 10000;

/** Calls the operator API: `{type, <type>: body}` as JSON. */
export async function call(type, body) {
  const msg = { type };
  if (body !== undefined) msg[type.toLowerCase()] = body;
  let r;
  for (let attempt = 0; ; attempt++) {
    r = await fetch('/api/v1', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(msg) });
    if (r.status !== 503 || attempt >= 2) break;
    await new Promise((done) => setTimeout(done, 500)); // a leader proving its leadership again says "retry"
  }
  if (!r.ok) throw Object.assign(new Error(`${type}: ${r.status} ${await r.text()}`), { status: r.status });
  return r.json();
}

/** GETs `url`; a 503 (a master not sure of its leadership yet, which says "retry") is retried twice. */
export async function getRetrying(url) {
  for (let attempt = 0; ; attempt++) {
    const r = await fetch(url);
    if (r.status !== 503 || attempt >= 2) return r;
    await new Promise((done) => setTimeout(done, 500));
  }
}

/** Splits a byte stream into RecordIO records ("<length>\n<bytes>"), yielding parsed JSON. */
export class RecordIO {
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

// ---------- views of GET_STATE ----------

export function tasksOf(state, completed) {
  const t = (state && state.get_tasks) || {};
  return [...(t.pending_tasks || []), ...(t.tasks || []), ...(t.unreachable_tasks || []), ...(completed ? t.completed_tasks || [] : [])];
}

export function agentsOf(state) {
  return (state && state.get_agents && state.get_agents.agents) || [];
}

export function frameworksOf(state, completed) {
  const f = (state && state.get_frameworks) || {};
  return [...(f.frameworks || []), ...(completed ? f.completed_frameworks || [] : [])];
}

export const ACTIVE = new Set(['TASK_STAGING', 'TASK_STARTING', 'TASK_RUNNING', 'TASK_KILLING']);

// ---------- the store ----------

export const store = {
  state: null, // GET_STATE's get_state
  master: null, // GET_MASTER's master_info
  roles: null, // GET_ROLES's roles; false when the master does not answer it
  quota: null, // GET_QUOTA's get_quota; false likewise
  mode: 'connecting',
  modeDetail: '',
  lastUpdate: null,
  listeners: new Set(),
  pollTimer: null,
  refreshTimer: null,

  /** `fn` runs after every change (an event applied, a state read, a mode change). */
  listen(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  },

  changed() {
    this.lastUpdate = new Date();
    for (const fn of this.listeners) {
      try {
        fn(this);
      } catch (err) {
        console.error('render failed:', err);
      }
    }
  },

  setMode(mode, detail) {
    this.mode = mode;
    this.modeDetail = detail || '';
    this.changed();
  },

  task(frameworkId, taskId) {
    return tasksOf(this.state, true).find((t) => t.framework_id.value === frameworkId && t.task_id.value === taskId);
  },
  agent(id) {
    return agentsOf(this.state).find((a) => a.agent_info.id.value === id);
  },
  framework(id) {
    return frameworksOf(this.state, true).find((f) => f.framework_info.id.value === id);
  },

  async refresh() {
    try {
      const [s, m] = await Promise.all([call('GET_STATE'), this.master ? null : call('GET_MASTER').catch(() => null)]);
      this.state = s.get_state || {};
      if (m && m.get_master) this.master = m.get_master.master_info;
      if (this.roles !== false) this.roles = await call('GET_ROLES').then((r) => (r.get_roles || {}).roles || [], () => false);
      if (this.quota !== false) this.quota = await call('GET_QUOTA').then((r) => r.get_quota || {}, () => false);
      this.changed();
    } catch (err) {
      if (err.status === 401) this.setMode('unauthorized', String(err.message || err));
      else if (this.mode !== 'live') this.setMode('down', String(err.message || err));
    }
  },

  refreshSoon() {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      this.refresh();
    }, 150);
  },

  startPolling(reason) {
    this.setMode('polling', reason);
    if (!this.pollTimer) this.pollTimer = setInterval(() => this.refresh(), POLL_MS);
    setTimeout(() => this.subscribe(), RESUBSCRIBE_MS);
  },

  async subscribe() {
    let response;
    try {
      response = await fetch('/api/v1', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify({ type: 'SUBSCRIBE' }) });
    } catch (err) {
      return this.startPolling(`SUBSCRIBE failed: ${err.message}`);
    }
    if (response.status === 401) {
      // The browser asked for credentials and was given none, or wrong ones: a reload asks again.
      this.setMode('unauthorized', `SUBSCRIBE answered 401: ${await response.text()}`);
      return;
    }
    if (!response.ok || !response.body) return this.startPolling(`SUBSCRIBE answered ${response.status}`);
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
            if (this.pollTimer) clearInterval(this.pollTimer);
            this.pollTimer = null;
            const hb = event.subscribed.heartbeat_interval_seconds;
            if (hb) heartbeatMs = hb * 1000;
            this.state = event.subscribed.get_state || this.state;
            this.setMode('live', 'operator SUBSCRIBE stream');
            this.refreshSoon();
          } else if (event.type !== 'HEARTBEAT') {
            this.apply(event);
            this.refreshSoon();
          }
        }
      }
    } catch (err) {
      clearInterval(watchdog);
      return this.startPolling(`event stream broke: ${err.message}`);
    }
    clearInterval(watchdog);
    this.startPolling('event stream ended');
  },

  /** Applies a task event at once (the GET_STATE that follows brings the rest up to date). */
  apply(e) {
    const s = this.state;
    if (!s) return;
    s.get_tasks = s.get_tasks || {};
    if (e.type === 'TASK_ADDED') {
      (s.get_tasks.tasks = s.get_tasks.tasks || []).push(e.task_added.task);
    } else if (e.type === 'TASK_UPDATED') {
      const u = e.task_updated;
      for (const t of tasksOf(s, true)) {
        if (t.task_id.value !== u.status.task_id.value || t.framework_id.value !== u.framework_id.value) continue;
        t.state = u.state;
        (t.statuses = t.statuses || []).push(u.status);
      }
    }
    this.changed();
  },

  start() {
    this.refresh();
    this.subscribe();
  },
};
