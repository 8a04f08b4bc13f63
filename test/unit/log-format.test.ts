// The CLI's log lines: real pino JSON lines (a role's logger and its children, as the master,
// agent and module host make them) turned into readable ones by pino-pretty with Plateau's
// options; which format a process picks; and the start-up gate of `plateau up`.

import { Writable } from 'node:stream';
import pino from 'pino';
import { prettyFactory } from 'pino-pretty';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chooseLogFormat, prettyOptions, StartupGate, takeLogLevel } from '@plateau/cli';

/** The JSON lines a logger built as roleLogger builds it writes while `fn` logs. */
function pinoLines(fn: (log: pino.Logger) => void, level = 'info'): string[] {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const log = pino({ level, base: { pid: 4242, role: 'up' } }, sink);
  fn(log);
  return lines;
}

const TIME = '\\[\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\]';

test('a readable line: time, level, role, module, message, then the other fields on the same line', () => {
  const lines = pinoLines((log) => {
    const master = log.child({ role: 'master' });
    master.info({ address: '127.0.0.1:5050' }, 'leading: serving');
    master.child({ module: 'contender.zk', instance: 'zookeeper' }).warn({ servers: 3, err: 'connection loss' }, 'session expired');
    log.error('the demo task did not start');
  });
  assert.is(lines.length, 3);
  const pretty = prettyFactory(prettyOptions(false));
  const out = lines.map((l) => pretty(l));
  assert.match(out[0]!, new RegExp(`^${TIME} INFO: master  leading: serving \\{"address":"127\\.0\\.0\\.1:5050"\\}\\n$`));
  assert.match(out[1]!, new RegExp(`^${TIME} WARN: master  contender\\.zk  session expired \\{"servers":3,"err":"connection loss"\\}\\n$`));
  assert.match(out[2]!, new RegExp(`^${TIME} ERROR: up  the demo task did not start\\n$`));
  for (const line of out) {
    assert.not.match(line, /4242|"pid"|"hostname"|"instance"|"role"|"module"/, 'pid, hostname, instance, role and module are not repeated as fields');
    assert.is(line.split('\n').length, 2, 'one line');
  }
});

test('the time is the entry\'s own, in local time', () => {
  const [line] = pinoLines((log) => log.info('x'));
  const time = new Date(JSON.parse(line!).time as number);
  const hhmmss = [time.getHours(), time.getMinutes(), time.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
  assert.ok(prettyFactory(prettyOptions(false))(line!).startsWith(`[${hhmmss}.`), prettyFactory(prettyOptions(false))(line!));
});

test('with colour: the level is coloured, the text the same', () => {
  const [line] = pinoLines((log) => log.warn({ k: 1 }, 'careful'));
  const coloured = prettyFactory(prettyOptions(true))(line!);
  assert.match(coloured, /\u001b\[/);
  // eslint-disable-next-line no-control-regex
  assert.is(coloured.replace(/\u001b\[[0-9;]*m/g, ''), prettyFactory(prettyOptions(false))(line!));
});

test('the format: asked for wins, else pretty on a terminal and JSON elsewhere', () => {
  assert.is(chooseLogFormat({}, true), 'pretty');
  assert.is(chooseLogFormat({}, false), 'json');
  assert.is(chooseLogFormat({ PLATEAU_LOG_FORMAT: 'json' }, true), 'json');
  assert.is(chooseLogFormat({ PLATEAU_LOG_FORMAT: 'pretty' }, false), 'pretty');
});

test('--log-format is taken from anywhere before -- and handed on as PLATEAU_LOG_FORMAT', () => {
  const before = process.env.PLATEAU_LOG_FORMAT;
  try {
    assert.equal(takeLogLevel(['node', 'plateau', 'master', '--log-format', 'json', '--listen', 'x:1']), ['node', 'plateau', 'master', '--listen', 'x:1']);
    assert.is(process.env.PLATEAU_LOG_FORMAT, 'json');
    assert.equal(takeLogLevel(['node', 'plateau', '--log-format=pretty', 'up', '--', 'x', '--log-format', 'y']), ['node', 'plateau', 'up', '--', 'x', '--log-format', 'y']);
    assert.is(process.env.PLATEAU_LOG_FORMAT, 'pretty');
  } finally {
    if (before === undefined) delete process.env.PLATEAU_LOG_FORMAT;
    else process.env.PLATEAU_LOG_FORMAT = before;
  }
});

test('the start-up gate: warnings pass, the rest is held; open drops it, release writes it first', () => {
  const make = () => {
    const written: string[] = [];
    const gate = new StartupGate({ write: (l: string) => void written.push(l) });
    const log = pino({ level: 'info', base: { role: 'up' } }, gate);
    return { written, gate, log };
  };
  const msgs = (lines: string[]) => lines.map((l) => JSON.parse(l).msg as string);

  const a = make();
  a.log.info('module contender.standalone started');
  a.log.warn('no isolation');
  assert.equal(msgs(a.written), ['no isolation']);
  assert.ok(a.gate.holding);
  a.gate.open();
  a.log.info('after the banner');
  assert.equal(msgs(a.written), ['no isolation', 'after the banner'], 'the held line is dropped');

  const b = make();
  b.log.info('module launcher.posix started');
  b.log.info('leading: serving');
  b.gate.release();
  b.log.error('cannot listen');
  assert.equal(msgs(b.written), ['module launcher.posix started', 'leading: serving', 'cannot listen'], 'held lines come first on failure');
  assert.not.ok(b.gate.holding);
});

test.run();
