// The discovery parsers against captured text of nvidia-smi and the driver's /proc files (the
// formats of nvidia-gpu.md §2; a real GPU host should re-check them, see the package README).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tempDir } from './runc';
import { devNumbers, normalizeBusId, parseDriverInformation, parseProcDevices, parseQueryGpu, parseSmiQuery, QUERY_ARGS } from '../src/index';

const H200_QUERY = `0, GPU-78aaaccb-3af1-11b3-b1f8-3828c251d9f2, NVIDIA H200, 143771, 00000000:18:00.0
1, GPU-7bdd753d-3af1-11b3-a839-80f10e1a2b3c, NVIDIA H200, 143771, 00000000:2A:00.0
`;

test('the discovery query asks nvidia-smi for index, uuid, name, memory.total and pci.bus_id without header or units', () => {
  assert.equal(QUERY_ARGS, ['--query-gpu=index,uuid,name,memory.total,pci.bus_id', '--format=csv,noheader,nounits']);
});

test('parseQueryGpu: one GPU per line, ", "-separated; bus ids normalised to a 4-digit lower-case domain', () => {
  assert.equal(parseQueryGpu(H200_QUERY), [
    { index: 0, uuid: 'GPU-78aaaccb-3af1-11b3-b1f8-3828c251d9f2', name: 'NVIDIA H200', memoryMiB: 143771, busId: '0000:18:00.0' },
    { index: 1, uuid: 'GPU-7bdd753d-3af1-11b3-a839-80f10e1a2b3c', name: 'NVIDIA H200', memoryMiB: 143771, busId: '0000:2a:00.0' },
  ]);
});

test('parseQueryGpu: tolerates a header, units, CRLF, [N/A] values and a name containing ", "', () => {
  const out = 'index, uuid, name, memory.total [MiB], pci.bus_id\r\n0, GPU-a, Tesla V100-SXM2-16GB, 16160 MiB, 00000000:00:1E.0\r\n1, [N/A], Weird, Inc. GPU, [N/A], 00000000:00:1F.0\r\n';
  assert.equal(parseQueryGpu(out), [
    { index: 0, uuid: 'GPU-a', name: 'Tesla V100-SXM2-16GB', memoryMiB: 16160, busId: '0000:00:1e.0' },
    { index: 1, uuid: undefined, name: 'Weird, Inc. GPU', memoryMiB: undefined, busId: '0000:00:1f.0' },
  ]);
  assert.equal(parseQueryGpu('\n\n'), []);
});

test('parseQueryGpu: fewer fields than asked is an error (the format changed), not a silent guess', () => {
  assert.throws(() => parseQueryGpu('0, GPU-a, NVIDIA H200\n'), /expected 5 fields/);
});

test('parseDriverInformation: /proc/driver/nvidia/gpus/<bus>/information gives the minor number and uuid', () => {
  const text = `Model: \t\t NVIDIA H200
IRQ:   \t\t 142
GPU UUID: \t GPU-78aaaccb-3af1-11b3-b1f8-3828c251d9f2
Video BIOS: \t 96.00.99.00.01
Bus Type: \t PCIe
DMA Size: \t 52 bits
DMA Mask: \t 0xfffffffffffff
Bus Location: \t 0000:18:00.0
Device Minor: \t 3
GPU Excluded:\t No
`;
  assert.equal(parseDriverInformation(text), { model: 'NVIDIA H200', uuid: 'GPU-78aaaccb-3af1-11b3-b1f8-3828c251d9f2', busId: '0000:18:00.0', minor: 3 });
  assert.equal(parseDriverInformation('Model: x\n'), { model: 'x', uuid: undefined, busId: undefined, minor: undefined });
});

test('parseSmiQuery: nvidia-smi -q sections give minor numbers per GPU', () => {
  const text = `
==============NVSMI LOG==============

Timestamp                                 : Mon Nov 30 04:00:00 2026
Driver Version                            : 550.54.15
CUDA Version                              : 12.4

Attached GPUs                             : 2
GPU 00000000:18:00.0
    Product Name                          : NVIDIA H200
    Product Brand                         : NVIDIA
    Minor Number                          : 3
    GPU UUID                              : GPU-78aaaccb-3af1-11b3-b1f8-3828c251d9f2
    PCI
        Bus                               : 0x18

GPU 00000000:2A:00.0
    Product Name                          : NVIDIA H200
    Minor Number                          : 0
    GPU UUID                              : GPU-7bdd753d-3af1-11b3-a839-80f10e1a2b3c
`;
  assert.equal(parseSmiQuery(text), [
    { busId: '0000:18:00.0', model: 'NVIDIA H200', minor: 3, uuid: 'GPU-78aaaccb-3af1-11b3-b1f8-3828c251d9f2' },
    { busId: '0000:2a:00.0', model: 'NVIDIA H200', minor: 0, uuid: 'GPU-7bdd753d-3af1-11b3-a839-80f10e1a2b3c' },
  ]);
});

test('parseProcDevices: character majors by driver name (nvidia-uvm is dynamic)', () => {
  const m = parseProcDevices('Character devices:\n  1 mem\n195 nvidia-frontend\n195 nvidia\n508 nvidia-uvm\n\nBlock devices:\n  7 loop\n');
  assert.is(m.get('nvidia-uvm'), 508);
  assert.is(m.get('nvidia-frontend'), 195);
  assert.is(m.get('loop'), undefined, 'block devices are not character majors');
});

test('normalizeBusId and devNumbers', () => {
  assert.is(normalizeBusId('00000000:2A:00.0'), '0000:2a:00.0');
  assert.is(normalizeBusId('0000:2a:00.0'), '0000:2a:00.0');
  assert.is(normalizeBusId('not a bus'), undefined);
  assert.equal(devNumbers(fs.statSync('/dev/null').rdev), { major: 1, minor: 3 });
  assert.equal(devNumbers(fs.statSync('/dev/zero').rdev), { major: 1, minor: 5 });
});

test('scripts/check-captured.js (for a real GPU host) passes on a consistent capture and fails on an inconsistent one', () => {
  const dir = tempDir('plateau-gpucapture-');
  const w = (f: string, t: string) => fs.writeFileSync(path.join(dir, f), t);
  w('query.rc', '0\n');
  w('query.txt', '0, GPU-78aaaccb-3af1-11b3-b1f8-3828c251d9f2, NVIDIA H200, 143771, 00000000:18:00.0\n');
  w('query-header-units.txt', 'index, uuid, name, memory.total [MiB], pci.bus_id\n0, GPU-78aaaccb-3af1-11b3-b1f8-3828c251d9f2, NVIDIA H200, 143771 MiB, 00000000:18:00.0\n');
  w('q.txt', 'GPU 00000000:18:00.0\n    Product Name : NVIDIA H200\n    Minor Number : 2\n    GPU UUID : GPU-78aaaccb-3af1-11b3-b1f8-3828c251d9f2\n');
  w('driver-information.txt', '== /proc/driver/nvidia/gpus/0000:18:00.0/information\nModel: \t NVIDIA H200\nGPU UUID: \t GPU-78aaaccb-3af1-11b3-b1f8-3828c251d9f2\nBus Location: \t 0000:18:00.0\nDevice Minor: \t 2\n');
  w('dev-stat.txt', '/dev/nvidia2 character special file c3:2 666\n/dev/nvidiactl character special file c3:ff 666\n/dev/nvidia-uvm character special file 1fc:0 666\n');
  w('proc-devices.txt', 'Character devices:\n195 nvidia\n508 nvidia-uvm\n');
  const script = path.join(__dirname, '..', '..', 'scripts', 'check-captured.js');
  const ok = spawnSync(process.execPath, [script, dir], { encoding: 'utf8' });
  assert.is(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /ALL PASS/);
  w('q.txt', 'GPU 00000000:18:00.0\n    Minor Number : 5\n    GPU UUID : GPU-78aaaccb-3af1-11b3-b1f8-3828c251d9f2\n');
  const bad = spawnSync(process.execPath, [script, dir], { encoding: 'utf8' });
  assert.is(bad.status, 1);
  assert.match(bad.stdout, /FAIL GPU 0: both sources agree/);
});

test.run();
