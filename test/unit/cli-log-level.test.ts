import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { takeLogLevel } from '@plateau/cli';

test('--log-level is taken from anywhere before -- and handed on as PLATEAU_LOG_LEVEL', () => {
  const before = process.env.PLATEAU_LOG_LEVEL;
  try {
    assert.equal(takeLogLevel(['node', 'plateau', 'master', '--log-level', 'debug', '--listen', 'x:1']), ['node', 'plateau', 'master', '--listen', 'x:1']);
    assert.is(process.env.PLATEAU_LOG_LEVEL, 'debug');
    assert.equal(takeLogLevel(['node', 'plateau', '--log-level=warn', 'up']), ['node', 'plateau', 'up']);
    assert.is(process.env.PLATEAU_LOG_LEVEL, 'warn');
    // After `--` it belongs to the task's command, not to plateau.
    assert.equal(takeLogLevel(['node', 'plateau', 'task', 'run', '--', 'app', '--log-level', 'x']), ['node', 'plateau', 'task', 'run', '--', 'app', '--log-level', 'x']);
    assert.is(process.env.PLATEAU_LOG_LEVEL, 'warn');
  } finally {
    if (before === undefined) delete process.env.PLATEAU_LOG_LEVEL;
    else process.env.PLATEAU_LOG_LEVEL = before;
  }
});

test.run();
