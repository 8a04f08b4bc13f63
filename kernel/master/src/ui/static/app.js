// Plateau web UI: the pages (overview, agent, framework, task, roles) are hash routes of one page;
// each page mounts into <main> and updates on every change of the store, which follows the
// leading master's operator SUBSCRIBE stream. Plain ES modules, no build step.
import { $ } from './dom.js';
import { parseRoute } from './links.js';
import { store } from './store.js';
import * as overview from './page-overview.js';
import * as agent from './page-agent.js';
import * as framework from './page-framework.js';
import * as task from './page-task.js';
import * as roles from './page-roles.js';
import { el } from './dom.js';

const PAGES = { overview, agent, framework, task, roles };
let current = null;

function show() {
  if (current) current.dispose();
  const route = parseRoute(location.hash);
  const main = $('#view');
  main.dataset.page = route.page;
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('here', a.dataset.page === route.page);
  if (route.page === 'missing') {
    current = { update() {}, dispose() {} };
    main.replaceChildren(el('p', { class: 'error' }, `No page at #/${route.args.join('/')}`));
    return;
  }
  current = PAGES[route.page].mount(main, route, store);
  document.title = `${current.title} · Plateau`;
  window.scrollTo(0, 0);
}

function header() {
  const m = store.master;
  if (m) $('#master').textContent = `master ${m.hostname}:${m.port} · v${m.version || '?'}`;
  $('#cluster').textContent = location.host;
  const pill = $('#live');
  pill.dataset.mode = store.mode;
  pill.textContent = { live: 'live', polling: 'polling every 2 s', unauthorized: 'credentials needed: reload to sign in' }[store.mode] || store.mode;
  pill.title = store.modeDetail;
  $('#footer').textContent = `updated ${store.lastUpdate ? store.lastUpdate.toLocaleTimeString() : '-'} · operator API at ${location.origin}/api/v1`;
}

store.listen(() => {
  header();
  if (current) current.update();
});
window.addEventListener('hashchange', show);
show();
store.start();
