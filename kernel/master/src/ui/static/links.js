// The UI's pages are hash routes of one HTML page, so the master serves one file for all of them:
//   #/                                overview
//   #/agents/<agentId>[?container=C]  an agent (with container C marked in its tree)
//   #/agents/<agentId>/browse?path=P  its sandbox browser at P (a directory, or a file's view)
//   #/frameworks/<frameworkId>        a framework
//   #/tasks/<frameworkId>/<taskId>    a task (task ids are unique within a framework)
//   #/roles                           roles with quota and weights
import { el } from './dom.js';

const enc = encodeURIComponent;

export const href = {
  overview: () => '#/',
  agent: (id, container) => `#/agents/${enc(id)}${container ? `?container=${enc(container)}` : ''}`,
  browse: (agentId, path) => `#/agents/${enc(agentId)}/browse?path=${enc(path)}`,
  framework: (id) => `#/frameworks/${enc(id)}`,
  task: (frameworkId, taskId) => `#/tasks/${enc(frameworkId)}/${enc(taskId)}`,
  roles: (role) => (role ? `#/roles?role=${enc(role)}` : '#/roles'),
};

/** The page a hash names: { page, args, query }; unknown hashes are 'missing'. */
export function parseRoute(hash) {
  const raw = (hash || '').replace(/^#/, '') || '/';
  const q = raw.indexOf('?');
  const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  const parts = (q < 0 ? raw : raw.slice(0, q)).split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { page: 'overview', args: [], query };
  const [head, ...rest] = parts;
  if (head === 'agents' && rest.length === 1) return { page: 'agent', args: rest, query };
  if (head === 'agents' && rest.length === 2 && rest[1] === 'browse') return { page: 'agent', args: [rest[0]], query, browse: true };
  if (head === 'frameworks' && rest.length === 1) return { page: 'framework', args: rest, query };
  if (head === 'tasks' && rest.length === 2) return { page: 'task', args: rest, query };
  if (head === 'roles' && rest.length === 0) return { page: 'roles', args: [], query };
  return { page: 'missing', args: parts, query };
}

/** A link whose text is `text` (default: the id), with the id as its title. */
export function link(to, text, attrs = {}) {
  return el('a', { href: to, ...attrs }, text);
}
