// What `plateau task run` makes of a task's terminal status: its exit status, and the line that
// says what to do about a failure a user can fix.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { failureHint, podExitCode, taskExitCode } from '@plateau/cli';

test("the exit status is the task's: finished 0, the command's code, 128 + a signal, killed 137, else 1", () => {
  assert.is(taskExitCode({ state: 'TASK_FINISHED', message: 'Command exited with status 0' }), 0);
  assert.is(taskExitCode({ state: 'TASK_FAILED', message: 'Command exited with status 7' }), 7);
  assert.is(taskExitCode({ state: 'TASK_FAILED', message: 'Command terminated by signal 15' }), 143);
  assert.is(taskExitCode({ state: 'TASK_KILLED', message: 'Task killed: container stopped' }), 137);
  assert.is(taskExitCode({ state: 'TASK_FAILED', message: 'provision: no such image' }), 1);
  assert.is(taskExitCode({ state: 'TASK_LOST' }), 1);
  assert.is(taskExitCode({ state: 'TASK_FAILED', message: 'Command exited with status 0' }), 1, 'a failed task never exits 0');
});

test("a pod's exit status is its first task's that did not finish", () => {
  assert.is(podExitCode([{ state: 'TASK_FINISHED' }, { state: 'TASK_FINISHED' }]), 0);
  assert.is(podExitCode([{ state: 'TASK_FINISHED' }, { state: 'TASK_FAILED', message: 'Command exited with status 4' }, { state: 'TASK_KILLED' }]), 4);
});

test('hints: a command not found (127), one that cannot execute (126), an image that cannot be provided; none otherwise', () => {
  assert.match(failureHint({ state: 'TASK_FAILED', message: 'Command exited with status 127' }, 'busybox')!, /no such command/);
  assert.match(failureHint({ state: 'TASK_FAILED', message: 'Command exited with status 126' }, 'busybox')!, /cannot execute it/);
  assert.match(failureHint({ state: 'TASK_FAILED', reason: 'REASON_CONTAINER_LAUNCH_FAILED', message: 'provision: could not provide image team/nothing:1.0: manifest unknown' }, 'team/nothing:1.0')!, /the image 'team\/nothing:1\.0' could not be provided: check its name and tag/);
  assert.is(failureHint({ state: 'TASK_FAILED', message: 'Command exited with status 7' }, 'busybox'), undefined);
  assert.is(failureHint({ state: 'TASK_KILLED', message: 'Task killed: container stopped' }, undefined), undefined);
});

test.run();
