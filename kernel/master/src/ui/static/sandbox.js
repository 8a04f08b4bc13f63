// Sandboxes: where a task's sandbox is (the agent's virtual /frameworks/... path), and the sandbox
// browser: a directory's listing (the agent's /files/browse through the master) or a file's view
// (its first VIEW_BYTES through /files/read) with a download link (/files/download).
import { bytes, el, table, when } from './dom.js';
import { href, link } from './links.js';
import { getRetrying } from './store.js';

const VIEW_BYTES = 256 * 1024;

/** The container a task runs in: its ContainerID from the latest status that names one. */
export function containerOf(task) {
  let id;
  for (const s of task.statuses || []) if (s.container_status && s.container_status.container_id) id = s.container_status.container_id;
  return id;
}

/** The task's sandbox directory as the agent's virtual path (a pod's task: its nested container's). */
export function sandboxDir(task) {
  let executorId = task.executor_id && task.executor_id.value;
  for (const s of task.statuses || []) if (!executorId && s.executor_id) executorId = s.executor_id.value;
  const c = containerOf(task);
  const runs = !c ? 'latest' : c.parent ? `${c.parent.value}/containers/${c.value}` : c.value;
  return `/frameworks/${task.framework_id.value}/executors/${executorId || task.task_id.value}/runs/${runs}`;
}

/** A container's sandbox directory (top-level containers under their executor; nested ones under their parent). */
export function containerSandbox(c, parents) {
  const chain = [];
  for (let id = c.container_id; id; id = id.parent) chain.unshift(id.value);
  const top = parents.get(chain[0]);
  if (!top || !top.framework_id || !top.executor_id) return undefined;
  return `/frameworks/${top.framework_id.value}/executors/${top.executor_id.value}/runs/${chain[0]}${chain.slice(1).map((x) => `/containers/${x}`).join('')}`;
}

/** The sandbox a virtual path is in: /frameworks/<f>/executors/<e>/runs/<c> (or the path itself). */
export function sandboxRoot(path) {
  const parts = path.split('/').filter(Boolean);
  return parts.length >= 6 && parts[0] === 'frameworks' ? `/${parts.slice(0, 6).join('/')}` : path;
}

const proxied = (endpoint, agentId, path, extra = {}) => `/proxy/agent/files/${endpoint}?${new URLSearchParams({ agent: agentId, path, ...extra })}`;

async function answer(r) {
  if (!r.ok) throw new Error(`${r.status}: ${(await r.text()).trim()}`);
  return r.json();
}

/** The path's ancestors as links (the first part being the sandbox root given). */
function crumbs(agentId, root, path) {
  const out = [link(href.browse(agentId, root), root.split('/').filter(Boolean).slice(-1)[0] || root, { class: 'crumb' })];
  let at = root;
  for (const part of path.slice(root.length).split('/').filter(Boolean)) {
    at = `${at}/${part}`;
    out.push(' / ', link(href.browse(agentId, at), part, { class: 'crumb' }));
  }
  return el('div', { class: 'crumbs' }, 'sandbox: ', out);
}

/** The browser at `path` on agent `agentId`: an element filled in once the agent answers. */
export function sandboxBrowser(agentId, path) {
  const root = sandboxRoot(path);
  const box = el('div', { id: 'sandbox', 'data-path': path }, crumbs(agentId, root, path), el('p', { class: 'muted' }, 'loading…'));
  (async () => {
    try {
      const entries = await answer(await getRetrying(proxied('browse', agentId, path)));
      const isFile = entries.length === 1 && entries[0].path === path && !String(entries[0].mode).startsWith('d');
      if (isFile) {
        const r = await answer(await getRetrying(proxied('read', agentId, path, { offset: '0', length: String(VIEW_BYTES) })));
        const more = entries[0].size > VIEW_BYTES ? el('p', { class: 'muted' }, `showing the first ${bytes(VIEW_BYTES)} of ${bytes(entries[0].size)}`) : '';
        box.replaceChildren(
          crumbs(agentId, root, path),
          el('div', { class: 'file-head' }, el('span', {}, `${bytes(entries[0].size)} · ${entries[0].mode} · ${when(entries[0].mtime)}`), el('a', { class: 'download', href: proxied('download', agentId, path), download: path.split('/').pop() }, 'download')),
          more,
          el('pre', { class: 'file-view' }, r.data),
        );
        return;
      }
      const rows = entries.map((e) => {
        const name = e.path.split('/').pop();
        const dir = String(e.mode).startsWith('d');
        return el(
          'tr',
          { 'data-path': e.path },
          el('td', {}, link(href.browse(agentId, e.path), dir ? `${name}/` : name, { class: dir ? 'dir' : 'file' })),
          el('td', {}, dir ? '' : bytes(e.size)),
          el('td', { class: 'mono' }, e.mode),
          el('td', {}, when(e.mtime)),
          el('td', {}, dir ? '' : el('a', { href: proxied('download', agentId, e.path), download: name }, 'download')),
        );
      });
      box.replaceChildren(crumbs(agentId, root, path), table('files', ['Name', 'Size', 'Mode', 'Modified', ''], rows, 'empty directory'));
    } catch (err) {
      box.replaceChildren(crumbs(agentId, root, path), el('p', { class: 'error' }, `could not browse ${path}: ${err.message}`));
    }
  })();
  return box;
}
