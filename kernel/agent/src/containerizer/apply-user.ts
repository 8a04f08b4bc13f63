/**
 * Sets the uid/gid a task runs as in its LaunchInfo (see task-user.ts for the lookup) and makes
 * the sandbox its own.
 */
import type { ContainerInfo } from '@plateau/mesos';
import type { LaunchInfo, Logger } from '@plateau/kernel';
import { chownSandboxTo, lookupTaskUser } from './task-user';

/** What applyTaskUser needs to know of the container. */
export interface TaskUserContext {
  /** CommandInfo.user, else FrameworkInfo.user; none: the agent's user. */
  user?: string;
  /** The image's rootfs; '' for a task without an image (the host's /etc is used). */
  rootfs: string;
  sandbox: string;
  container?: ContainerInfo;
  /** agent.switchUser: false runs every task as the agent's user. */
  switchUser: boolean;
}

let warnedNotRoot = false;

/**
 * Resolves the task's user into `info.user` unless an isolator or the image's USER (when
 * CommandInfo.user is unset) already set one. Throws (InvalidError) for an unknown user. An agent
 * that is not root cannot switch users: it runs tasks as itself and says so once. A task that is
 * not root keeps capabilities only if it asked for them (linux_info.effective_capabilities), as
 * a process that changes its uid loses them in Mesos.
 */
export function applyTaskUser(info: LaunchInfo, ctx: TaskUserContext, log: Logger): void {
  if (!ctx.switchUser || !ctx.user || info.user) return;
  const where = ctx.rootfs ? "the image's /etc/passwd" : "the agent host's /etc/passwd";
  const u = lookupTaskUser(ctx.user, ctx.rootfs || '/', where);
  const me = process.getuid?.() ?? 0;
  if (me !== 0) {
    if (u.uid !== me && !warnedNotRoot) {
      warnedNotRoot = true;
      log.warn({ user: ctx.user, agentUid: me }, `the agent is not root: tasks run as its user (uid ${me}), not as '${ctx.user}' (switchUser needs root)`);
    }
    return;
  }
  info.user = { uid: u.uid, gid: u.gid, additionalGids: u.additionalGids };
  if (u.uid === 0) return;
  chownSandboxTo(ctx.sandbox, u, info);
  if (info.capabilities && !ctx.container?.linux_info?.effective_capabilities) {
    info.capabilities = { ...info.capabilities, ambient: [], inheritable: [] };
  }
}
