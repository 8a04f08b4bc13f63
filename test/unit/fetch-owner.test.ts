// Who the agent hands fetched files to (hostOwnerOf): the container's user, by uid or by name
// (name:group) looked up in the image's /etc, in host ids: mapped through the container's user
// namespace when it has one, its root included; ids outside the mappings are refused.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hostOwnerOf } from '@plateau/agent';
import { testUnless } from '@plateau/testkit/skip';

const rootfs = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-fetch-owner-'));
fs.mkdirSync(path.join(rootfs, 'etc'));
fs.writeFileSync(path.join(rootfs, 'etc', 'passwd'), 'root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n');
fs.writeFileSync(path.join(rootfs, 'etc', 'group'), 'root:x:0:\napp:x:1000:\nstaff:x:50:app\n');
test.after(() => fs.rmSync(rootfs, { recursive: true, force: true }));

const asRoot = (process.getuid?.() ?? 0) === 0;
const mappings = { uidMappings: [{ containerStart: 0, hostStart: 100_000, size: 65_536 }], gidMappings: [{ containerStart: 0, hostStart: 200_000, size: 65_536 }] };

test('an agent that is not root hands nothing away', () => {
  if (!asRoot) {
    assert.is(hostOwnerOf({ user: { uid: 1000, gid: 1000 } }, rootfs), undefined);
    return;
  }
  // As root, the same call in a process running as nobody.
  const script = `const { hostOwnerOf } = require(${JSON.stringify(require.resolve('@plateau/agent'))});
process.stdout.write(String(hostOwnerOf({ user: { uid: 1000, gid: 1000 } }, '')));`;
  const r = spawnSync(process.execPath, ['-e', script], { uid: 65534, gid: 65534, encoding: 'utf8', timeout: 20_000 });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, 'undefined');
});

/** The rest map ids for files a root agent hands away: as another user they cannot run. */
const asRootOnly = testUnless(() => (asRoot ? undefined : 'needs root: only a root agent hands fetched files to another user'));

asRootOnly('a uid without a user namespace is the host uid', () => {
  assert.equal(hostOwnerOf({ user: { uid: 65534, gid: 65534, additionalGids: [27] } }, ''), { uid: 65534, gid: 65534, gids: [27] });
  assert.is(hostOwnerOf({}, rootfs), undefined, 'no user and no mappings: the container is root, files stay root\'s');
});

asRootOnly('ids are mapped through the user namespace, the container root included', () => {
  assert.equal(hostOwnerOf({ user: { uid: 1000, gid: 1000, additionalGids: [50] }, ...mappings }, rootfs), { uid: 101_000, gid: 201_000, gids: [200_050] });
  assert.equal(hostOwnerOf({ ...mappings }, rootfs), { uid: 100_000, gid: 200_000, gids: [] });
});

asRootOnly("a name is looked up in the image's /etc (name:group too), then mapped", () => {
  assert.equal(hostOwnerOf({ user: { name: 'app' } }, rootfs), { uid: 1000, gid: 1000, gids: [50] });
  assert.equal(hostOwnerOf({ user: { name: 'app:staff' }, ...mappings }, rootfs), { uid: 101_000, gid: 200_050, gids: [200_050] });
  assert.throws(() => hostOwnerOf({ user: { name: 'ghost' } }, rootfs), /user 'ghost' does not exist in the image's \/etc/);
  assert.throws(() => hostOwnerOf({ user: { name: 'app:ghosts' } }, rootfs), /group 'ghosts' does not exist/);
});

asRootOnly('an id outside the mappings is refused, naming it', () => {
  assert.throws(() => hostOwnerOf({ user: { uid: 70_000, gid: 70_000 }, ...mappings }, rootfs), /uid 70000 \/ gid 70000 lie outside the container's user namespace mappings/);
});

test.run();
