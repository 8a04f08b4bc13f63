/**
 * LIST_FILES and READ_FILE at the master: a Plateau master writes no files of its own to serve
 * (it logs to stderr, its registry lives in the registry module), so every path is 404 naming
 * that; sandbox files are served by the agents (their LIST_FILES / READ_FILE and /files/*).
 */
import { badRequest, notFound } from '@plateau/mesos';
import type { OperatorHandlers } from './handler';

const NO_FILES = 'this master serves no files (it logs to stderr and keeps no log file); sandbox files are served by the agents (their LIST_FILES / READ_FILE and /files/*)';

/** Handlers of this group. */
export const fileHandlers: OperatorHandlers = {
  LIST_FILES: (_m, call) => {
    const path = call.list_files?.path;
    if (!path) return badRequest('list_files.path: required');
    return notFound(`No file or directory '${path}': ${NO_FILES}`);
  },
  READ_FILE: (_m, call) => {
    const r = call.read_file;
    if (!r?.path) return badRequest('read_file.path: required');
    if (r.offset < 0 || (r.length !== undefined && r.length < 0)) return badRequest('read_file: offset and length must not be negative');
    return notFound(`No file '${r.path}': ${NO_FILES}`);
  },
};
