// DOM and formatting: elements, tables, resource amounts, states. No cluster knowledge.

export const $ = (sel, root = document) => root.querySelector(sel);

/** An element: attributes (`class`, `on<event>` listeners, others as attributes) and children (nodes or text). */
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) e.append(c instanceof Node ? c : String(c));
  return e;
}

/** A table: header names, rows (each a <tr> or an array of cells), and what to say when empty. */
export function table(id, headers, rows, empty = 'none') {
  const body = rows.length
    ? rows.map((r) => (r instanceof Node ? r : el('tr', {}, r.map((c) => (c instanceof Node && c.tagName === 'TD' ? c : el('td', {}, c))))))
    : [el('tr', {}, el('td', { class: 'empty', colspan: String(headers.length) }, empty))];
  return el('table', { id }, el('thead', {}, el('tr', {}, headers.map((h) => el('th', {}, h)))), el('tbody', {}, body));
}

/** A section with a heading (title and extra heading nodes) and its content. */
export function section(title, heading, ...content) {
  return el('section', {}, el('h2', {}, title, heading), ...content);
}

/** Label/value pairs as a definition list. */
export function facts(pairs, attrs = {}) {
  return el('dl', { class: 'facts', ...attrs }, pairs.filter(([, v]) => v !== undefined && v !== null && v !== '').flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
}

/** Scalar resources summed by name. */
export function scalars(resources) {
  const out = {};
  for (const r of resources || []) if (r.scalar) out[r.name] = (out[r.name] || 0) + r.scalar.value;
  return out;
}

/** Quota maps are {name: {value}} in v1 JSON; lists of Resource are summed. */
export function scalarMap(m) {
  if (Array.isArray(m)) return scalars(m);
  const out = {};
  for (const [k, v] of Object.entries(m || {})) out[k] = typeof v === 'object' ? v.value : v;
  return out;
}

export function fmt(name, v) {
  if (v === undefined || v === null) return '-';
  if (name === 'mem' || name === 'disk') return v >= 1024 ? `${(v / 1024).toFixed(1)} GB` : `${Math.round(v)} MB`;
  return String(Math.round(v * 100) / 100);
}

export function usage(used, total, name) {
  const t = total[name];
  if (t === undefined) return '-';
  return `${fmt(name, used[name] || 0)} / ${fmt(name, t)}`;
}

/** `cpus 1, mem 128 MB` of a scalar map, '-' when empty. */
export function amounts(m) {
  return m && Object.keys(m).length ? Object.entries(m).map(([k, v]) => `${k} ${fmt(k, v)}`).join(', ') : '-';
}

/** Non-scalar resources (ranges, sets) in Mesos's text form. */
export function resourceText(r) {
  if (r.scalar) return fmt(r.name, r.scalar.value);
  if (r.ranges) return (r.ranges.range || []).map((x) => (x.begin === x.end ? `${x.begin}` : `${x.begin}-${x.end}`)).join(', ');
  if (r.set) return (r.set.item || []).join(', ');
  return '';
}

export function stateBadge(state) {
  return el('span', { class: `state ${state}` }, String(state || '').replace(/^TASK_/, ''));
}

/** Seconds since the epoch as local date and time. */
export function when(seconds) {
  if (!seconds) return '-';
  const d = new Date(seconds * 1000);
  return `${d.toLocaleDateString()} ${d.toLocaleTimeString()}`;
}

/** File sizes in bytes as B / KB / MB. */
export function bytes(n) {
  if (n === undefined) return '-';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
