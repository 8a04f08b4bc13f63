/**
 * Where the agent keeps things under its work dir, following Mesos's layout:
 *
 *   <workDir>/meta/...                                                checkpoints (CheckpointStore)
 *   <workDir>/slaves/<agentId>/frameworks/<fid>/executors/<eid>/runs/<containerId>/   sandbox
 *
 * Framework, executor and task ids are chosen by frameworks and may hold any character; in paths
 * they are escaped (see `segment`), so that every id maps to one safe file name and back.
 */
import { join } from 'node:path';

const SAFE = /^[A-Za-z0-9_.:-]$/;

/**
 * A file-name-safe, reversible form of an id: characters outside [A-Za-z0-9_.:-] become `@XX`
 * (UTF-8 bytes in hex), and so does `@` itself; "." and ".." are escaped whole.
 */
export function segment(id: string): string {
  if (id === '' ) return '@';
  if (id === '.' || id === '..') return id.replace(/\./g, '@2E');
  let out = '';
  for (const ch of id) {
    if (SAFE.test(ch)) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += `@${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The id a `segment` came from. */
export function unsegment(seg: string): string {
  if (seg === '@') return '';
  const bytes: number[] = [];
  for (let i = 0; i < seg.length; ) {
    if (seg[i] === '@') {
      bytes.push(parseInt(seg.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      bytes.push(...Buffer.from(seg[i]!, 'utf8'));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The sandbox directory of one container run. */
export function sandboxDir(workDir: string, agentId: string, frameworkId: string, executorId: string, containerId: string): string {
  return join(workDir, 'slaves', segment(agentId), 'frameworks', segment(frameworkId), 'executors', segment(executorId), 'runs', containerId);
}
