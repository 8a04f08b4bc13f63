/**
 * launcher-runc's monitor and start gate (the design both monitor-based launchers share is in
 * monitor.ts).
 *
 * The monitor runs `runc run --keep` in the foreground: `runc create`/`run -d` leave the
 * container's init re-parented to pid 1, its status lost, whereas `runc run` stays the init's
 * parent and exits with its status. runc run folds a death by signal N into exit code 128+N, as
 * sh does.
 *
 * The gate is a createRuntime hook in the OCI config, run by runc once the init exists in its
 * namespaces and cgroup but before it runs anything: the hook records runc's state (with the pid)
 * in `hookstate.json`, then blocks reading the FIFO `gate`. Anything but "go" makes the hook fail,
 * so runc tears the half-made container down (Kill or Destroy before Start).
 *
 * Files in a container's directory, besides launch.json, gate, abort and exit.json:
 *   hookstate.json  runc's state when the hook ran: {pid, ...}; the init exists
 *   pid             written by runc once the command was started
 *   runc.log        runc's own log (JSON lines)
 *   bundle/         the OCI bundle (config.json)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { terminationOf, type ExitRecord, type Termination } from '@plateau/kernel';

/** Arguments: dir runc root runcId stdout stderr. */
export const MONITOR_SCRIPT = [
  'dir=$1 runc=$2 root=$3 id=$4 out=$5 err=$6',
  'exec </dev/null >>"$out" 2>>"$err"',
  'mkfifo -m 600 "$dir/gate" || exit 1',
  '"$runc" --root "$root" --log "$dir/runc.log" --log-format json run --keep --bundle "$dir/bundle" --pid-file "$dir/pid" "$id"',
  'code=$?',
  'started=false; [ -s "$dir/pid" ] && started=true',
  'abort=null; [ -s "$dir/abort" ] && read -r abort <"$dir/abort"; case $abort in *[!0-9]*|"") abort=null;; esac',
  'printf \'{"code":%d,"started":%s,"abort":%s}\\n\' "$code" "$started" "$abort" >"$dir/exit.json.tmp" &&',
  '  mv -f "$dir/exit.json.tmp" "$dir/exit.json"',
].join('\n');

/**
 * Arguments (after $0): dir. Records runc's state (one JSON line on stdin, written with shell
 * builtins only: readers retry until it parses), then waits at the gate.
 */
export const GATE_SCRIPT = [
  'exec 3<>"$1/gate" || exit 1',
  'IFS= read -r state || [ -n "$state" ] || exit 1',
  'printf \'%s\\n\' "$state" >"$1/hookstate.json" || exit 1',
  'read -r x <&3',
  '[ "$x" = go ]',
].join('\n');

/** The last error runc logged (its JSON log lines at level error), if any. */
export function runcError(dir: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, 'runc.log'), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.trim().split('\n').reverse();
  for (const l of lines) {
    try {
      const j = JSON.parse(l) as { level?: string; msg?: string };
      if (j.level === 'error' && j.msg) return j.msg;
    } catch {
      // not JSON: skip
    }
  }
  return undefined;
}

/**
 * terminationOf in runc's words: a container that failed before its command started names runc's
 * exit code and, when given, runc's error.
 */
export function runcTermination(rec: ExitRecord, failure?: string): Termination {
  return terminationOf(rec, `the container failed to start (runc exited with ${rec.code})${failure ? `: ${failure}` : ''}`);
}
