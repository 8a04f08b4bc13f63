import { defineModule, Tokens } from '@plateau/kernel';
import { LinuxConfigSchema, withDefaults, type LinuxConfig } from './config';
import { LinuxIsolator } from './linux-isolator';

export { LinuxIsolator, type HostFacts } from './linux-isolator';
export { LinuxConfigSchema, withDefaults, DEFAULT_MASKED_PATHS, DEFAULT_READONLY_PATHS, type LinuxConfig } from './config';
export { capabilityMask, capabilitiesOfMask, normalizeCapability, DEFAULT_CAPABILITIES, DOCKER_DEFAULT_CAPABILITIES } from './capabilities';
export { DEFAULT_ALLOWED_SYSCALLS, DEFAULT_SECCOMP_RULES, defaultSeccompProfile, resolveSeccompProfile, seccompArchitectures, type DefaultSeccompRule, type SeccompProfile } from './seccomp';
export { RLIM_INFINITY } from './rlimits';

/**
 * isolator-linux: Linux hardening of every container as one LaunchInfo part: pid, ipc, uts and
 * mount namespaces; capabilities (a reduced default set, per-task grants from
 * ContainerInfo.linux_info within an operator allow-list); seccomp (a default allow-list after Docker's, or named
 * profiles); optional user namespaces; rlimits; no_new_privs; masked and read-only paths.
 */
export default defineModule<LinuxIsolator, LinuxConfig, { log: typeof Tokens.logger }>({
  kind: 'isolator',
  name: 'linux',
  version: '0.1.0',
  apiVersions: ['v1'],
  configSchema: LinuxConfigSchema,
  deps: { log: Tokens.logger },
  create: ({ config, deps }) => new LinuxIsolator(withDefaults(config), deps.log),
  stop: (isolator) => isolator.close(),
});
