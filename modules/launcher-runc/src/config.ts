/** Config of the runc launcher (the single source of truth is this schema). */
export const RuncConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    runc: { type: 'string', default: 'runc', description: 'The runc binary: a path, or a name looked up on PATH.' },
    root: {
      type: 'string',
      description: "runc's state root (`runc --root`). Defaults to <module state dir>/runc, so agents on one machine never see each other's containers.",
    },
    init: {
      type: 'string',
      default: 'auto',
      description:
        'A static init run as pid 1 of each container (forwards signals, reaps zombies): a host path, "auto" (the first of /usr/bin/tini-static, /usr/bin/catatonit, /usr/libexec/podman/catatonit that exists) or "none" (the command is pid 1 and ignores signals it has no handler for).',
    },
    network: {
      type: 'string',
      enum: ['host', 'new'],
      default: 'host',
      description: 'Network namespace when no isolator asks for one: share the host\'s, or a new empty one.',
    },
    cgroupParent: {
      type: 'string',
      default: 'plateau',
      description: 'Cgroup under which a container goes when LaunchInfo.cgroups.path is unset: <cgroupParent>/<container id>.',
    },
    hostRootfsWritable: {
      type: 'boolean',
      default: false,
      description:
        "Tasks without an image run with the host's filesystem as their root: read-only (false: only the sandbox, /tmp and what isolators mount are writable) or writable, as Mesos runs them without its filesystem isolator (true).",
    },
    launchTimeoutMs: {
      type: 'integer',
      minimum: 100,
      default: 30000,
      description: 'How long Launch and Start wait for runc to create or start the container.',
    },
  },
} as const;

/** The runc launcher's config. */
export interface RuncConfig {
  runc: string;
  root?: string;
  init: string;
  network: 'host' | 'new';
  cgroupParent: string;
  hostRootfsWritable: boolean;
  launchTimeoutMs: number;
}
