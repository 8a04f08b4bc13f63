/**
 * What a container runs and with which environment, from Mesos's CommandInfo and the image's
 * config, the way Mesos's docker/runtime isolator decides it.
 */
import type { CommandInfo, Environment } from '@plateau/mesos';
import { type EnvVar, type ImageConfig__Output, InvalidError } from '@plateau/kernel';

/**
 * The argv of a container's process:
 * - `shell` (the default): `/bin/sh -c <value>`; the image's entrypoint and cmd are ignored.
 * - `shell: false` with a `value`: exec `value`, with `arguments[1..]` as its arguments (Mesos
 *   passes `arguments` as the full argv, `arguments[0]` being the program's name).
 * - `shell: false` without a `value`: the image's entrypoint, then `arguments` (all of them, as
 *   Docker's CMD override) or else the image's cmd.
 */
export function commandArgs(command: CommandInfo | undefined, image: ImageConfig__Output | null | undefined): string[] {
  const shell = command?.shell ?? true;
  const value = command?.value ?? '';
  if (shell) {
    if (value === '') throw new InvalidError('CommandInfo.value is required when shell is true');
    return ['/bin/sh', '-c', value];
  }
  if (value !== '') return [value, ...(command?.arguments ?? []).slice(1)];
  const entrypoint = image?.entrypoint ?? [];
  const rest = command?.arguments?.length ? command.arguments : (image?.cmd ?? []);
  const argv = [...entrypoint, ...rest];
  if (argv.length === 0) throw new InvalidError('the command has no value and the image no entrypoint or cmd: nothing to run');
  return argv;
}

/**
 * The VALUE variables of a Mesos Environment. SECRET ones are refused, or with `secrets: 'skip'`
 * left out (the containerizer resolves them apart: see secrets.ts).
 */
export function environmentOf(env: Environment | undefined, opts: { secrets?: 'refuse' | 'skip' } = {}): EnvVar[] {
  const out: EnvVar[] = [];
  for (const v of env?.variables ?? []) {
    if (v.type === 'SECRET' && opts.secrets === 'skip') continue;
    if (v.type === 'SECRET') throw new InvalidError(`environment variable ${v.name}: type SECRET is resolved for the containers of tasks and executors only`);
    out.push({ name: v.name, value: v.value ?? '' });
  }
  return out;
}

/** Image env entries ("K=V") as variables. */
export function imageEnvironment(image: ImageConfig__Output | null | undefined): EnvVar[] {
  return (image?.env ?? []).filter((e) => e.name).map((e) => ({ name: e.name, value: e.value ?? '' }));
}

/** Layers of variables, later layers winning, in first-seen order. */
export function mergeEnvironment(...layers: readonly (readonly EnvVar[])[]): EnvVar[] {
  const out = new Map<string, string>();
  for (const layer of layers) for (const e of layer) if (e.name) out.set(e.name, e.value ?? '');
  return [...out].map(([name, value]) => ({ name, value }));
}
