#!/usr/bin/env node
'use strict';
// Checks isolator-gpu's parsers against output captured by gpu-host-check.sh (argument: its OUT
// dir): every GPU nvidia-smi lists must get a minor number from the driver's /proc files and
// from nvidia-smi -q (the two must agree), and /dev/nvidia<minor> must be a character device
// 195:<minor>. Prints one PASS/FAIL line per check and a JSON summary of what discovery saw.
const fs = require('node:fs');
const path = require('node:path');
const { parseQueryGpu, parseSmiQuery, parseDriverInformation, parseProcDevices } = require('../lib/src/nvidia');

const dir = process.argv[2];
if (!dir) {
  console.error('usage: check-captured.js OUT_DIR');
  process.exit(2);
}
const read = (f) => {
  try {
    return fs.readFileSync(path.join(dir, f), 'utf8');
  } catch {
    return '';
  }
};
let failed = 0;
const check = (ok, what) => {
  if (!ok) failed++;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${what}`);
};

check(read('query.rc').trim() === '0', 'nvidia-smi --query-gpu exits 0');
let gpus = [];
try {
  gpus = parseQueryGpu(read('query.txt'));
  check(gpus.length > 0, `query lists GPUs (${gpus.length})`);
} catch (e) {
  check(false, `query parses: ${e.message}`);
}
try {
  const withHeader = parseQueryGpu(read('query-header-units.txt'));
  check(JSON.stringify(withHeader) === JSON.stringify(gpus), 'the header/units variant parses to the same GPUs');
} catch (e) {
  check(false, `header/units variant parses: ${e.message}`);
}
for (const g of gpus) {
  check(/^GPU-[0-9a-f-]{36}$/i.test(g.uuid || ''), `GPU ${g.index}: uuid ${g.uuid}`);
  check(Number.isInteger(g.memoryMiB) && g.memoryMiB > 0, `GPU ${g.index}: memory ${g.memoryMiB} MiB`);
  check(/^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/.test(g.busId || ''), `GPU ${g.index}: bus id ${g.busId}`);
}
const info = read('driver-information.txt').split(/^== .*$/m).filter((s) => s.trim()).map(parseDriverInformation);
const q = parseSmiQuery(read('q.txt'));
const stats = new Map(read('dev-stat.txt').split('\n').filter(Boolean).map((l) => {
  const [name, ...rest] = l.split(' ');
  return [name, rest.join(' ')];
}));
for (const g of gpus) {
  const d = info.find((i) => i.uuid === g.uuid || i.busId === g.busId);
  const s = q.find((i) => i.uuid === g.uuid || i.busId === g.busId);
  check(d && Number.isInteger(d.minor), `GPU ${g.index}: minor from /proc/driver/nvidia (${d && d.minor})`);
  check(s && Number.isInteger(s.minor), `GPU ${g.index}: minor from nvidia-smi -q (${s && s.minor})`);
  if (d && s) check(d.minor === s.minor, `GPU ${g.index}: both sources agree`);
  const minor = d ? d.minor : s ? s.minor : undefined;
  const st = stats.get(`/dev/nvidia${minor}`) || '';
  const m = /character special file ([0-9a-f]+):([0-9a-f]+)/.exec(st);
  check(m && parseInt(m[1], 16) === 195 && parseInt(m[2], 16) === minor, `GPU ${g.index}: /dev/nvidia${minor} is c 195:${minor} (${st || 'missing'})`);
}
const ctl = stats.get('/dev/nvidiactl') || '';
check(/character special file c3:ff/.test(ctl), `/dev/nvidiactl is c 195:255 (${ctl || 'missing'})`);
const uvmMajor = parseProcDevices(read('proc-devices.txt')).get('nvidia-uvm');
const uvm = stats.get('/dev/nvidia-uvm') || '';
const um = /character special file ([0-9a-f]+):([0-9a-f]+)/.exec(uvm);
check(uvmMajor === undefined || (um && parseInt(um[1], 16) === uvmMajor), `/dev/nvidia-uvm major matches /proc/devices (${uvmMajor}; ${uvm || 'no node'})`);
console.log(JSON.stringify({ gpus, driverInfo: info, smiQ: q, uvmMajor }, null, 2));
console.log(`${failed === 0 ? 'ALL PASS' : `${failed} FAILED`}`);
process.exitCode = failed ? 1 : 0;
