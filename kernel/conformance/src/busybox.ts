// The root filesystem the launcher suite runs its commands in: Debian's static busybox with its
// applets, /etc/passwd and group, and empty mount points. The test kit's launcher fixtures use it too.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Applets linked in the test rootfs's /bin. */
const APPLETS = ['sh', 'ls', 'cat', 'echo', 'sleep', 'true', 'false', 'ps', 'id', 'mount', 'grep', 'head', 'dd', 'env', 'hostname', 'kill', 'mkdir', 'rm', 'touch', 'wc', 'test', 'printf', 'pwd', 'stat', 'tr', 'readlink'];

/** The static busybox of Debian's busybox-static, or undefined. */
export function staticBusybox(): string | undefined {
  for (const p of ['/bin/busybox', '/usr/bin/busybox']) {
    try {
      const out = execFileSync('file', ['-L', p], { encoding: 'utf8' });
      if (out.includes('statically linked')) return p;
    } catch {
      // next
    }
  }
  return undefined;
}

/** Builds a minimal busybox rootfs in `dir` (bin/busybox + applet links, /etc/passwd and group, empty mount points). */
export function busyboxRootfs(dir: string): string {
  const bb = staticBusybox();
  if (!bb) throw new Error('no static busybox (apt-get install busybox-static)');
  for (const d of ['bin', 'etc', 'proc', 'dev', 'sys', 'tmp', 'root']) fs.mkdirSync(path.join(dir, d), { recursive: true });
  fs.chmodSync(path.join(dir, 'tmp'), 0o1777);
  fs.copyFileSync(bb, path.join(dir, 'bin/busybox'));
  fs.chmodSync(path.join(dir, 'bin/busybox'), 0o755);
  for (const a of APPLETS) if (!fs.existsSync(path.join(dir, 'bin', a))) fs.symlinkSync('busybox', path.join(dir, 'bin', a));
  fs.writeFileSync(path.join(dir, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n');
  fs.writeFileSync(path.join(dir, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
  return dir;
}
