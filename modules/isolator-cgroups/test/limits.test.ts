// computeLimits: from resources, limits and config to cgroup limits (pure).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withDefaults } from '../src/config';
import { computeLimits, cpusLimitOf, toSettings, type Features } from '../src/limits';
import { scalar } from '@plateau/testkit/cgroups';

const MiB = 1024 * 1024;
const ALL: Features = { cpu: true, cfs: true, memory: true, swap: true, pids: true, blkioWeight: true, cpuset: true };
const NONE: Features = { cpu: false, cfs: false, memory: false, swap: false, pids: false, blkioWeight: false, cpuset: false };

test('shares from cpus (at least 2); quota only with cfsQuota or a cpus limit', () => {
  const cfg = withDefaults();
  assert.equal(computeLimits(cfg, [scalar('cpus', 0.25)], {}, ALL).cpuShares, 256);
  assert.equal(computeLimits(cfg, [scalar('cpus', 0)], {}, ALL).cpuShares, 2);
  assert.is(computeLimits(cfg, [scalar('cpus', 1)], {}, ALL).cpuQuotaUs, undefined);
  assert.is(computeLimits(withDefaults({ cfsQuota: true }), [scalar('cpus', 1)], {}, ALL).cpuQuotaUs, 100000);
  assert.is(computeLimits(withDefaults({ cfsQuota: true }), [scalar('cpus', 0.0001)], {}, ALL).cpuQuotaUs, 1000, 'at least 1 ms');
  assert.is(computeLimits(cfg, [scalar('cpus', 1)], { cpus: 3 }, ALL).cpuQuotaUs, 300000);
  assert.is(computeLimits(withDefaults({ cfsQuota: true }), [scalar('cpus', 1)], { cpus: Infinity }, ALL).cpuQuotaUs, -1);
  assert.is(computeLimits(cfg, [scalar('cpus', 1)], { cpus: 3 }, { ...ALL, cfs: false }).cpuQuotaUs, undefined, 'no CFS bandwidth: no quota');
  // Several `cpus` resources (e.g. from different roles) add up.
  assert.is(computeLimits(cfg, [scalar('cpus', 1), scalar('cpus', 0.5)], {}, ALL).cpuShares, 1536);
});

test('memory: request, limit above it, +Inf, minimum, swap', () => {
  const cfg = withDefaults();
  const l = computeLimits(cfg, [scalar('mem', 128)], { mem: 256 }, ALL);
  assert.is(l.memoryLimitBytes, 256 * MiB);
  assert.is(l.memoryReservationBytes, 128 * MiB);
  assert.is(l.memorySwapBytes, undefined);
  assert.is(computeLimits(cfg, [scalar('mem', 1)], {}, ALL).memoryLimitBytes, 32 * MiB);
  assert.is(computeLimits(cfg, [scalar('mem', 64)], { mem: Infinity }, ALL).memoryLimitBytes, -1);
  assert.is(computeLimits(withDefaults({ limitSwap: true }), [scalar('mem', 64)], {}, ALL).memorySwapBytes, 64 * MiB);
  assert.is(computeLimits(withDefaults({ limitSwap: true }), [scalar('mem', 64)], {}, { ...ALL, swap: false }).memorySwapBytes, undefined);
});

test('config-wide pids, blkio and cpuset; nothing the host cannot enforce', () => {
  const cfg = withDefaults({ pidsLimit: -1, blkioWeight: 700, cpusetCpus: '0-1', cpusetMems: '0' });
  const l = computeLimits(cfg, [scalar('cpus', 1), scalar('mem', 64)], {}, ALL);
  assert.equal([l.pidsLimit, l.blkioWeight, l.cpusetCpus, l.cpusetMems], [-1, 700, '0-1', '0']);
  assert.equal(computeLimits(cfg, [scalar('cpus', 1), scalar('mem', 64)], {}, NONE), {});
});

test('toSettings: 64-bit values as decimal strings; cpusLimitOf prefers the quota', () => {
  const l = computeLimits(withDefaults({ cfsQuota: true }), [scalar('cpus', 0.5), scalar('mem', 64)], {}, ALL);
  assert.equal(toSettings('plateau/x', l), {
    path: 'plateau/x',
    unified: {},
    cpuShares: 512,
    cpuQuotaUs: '50000',
    cpuPeriodUs: 100000,
    memoryLimitBytes: String(64 * MiB),
    memoryReservationBytes: String(64 * MiB),
    pidsLimit: '4096',
  });
  assert.is(cpusLimitOf(l), 0.5);
  assert.is(cpusLimitOf(computeLimits(withDefaults(), [scalar('cpus', 2)], { cpus: 4 }, ALL)), 4);
  assert.is(cpusLimitOf(computeLimits(withDefaults(), [scalar('cpus', 2)], {}, ALL)), 2);
});

test('invalid resource values are PLT_ERR_INVALID', () => {
  try {
    computeLimits(withDefaults(), [scalar('mem', -5)], {}, ALL);
    assert.unreachable('negative mem');
  } catch (err) {
    assert.is((err as { code?: string }).code, 'PLT_ERR_INVALID');
  }
});

test.run();
