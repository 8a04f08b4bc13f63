// Proofs from inside: real busybox containers run by runc with the LaunchInfo that isolator-linux
// prepares (turned into config.json by the runc launcher's converter), checked from inside the
// container and from the host. reboot(2) is only ever probed with invalid magic numbers: EINVAL
// where the call is allowed, EPERM where it is denied; nothing is rebooted either way.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Logger } from '@plateau/kernel';
import { capabilityMask, DEFAULT_CAPABILITIES, LinuxIsolator, withDefaults } from '../src/index';
import type { LinuxConfigInput } from '../src/config';
import { buildProbe, containerSkipReason, makeRootfs, newContainerId, runContainer, startContainer, statusFields, tempDir } from './runc';
import { printSkip } from '@plateau/testkit/skip';

const log = { debug() {}, info() {}, warn() {}, error() {}, child() { return log; } } as unknown as Logger;

const skip = containerSkipReason();
let rootfs = '';
let probeSkip: string | undefined = 'not built';

/**
 * A second static probe, `sysprobe`: syscalls outside the default allow-list. get_mempolicy(2)
 * needs no capability (OK where allowed; Docker lists it only with CAP_SYS_NICE); cachestat(2)
 * (number 451 on every architecture, Linux 6.5) is newer than Docker's list: EBADF for fd -1
 * where allowed, ENOSYS on older kernels.
 */
const SYSPROBE_C = String.raw`
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
static const char *name(long r, int e) {
  if (r >= 0) return "OK";
  switch (e) { case EPERM: return "EPERM"; case EINVAL: return "EINVAL"; case ENOSYS: return "ENOSYS";
    case EBADF: return "EBADF"; case EFAULT: return "EFAULT"; default: return strerror(e); }
}
int main(void) {
  long r; int e;
  errno = 0; r = syscall(SYS_get_mempolicy, NULL, NULL, 0UL, NULL, 0UL); e = errno; printf("get_mempolicy=%s\n", name(r, e));
  errno = 0; r = syscall(451, -1, NULL, NULL, 0); e = errno; printf("cachestat=%s\n", name(r, e));
  fflush(stdout);
  return 0;
}
`;

function buildSysprobe(dir: string): string | undefined {
  const src = path.join(tempDir('plateau-sysprobe-'), 'sysprobe.c');
  fs.writeFileSync(src, SYSPROBE_C);
  const r = spawnSync('gcc', ['-static', '-O1', '-o', path.join(dir, 'bin/sysprobe'), src], { encoding: 'utf8' });
  return r.status === 0 ? undefined : `gcc -static failed for sysprobe: ${r.stderr.trim().split('\n').slice(-2).join(' ')}`;
}

if (!skip) {
  rootfs = makeRootfs();
  probeSkip = buildProbe(rootfs) ?? buildSysprobe(rootfs);
}

/** Runs `t` unless containers (or, with needsProbe, the syscall probe) cannot run here. */
function it(title: string, fn: () => Promise<void>, needsProbe = false): void {
  test(title, async () => {
    const why = skip ?? (needsProbe ? probeSkip : undefined);
    if (why) {
      printSkip(title, why);
      return;
    }
    await fn();
  });
}

/** Prepares a container with isolator-linux and returns its LaunchInfo with the test rootfs set. */
async function prepared(cfg: LinuxConfigInput, containerInfo: object | undefined, extra: { taskId?: string; directory?: string } = {}) {
  const iso = new LinuxIsolator(withDefaults(cfg), log);
  const id = newContainerId();
  const { launchInfo } = await iso.prepare({
    containerId: { value: id },
    config: {
      containerInfoJson: containerInfo ? JSON.stringify({ type: 'MESOS', ...containerInfo }) : '',
      taskInfoJson: extra.taskId ? JSON.stringify({ name: extra.taskId, task_id: { value: extra.taskId }, agent_id: { value: 'agent' } }) : '',
      directory: extra.directory ?? '',
      // An image's rootfs: a container without one runs on the host's filesystem, never in a user namespace.
      rootfs,
    },
  });
  return { id, launchInfo: { ...launchInfo!, rootfs } };
}

function lines(out: string): Record<string, string> {
  const o: Record<string, string> = {};
  for (const l of out.split('\n')) {
    const m = /^([A-Za-z0-9_-]+)[=:]\s*(.*)$/.exec(l.trim());
    if (m) o[m[1]!] = m[2]!;
  }
  return o;
}

const DEFAULT_MASK = capabilityMask([...DEFAULT_CAPABILITIES]);

it('default profile: reboot(2), mount(2) and unshare(2) fail with EPERM; busybox mount fails; CapEff is Docker\'s set; NoNewPrivs 1; seccomp filter on', async () => {
  const { id, launchInfo } = await prepared({}, { type: 'MESOS' });
  const script = [
    'grep -E "^(CapEff|CapBnd|CapPrm|NoNewPrivs|Seccomp):" /proc/self/status',
    'probe',
    'mount -t tmpfs none /mnt 2>/dev/null; echo "busybox_mount=$?"',
  ].join('\n');
  const r = await runContainer(id, launchInfo, ['sh', '-c', script]);
  assert.is(r.code, 0, `container failed: ${r.stderr}`);
  const o = lines(r.stdout);
  assert.is(o.reboot, 'EPERM', r.stdout);
  assert.is(o.mount, 'EPERM', r.stdout);
  assert.is(o.unshare, 'EPERM', r.stdout);
  assert.is.not(o.busybox_mount, '0', 'busybox mount must fail');
  assert.is(o.CapEff, DEFAULT_MASK);
  assert.is(o.CapPrm, DEFAULT_MASK);
  assert.is(o.CapBnd, DEFAULT_MASK);
  assert.is(o.NoNewPrivs, '1');
  assert.is(o.Seccomp, '2', 'seccomp filter mode');
}, true);

it('capability groups: with CAP_SYS_BOOT and CAP_SYS_ADMIN granted the default profile allows reboot (EINVAL, invalid magic), mount and unshare, as unconfined does', async () => {
  const cfg: LinuxConfigInput = { allowedCapabilities: ['SYS_BOOT', 'SYS_ADMIN'], seccomp: { allowUnconfined: true } };
  const caps = [...DEFAULT_CAPABILITIES.map((c) => c.replace(/^CAP_/, '')), 'SYS_BOOT', 'SYS_ADMIN'];
  const confined = await prepared(cfg, { linux_info: { effective_capabilities: { capabilities: caps } } });
  const a = await runContainer(confined.id, confined.launchInfo, ['sh', '-c', 'grep -E "^(CapEff|Seccomp):" /proc/self/status; probe']);
  assert.is(a.code, 0, a.stderr);
  const oa = lines(a.stdout);
  assert.is(oa.CapEff, capabilityMask(caps), 'the capabilities are held');
  assert.is(oa.Seccomp, '2', 'filtered');
  assert.is(oa.reboot, 'EINVAL', `CAP_SYS_BOOT unlocks reboot(2): ${a.stdout}`);
  assert.is(oa.mount, 'OK', a.stdout);
  assert.is(oa.unshare, 'OK', a.stdout);

  const open = await prepared(cfg, { linux_info: { effective_capabilities: { capabilities: caps }, seccomp: { unconfined: true } } });
  assert.is(open.launchInfo.seccompProfileJson, '');
  const b = await runContainer(open.id, open.launchInfo, ['sh', '-c', 'grep ^Seccomp: /proc/self/status; probe']);
  assert.is(b.code, 0, b.stderr);
  const ob = lines(b.stdout);
  assert.is(ob.Seccomp, '0', 'no filter');
  assert.is(ob.reboot, 'EINVAL', `allowed reboot(2) with invalid magic must give EINVAL: ${b.stdout}`);
  assert.is(ob.mount, 'OK', b.stdout);
  assert.is(ob.unshare, 'OK', b.stdout);
}, true);

it('default allow-list: ordinary commands work (sh, ls, cat, echo > file, sleep, ps, mkdir, rm, date); syscalls outside the list fail: get_mempolicy with EPERM (seccomp, since it needs no capability: unconfined it works), cachestat (newer than the list) with EPERM or ENOSYS', async () => {
  const cfg: LinuxConfigInput = { seccomp: { allowUnconfined: true } };
  const { id, launchInfo } = await prepared(cfg, { type: 'MESOS' });
  assert.is(JSON.parse(launchInfo.seccompProfileJson).defaultAction, 'SCMP_ACT_ERRNO');
  const script = [
    'grep ^Seccomp: /proc/self/status',
    'echo hello > /tmp/f; echo "write=$?"',
    'echo "cat=$(cat /tmp/f)"',
    'ls / > /dev/null; echo "ls=$?"',
    'mkdir -p /tmp/d/e && rm -r /tmp/d; echo "mkdir=$?"',
    'sleep 0.1; echo "sleep=$?"',
    'sleep 5 & until [ "$(cat /proc/$!/comm)" = sleep ]; do :; done; echo "ps=$(ps -o comm | grep -c sleep)"; kill $!',
    'date > /dev/null; echo "date=$?"',
    'echo "sub=$(sh -c \'echo nested | tr a-z A-Z\')"',
    'sysprobe',
  ].join('\n');
  const r = await runContainer(id, launchInfo, ['sh', '-c', script]);
  assert.is(r.code, 0, `container failed: ${r.stdout} ${r.stderr}`);
  const o = lines(r.stdout);
  assert.is(o.Seccomp, '2', 'filtered');
  for (const k of ['write', 'ls', 'mkdir', 'sleep', 'date']) assert.is(o[k], '0', `${k}: ${r.stdout} ${r.stderr}`);
  assert.is(o.cat, 'hello');
  assert.is(o.ps, '1', r.stdout);
  assert.is(o.sub, 'NESTED');
  assert.is(o.get_mempolicy, 'EPERM', r.stdout);
  assert.ok(['EPERM', 'ENOSYS'].includes(o.cachestat!), `cachestat denied: ${r.stdout}`);

  const open = await prepared(cfg, { linux_info: { seccomp: { unconfined: true } } });
  const b = await runContainer(open.id, open.launchInfo, ['sysprobe']);
  assert.is(b.code, 0, b.stderr);
  const ob = lines(b.stdout);
  assert.is(ob.get_mempolicy, 'OK', `allowed get_mempolicy(2) works without capabilities: ${b.stdout}`);
  assert.is.not(ob.cachestat, 'EPERM', b.stdout);
}, true);

it('a named custom profile chosen by linux_info.seccomp.profile_name applies (mkdir denied), and the default profile does not deny it', async () => {
  const dir = tempDir('plateau-seccomp-');
  const file = path.join(dir, 'nomkdir.json');
  fs.writeFileSync(file, JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['mkdir', 'mkdirat'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 }] }));
  const cfg: LinuxConfigInput = { seccomp: { profiles: { nomkdir: file } } };
  const script = 'mkdir /tmp/made 2>&1; echo "mkdir=$?"';
  const custom = await prepared(cfg, { linux_info: { seccomp: { profile_name: 'nomkdir' } } });
  const a = await runContainer(custom.id, custom.launchInfo, ['sh', '-c', script]);
  assert.match(a.stdout, /Operation not permitted/);
  assert.match(a.stdout, /mkdir=1/);
  const plain = await prepared(cfg, { type: 'MESOS' });
  const b = await runContainer(plain.id, plain.launchInfo, ['sh', '-c', script]);
  assert.match(b.stdout, /mkdir=0/, b.stdout + b.stderr);
});

it('granted capabilities: CapEff and CapPrm equal the granted effective set, CapBnd the bounding set (inside, and from the host)', async () => {
  const cfg: LinuxConfigInput = { allowedCapabilities: ['NET_ADMIN'] };
  const effective = ['CHOWN', 'NET_ADMIN', 'KILL'];
  const bounding = ['CHOWN', 'NET_ADMIN', 'KILL', 'SETUID', 'SETGID'];
  const { id, launchInfo } = await prepared(cfg, { linux_info: { effective_capabilities: { capabilities: effective }, bounding_capabilities: { capabilities: bounding } } });
  const r = await runContainer(id, launchInfo, ['sh', '-c', 'grep -E "^Cap(Eff|Prm|Bnd):" /proc/self/status']);
  assert.is(r.code, 0, r.stderr);
  const o = lines(r.stdout);
  assert.is(o.CapEff, capabilityMask(effective));
  assert.is(o.CapPrm, capabilityMask(effective));
  assert.is(o.CapBnd, capabilityMask(bounding));

  const again = await prepared(cfg, { linux_info: { effective_capabilities: { capabilities: effective }, bounding_capabilities: { capabilities: bounding } } });
  const c = startContainer(again.id, again.launchInfo, ['sleep', '30']);
  try {
    const st = statusFields(fs.readFileSync(`/proc/${c.pid}/status`, 'utf8'));
    assert.is(st.CapEff, capabilityMask(effective), 'host view of CapEff');
    assert.is(st.CapBnd, capabilityMask(bounding), 'host view of CapBnd');
    assert.is(st.NoNewPrivs, '1');
    assert.is(st.Seccomp, '2');
  } finally {
    c.destroy();
  }
});

it('pid namespace: ps sees only the task\'s processes; pid, ipc, uts, mount and (by default) user namespaces differ from the host\'s, the network namespace does not', async () => {
  const { id, launchInfo } = await prepared({}, { type: 'MESOS' }, { taskId: 'pid-task' });
  // Wait for the background child to have exec'd sleep: between fork and exec it has no stable name.
  const r = await runContainer(id, launchInfo, ['sh', '-c', 'sleep 30 & until [ "$(cat /proc/$!/comm)" = sleep ]; do :; done; ps -o pid,comm; kill %1 2>/dev/null; true']);
  assert.is(r.code, 0, r.stderr);
  const rows = r.stdout.trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/));
  const comms = rows.map((x) => x[1]);
  assert.ok(rows.length >= 3 && rows.length <= 4, `only the task's processes: ${r.stdout}`);
  assert.ok(comms.every((c) => ['sh', 'sleep', 'ps'].includes(c!)), `unexpected process: ${r.stdout}`);
  assert.equal(rows.find((x) => x[0] === '1')?.[1], 'sh', 'the task is pid 1');

  const again = await prepared({}, { type: 'MESOS' });
  const c = startContainer(again.id, again.launchInfo, ['sleep', '30']);
  try {
    const ns = (pid: number | 'self', t: string) => fs.readlinkSync(`/proc/${pid}/ns/${t}`);
    for (const t of ['pid', 'ipc', 'uts', 'mnt']) assert.is.not(ns(c.pid, t), ns('self', t), `${t} namespace is the container's own`);
    assert.is(ns(c.pid, 'net'), ns('self', 'net'), 'network is the CNI isolator\'s, not created here');
    assert.is.not(ns(c.pid, 'user'), ns('self', 'user'), 'a user namespace of its own (userNamespace auto, the default)');
  } finally {
    c.destroy();
  }
});

it('masked and read-only paths, hostname and rlimits as seen from inside', async () => {
  const { id, launchInfo } = await prepared({ rlimits: [{ type: 'RLIMIT_NOFILE', soft: 1000, hard: 2000 }] }, { type: 'MESOS' }, { taskId: 'web-7' });
  // Only paths this kernel has can be masked (runc skips the others); this VM's kernel, for one, has no /proc/kcore.
  const files = launchInfo.maskedPaths.filter((p) => fs.existsSync(p) && fs.statSync(p).isFile());
  const dirs = launchInfo.maskedPaths.filter((p) => fs.existsSync(p) && fs.statSync(p).isDirectory() && fs.readdirSync(p).length > 0);
  if (!fs.existsSync('/proc/kcore')) console.log('note: /proc/kcore does not exist on this kernel; checking the masked paths it has');
  assert.ok(files.length > 0 && dirs.length > 0, 'some masked paths exist on this host');
  const script = [
    ...files.map((p, i) => `echo "file${i}=$(stat -c %t:%T ${p}):$(wc -c < ${p})"`),
    ...dirs.map((p, i) => `echo "dir${i}=$(ls -A ${p} | wc -l)"`),
    '(echo plateau > /proc/sys/kernel/domainname) 2>&1 | head -1 | sed "s/^/procsys=/"',
    '(echo 1 > /proc/irq/default_smp_affinity) 2>&1 | head -1 | sed "s/^/procirq=/"',
    'echo "hostname=$(hostname)"',
    'echo "nofile=$(ulimit -n)"',
    'grep "Max open files" /proc/self/limits | sed "s/  */ /g; s/^/limits=/"',
  ].join('\n');
  const r = await runContainer(id, launchInfo, ['sh', '-c', script]);
  const o = lines(r.stdout);
  files.forEach((p, i) => assert.is(o[`file${i}`], '1:3:0', `${p} is /dev/null inside: ${r.stdout}`));
  dirs.forEach((p, i) => assert.is(o[`dir${i}`], '0', `${p} is empty inside: ${r.stdout}`));
  assert.match(o.procsys ?? '', /Read-only file system/);
  if (fs.existsSync('/proc/irq/default_smp_affinity')) assert.match(o.procirq ?? '', /Read-only file system/);
  assert.is(o.hostname, 'web-7');
  assert.is(o.nofile, '1000');
  assert.match(o.limits ?? '', /Max open files 1000 2000 files/);
});

it('user namespace: /proc/self/uid_map shows the mapping; root inside is an unprivileged uid on the host; the sandbox is writable by the mapped root', async () => {
  const sandbox = tempDir('plateau-sandbox-');
  const cfg: LinuxConfigInput = { userNamespace: 'on', uidRange: { start: 200000, size: 65536 } };
  const { id, launchInfo } = await prepared(cfg, { type: 'MESOS' }, { directory: sandbox });
  const script = 'cat /proc/self/uid_map /proc/self/gid_map; echo "uid=$(id -u)"; echo hi > /mnt/mesos/sandbox/out; echo "write=$?"';
  const r = await runContainer(id, launchInfo, ['sh', '-c', script], { sandbox });
  assert.is(r.code, 0, r.stdout + r.stderr);
  const maps = r.stdout.split('\n').filter((l) => /^\s*\d+\s+\d+\s+\d+\s*$/.test(l)).map((l) => l.trim().split(/\s+/).join(' '));
  assert.equal(maps, ['0 200000 65536', '0 200000 65536']);
  assert.match(r.stdout, /uid=0/);
  assert.match(r.stdout, /write=0/);
  const st = fs.statSync(path.join(sandbox, 'out'));
  assert.is(st.uid, 200000, 'a file root wrote in the container belongs to the mapped host uid');

  const again = await prepared(cfg, { type: 'MESOS' });
  const c = startContainer(again.id, again.launchInfo, ['sleep', '30']);
  try {
    const status = statusFields(fs.readFileSync(`/proc/${c.pid}/status`, 'utf8'));
    assert.is(status.Uid?.split(/\s+/)[0], '200000', 'host uid of the container\'s root');
    assert.is(fs.readFileSync(`/proc/${c.pid}/uid_map`, 'utf8').trim().split(/\s+/).join(' '), '0 200000 65536');
  } finally {
    c.destroy();
  }
});

test.run();
