// Who the agent hands fetched files to (hostOwnerOf): the container's user, by uid or by name
// (name:group) looked up in the image's /etc, in host ids: mapped through the container's user
// namespace when it has one, its root included; ids outside the mappings are refused.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hostOwnerOf } from '@plateau/agent';

const rootfs = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-fetch-owner-'));
fs.mkdirSync(path.join(rootfs, 'etc'));
fs.writeFileSync(path.join(rootfs, 'etc', 'passwd'), 'root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n');
fs.writeFileSync(path.join(rootfs, 'etc', 'group'), 'root:x:0:\napp:x:1000:\nstaff:x:50:app\n');
test.after(() => fs.rmSync(rootfs, { recursive: true, force: true }));

const asRoot = (process.getuid?.() ?? 0) === 0;
const mappings = { uidMappings: [{ containerStart: 0, hostStart: 100_000, size: 65_536 }], gidMappings: [{ containerStart: 0, hostStart: 200_000, size: 65_536 }] };

test('an agent that is not root hands nothing away', () => {
  if (asRoot) return;
  assert.is(hostOwnerOf({ user: { uid: 1000, gid: 1000 } }, rootfs), undefined);
});

test('a uid without a user namespace is the host uid', () => {
  if (!asRoot) return;
  assert.equal(hostOwnerOf({ user: { uid: 65534, gid: 65534, additionalGids: [27] } }, ''), { uid: 65534, gid: 65534, gids: [27] });
  assert.is(hostOwnerOf({}, rootfs), undefined, 'no user and no mappings: the container is root, files stay root\'s');
});

test('ids are mapped through the user namespace, the container root included', () => {
  if (!asRoot) return;
  assert.equal(hostOwnerOf({ user: { uid: 1000, gid: 1000, additionalGids: [50] }, ...mappings }, rootfs), { uid: 101_000, gid: 201_000, gids: [200_050] });
  assert.equal(hostOwnerOf({ ...mappings }, rootfs), { uid: 100_000, gid: 200_000, gids: [] });
});

test("a name is looked up in the image's /etc (name:group too), then mapped", () => {
  if (!asRoot) return;
  assert.equal(hostOwnerOf({ user: { name: 'app' } }, rootfs), { uid: 1000, gid: 1000, gids: [50] });
  assert.equal(hostOwnerOf({ user: { name: 'app:staff' }, ...mappings }, rootfs), { uid: 101_000, gid: 200_050, gids: [200_050] });
  assert.throws(() => hostOwnerOf({ user: { name: 'ghost' } }, rootfs), /user 'ghost' does not exist in the image's \/etc/);
  assert.throws(() => hostOwnerOf({ user: { name: 'app:ghosts' } }, rootfs), /group 'ghosts' does not exist/);
});

test('an id outside the mappings is refused, naming it', () => {
  if (!asRoot) return;
  assert.throws(() => hostOwnerOf({ user: { uid: 70_000, gid: 70_000 }, ...mappings }, rootfs), /uid 70000 \/ gid 70000 lie outside the container's user namespace mappings/);
});

test.run();
