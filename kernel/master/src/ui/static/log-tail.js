// A live tail of a sandbox file through the master's /proxy/agent/files/read: starts at most
// START_BYTES before the end, then reads what was appended every second until stopped (or, once
// the task has ended, one last time).
import { el } from './dom.js';

const POLL_MS = 1000;
const START_BYTES = 64 * 1024;
const KEEP_CHARS = 256 * 1024;

function readUrl(agentId, path, offset, length) {
  return `/proxy/agent/files/read?${new URLSearchParams({ agent: agentId, path, offset: String(offset), length: String(length) })}`;
}

/** A <pre> that follows `path` on agent `agentId`; call stop() when the page goes. */
export function logTail(agentId, path, attrs = {}) {
  const pre = el('pre', { class: 'log', ...attrs });
  const tail = { element: pre, offset: null, timer: null, busy: false, stopped: false };
  const say = (text) => {
    pre.textContent = text;
    pre.dataset.note = 'true';
  };
  async function read() {
    if (tail.busy || tail.stopped) return;
    tail.busy = true;
    try {
      if (tail.offset === null) {
        const r = await fetch(readUrl(agentId, path, -1, 0));
        if (!r.ok) return say(`(${r.status}: ${(await r.text()).trim() || 'no such file'})`);
        const end = (await r.json()).offset;
        tail.offset = Math.max(0, end - START_BYTES);
        pre.textContent = '';
        delete pre.dataset.note;
      }
      for (;;) {
        const r = await fetch(readUrl(agentId, path, tail.offset, 65536));
        if (tail.stopped) return;
        if (!r.ok) return;
        const chunk = await r.json();
        if (!chunk.data) return;
        const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
        pre.append(chunk.data);
        if (pre.textContent.length > KEEP_CHARS) pre.textContent = pre.textContent.slice(-KEEP_CHARS);
        if (atBottom) pre.scrollTop = pre.scrollHeight;
        tail.offset = chunk.offset + new TextEncoder().encode(chunk.data).length;
      }
    } catch (err) {
      say(`(could not read: ${err.message})`);
    } finally {
      tail.busy = false;
    }
  }
  read();
  tail.timer = setInterval(read, POLL_MS);
  // The task ended: one last read once its final output is surely written, then no more polling.
  tail.finish = () => {
    if (tail.finishing) return;
    tail.finishing = true;
    clearInterval(tail.timer);
    setTimeout(read, 2 * POLL_MS);
  };
  tail.stop = () => {
    tail.stopped = true;
    clearInterval(tail.timer);
  };
  return tail;
}
