// Original file: kernel/container/v1/container.proto

import type { Mount as _kernel_container_v1_Mount, Mount__Output as _kernel_container_v1_Mount__Output } from '../../../kernel/container/v1/Mount';
import type { EnvVar as _kernel_container_v1_EnvVar, EnvVar__Output as _kernel_container_v1_EnvVar__Output } from '../../../kernel/container/v1/EnvVar';
import type { Namespace as _kernel_container_v1_Namespace, Namespace__Output as _kernel_container_v1_Namespace__Output } from '../../../kernel/container/v1/Namespace';
import type { Device as _kernel_container_v1_Device, Device__Output as _kernel_container_v1_Device__Output } from '../../../kernel/container/v1/Device';
import type { CgroupSettings as _kernel_container_v1_CgroupSettings, CgroupSettings__Output as _kernel_container_v1_CgroupSettings__Output } from '../../../kernel/container/v1/CgroupSettings';
import type { Capabilities as _kernel_container_v1_Capabilities, Capabilities__Output as _kernel_container_v1_Capabilities__Output } from '../../../kernel/container/v1/Capabilities';
import type { IdMapping as _kernel_container_v1_IdMapping, IdMapping__Output as _kernel_container_v1_IdMapping__Output } from '../../../kernel/container/v1/IdMapping';
import type { Rlimit as _kernel_container_v1_Rlimit, Rlimit__Output as _kernel_container_v1_Rlimit__Output } from '../../../kernel/container/v1/Rlimit';
import type { Command as _kernel_container_v1_Command, Command__Output as _kernel_container_v1_Command__Output } from '../../../kernel/container/v1/Command';
import type { User as _kernel_container_v1_User, User__Output as _kernel_container_v1_User__Output } from '../../../kernel/container/v1/User';

/**
 * LaunchInfo is the one merge point of isolation. Each isolator's Prepare returns a part; the
 * containerizer merges the parts (a conflict is an error naming both modules) and the launcher
 * applies the result (the runc launcher turns it into an OCI config.json).
 */
export interface LaunchInfo {
  /**
   * Mounts, applied in order after the rootfs.
   */
  'mounts'?: (_kernel_container_v1_Mount)[];
  /**
   * Environment variables of the container's process.
   */
  'environment'?: (_kernel_container_v1_EnvVar)[];
  /**
   * Namespaces to create (no path) or join (path).
   */
  'namespaces'?: (_kernel_container_v1_Namespace)[];
  /**
   * Devices: nodes to create and devices-cgroup rules to allow.
   */
  'devices'?: (_kernel_container_v1_Device)[];
  /**
   * Cgroup limits; null when this part sets none.
   */
  'cgroups'?: (_kernel_container_v1_CgroupSettings | null);
  /**
   * Seccomp profile as OCI linux.seccomp JSON; empty means none from this part.
   */
  'seccompProfileJson'?: (string);
  /**
   * Capability sets; null leaves the launcher's defaults.
   */
  'capabilities'?: (_kernel_container_v1_Capabilities | null);
  /**
   * Uid mappings of the user namespace.
   */
  'uidMappings'?: (_kernel_container_v1_IdMapping)[];
  /**
   * Gid mappings of the user namespace.
   */
  'gidMappings'?: (_kernel_container_v1_IdMapping)[];
  /**
   * POSIX rlimits.
   */
  'rlimits'?: (_kernel_container_v1_Rlimit)[];
  /**
   * Working directory inside the container; empty leaves it to others.
   */
  'workingDir'?: (string);
  /**
   * Commands run inside the container's context before its own command.
   */
  'preExecCommands'?: (_kernel_container_v1_Command)[];
  /**
   * Paths hidden from the container (/dev/null over files, empty tmpfs over directories).
   */
  'maskedPaths'?: (string)[];
  /**
   * Paths remounted read-only.
   */
  'readonlyPaths'?: (string)[];
  /**
   * Whether to set no_new_privs; unset leaves it to others.
   */
  'noNewPrivileges'?: (boolean);
  /**
   * Host path of the root filesystem; empty keeps the host's.
   */
  'rootfs'?: (string);
  /**
   * Hostname inside the container (needs a uts namespace); empty leaves it to others.
   */
  'hostname'?: (string);
  /**
   * Identity of the container's process; null leaves it to others.
   */
  'user'?: (_kernel_container_v1_User | null);
  /**
   * Sysctls set in the container's namespaces, e.g. {"net.ipv4.ip_forward": "1"}.
   */
  'sysctls'?: ({[key: string]: string});
  /**
   * Host directories a container whose root is the host's (no rootfs) must not see: the
   * cluster's and the agent's work dirs (other sandboxes, checkpoints, secrets, keys). Each is
   * covered by an empty tmpfs; the container's own sandbox stays reachable at its host path.
   */
  'hiddenHostPaths'?: (string)[];
  '_noNewPrivileges'?: "noNewPrivileges";
}

/**
 * LaunchInfo is the one merge point of isolation. Each isolator's Prepare returns a part; the
 * containerizer merges the parts (a conflict is an error naming both modules) and the launcher
 * applies the result (the runc launcher turns it into an OCI config.json).
 */
export interface LaunchInfo__Output {
  /**
   * Mounts, applied in order after the rootfs.
   */
  'mounts': (_kernel_container_v1_Mount__Output)[];
  /**
   * Environment variables of the container's process.
   */
  'environment': (_kernel_container_v1_EnvVar__Output)[];
  /**
   * Namespaces to create (no path) or join (path).
   */
  'namespaces': (_kernel_container_v1_Namespace__Output)[];
  /**
   * Devices: nodes to create and devices-cgroup rules to allow.
   */
  'devices': (_kernel_container_v1_Device__Output)[];
  /**
   * Cgroup limits; null when this part sets none.
   */
  'cgroups': (_kernel_container_v1_CgroupSettings__Output | null);
  /**
   * Seccomp profile as OCI linux.seccomp JSON; empty means none from this part.
   */
  'seccompProfileJson': (string);
  /**
   * Capability sets; null leaves the launcher's defaults.
   */
  'capabilities': (_kernel_container_v1_Capabilities__Output | null);
  /**
   * Uid mappings of the user namespace.
   */
  'uidMappings': (_kernel_container_v1_IdMapping__Output)[];
  /**
   * Gid mappings of the user namespace.
   */
  'gidMappings': (_kernel_container_v1_IdMapping__Output)[];
  /**
   * POSIX rlimits.
   */
  'rlimits': (_kernel_container_v1_Rlimit__Output)[];
  /**
   * Working directory inside the container; empty leaves it to others.
   */
  'workingDir': (string);
  /**
   * Commands run inside the container's context before its own command.
   */
  'preExecCommands': (_kernel_container_v1_Command__Output)[];
  /**
   * Paths hidden from the container (/dev/null over files, empty tmpfs over directories).
   */
  'maskedPaths': (string)[];
  /**
   * Paths remounted read-only.
   */
  'readonlyPaths': (string)[];
  /**
   * Whether to set no_new_privs; unset leaves it to others.
   */
  'noNewPrivileges'?: (boolean);
  /**
   * Host path of the root filesystem; empty keeps the host's.
   */
  'rootfs': (string);
  /**
   * Hostname inside the container (needs a uts namespace); empty leaves it to others.
   */
  'hostname': (string);
  /**
   * Identity of the container's process; null leaves it to others.
   */
  'user': (_kernel_container_v1_User__Output | null);
  /**
   * Sysctls set in the container's namespaces, e.g. {"net.ipv4.ip_forward": "1"}.
   */
  'sysctls': ({[key: string]: string});
  /**
   * Host directories a container whose root is the host's (no rootfs) must not see: the
   * cluster's and the agent's work dirs (other sandboxes, checkpoints, secrets, keys). Each is
   * covered by an empty tmpfs; the container's own sandbox stays reachable at its host path.
   */
  'hiddenHostPaths': (string)[];
  '_noNewPrivileges'?: "noNewPrivileges";
}
