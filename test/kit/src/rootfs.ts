import * as fs from 'node:fs';
import * as path from 'node:path';

// A minimal root filesystem for container tests: Debian's static busybox (package busybox-static)
// plus its applets as symlinks, /etc/passwd and /etc/group with root and nobody, and the empty
// mount points a runtime expects.

/** Where the static busybox binary is looked for, in order. */
export const BUSYBOX_CANDIDATES = ['/bin/busybox', '/usr/bin/busybox'];

/** Applets linked in /bin of the test rootfs. */
export const BUSYBOX_APPLETS = [
  'sh', 'ash', 'ls', 'cat', 'echo', 'sleep', 'true', 'false', 'ps', 'id', 'mount', 'umount', 'grep',
  'head', 'tail', 'dd', 'env', 'hostname', 'kill', 'mkdir', 'rm', 'touch', 'wc', 'test', '[', 'printf',
  'pwd', 'stat', 'whoami', 'yes', 'uname', 'mkfifo', 'chmod', 'chown', 'cp', 'mv', 'ln', 'readlink',
  'sed', 'tr', 'cut', 'sort', 'xargs', 'find', 'du', 'df', 'nproc', 'free', 'top', 'date', 'seq',
  'ip', 'ifconfig', 'wget', 'nc', 'reboot', 'unshare', 'nsenter', 'od', 'timeout', 'usleep',
];

/** Whether `buf` is a 64-bit little-endian ELF without a PT_INTERP (dynamic loader) header. */
function isStaticElf64(buf: Buffer): boolean {
  if (buf.length < 64 || buf.subarray(0, 4).toString('latin1') !== '\x7fELF' || buf[4] !== 2 || buf[5] !== 1) return false;
  const phoff = Number(buf.readBigUInt64LE(0x20));
  const phentsize = buf.readUInt16LE(0x36);
  const phnum = buf.readUInt16LE(0x38);
  for (let i = 0; i < phnum; i++) {
    const off = phoff + i * phentsize;
    if (off + 4 > buf.length) return false;
    if (buf.readUInt32LE(off) === 3) return false; // PT_INTERP
  }
  return true;
}

/**
 * Returns the path of a statically linked busybox, or undefined when none is installed (the test
 * should then print `SKIP <title>: no static busybox (apt-get install busybox-static)`).
 */
export function findStaticBusybox(): string | undefined {
  for (const p of BUSYBOX_CANDIDATES) {
    try {
      if (isStaticElf64(fs.readFileSync(p))) return p;
    } catch {
      // next candidate
    }
  }
  return undefined;
}

/**
 * Builds a minimal busybox rootfs in `dir` (created if missing) and returns `dir`:
 * dir/bin/busybox (a copy of the static binary), dir/bin/<applet> symlinks to it, /usr/bin and
 * /sbin links for common paths, /etc/passwd and /etc/group with root (0) and nobody (65534),
 * /etc/hostname, and empty /proc, /dev, /sys, /tmp (mode 1777), /root, /mnt.
 * Throws when no static busybox is installed.
 */
export function makeBusyboxRootfs(dir: string): string {
  const busybox = findStaticBusybox();
  if (!busybox) throw new Error('no static busybox found (apt-get install busybox-static)');
  fs.mkdirSync(dir, { recursive: true });
  for (const d of ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'etc', 'proc', 'dev', 'sys', 'tmp', 'root', 'mnt', 'var', 'home']) {
    fs.mkdirSync(path.join(dir, d), { recursive: true });
  }
  fs.chmodSync(path.join(dir, 'tmp'), 0o1777);
  fs.copyFileSync(busybox, path.join(dir, 'bin/busybox'));
  fs.chmodSync(path.join(dir, 'bin/busybox'), 0o755);
  for (const applet of BUSYBOX_APPLETS) {
    const link = path.join(dir, 'bin', applet);
    if (!fs.existsSync(link)) fs.symlinkSync('busybox', link);
  }
  fs.writeFileSync(
    path.join(dir, 'etc/passwd'),
    'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n',
  );
  fs.writeFileSync(path.join(dir, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\nnobody:x:65534:\n');
  fs.writeFileSync(path.join(dir, 'etc/hostname'), 'busybox\n');
  return dir;
}
