/**
 * Launch-time checks of ContainerInfo.volumes that the master can make (TASK_ERROR at ACCEPT):
 * a container_path is set and, when relative, stays in the sandbox (no `..`); a SANDBOX_PATH's
 * path is relative without `..`; a HOST_PATH's path is absolute. Whether the agent can mount a
 * source is the agent's to say (TASK_FAILED naming it).
 */
import type { ContainerInfo } from './generated/types';

/** One problem, with the field's path (the shape of validate.ts's issues). */
interface VolumeIssue {
  path: string;
  message: string;
}

const escapes = (p: string) => p.split('/').includes('..');

/** Issues of the container's volumes; `path` names the ContainerInfo. */
export function validateVolumes(container: ContainerInfo | undefined, path: string): VolumeIssue[] {
  const out: VolumeIssue[] = [];
  (container?.volumes ?? []).forEach((v, i) => {
    const p = `${path}.volumes[${i}]`;
    const cp = v.container_path ?? '';
    if (cp === '') out.push({ path: `${p}.container_path`, message: 'Volume has no container_path' });
    else if (!cp.startsWith('/') && escapes(cp)) out.push({ path: `${p}.container_path`, message: `Relative container_path '${cp}' escapes the sandbox with '..'` });
    const sp = v.source?.type === 'SANDBOX_PATH' ? v.source.sandbox_path?.path : undefined;
    if (sp !== undefined && (sp === '' || sp.startsWith('/') || escapes(sp))) {
      out.push({ path: `${p}.source.sandbox_path.path`, message: `Sandbox path '${sp}' must be a relative path inside the sandbox` });
    }
    const hp = v.source?.type === 'HOST_PATH' ? v.source.host_path?.path : undefined;
    if (v.source?.type === 'HOST_PATH' && !hp?.startsWith('/')) {
      out.push({ path: `${p}.source.host_path.path`, message: `Host path '${hp ?? ''}' must be absolute` });
    }
  });
  return out;
}
