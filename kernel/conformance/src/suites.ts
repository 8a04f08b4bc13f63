import type { ConformanceSuite } from './harness';
import { authenticatorSuite } from './suites/authenticator.suite';
import { authorizerSuite } from './suites/authorizer.suite';
import { contenderSuite } from './suites/contender.suite';
import { detectorSuite } from './suites/detector.suite';
import { hookSuite } from './suites/hook.suite';
import { isolatorSuite } from './suites/isolator.suite';
import { launcherSuite } from './suites/launcher.suite';
import { registrySuite } from './suites/registry.suite';
import { secretResolverSuite } from './suites/secret-resolver.suite';

/**
 * The kinds' conformance suites that run anywhere a module runs (the launcher suite launches in a
 * busybox rootfs when Debian's busybox-static is installed, on the host otherwise). The
 * provisioner suite needs an OCI image built by the project's test kit and stays in
 * test/conformance.
 */
export const SUITES: Readonly<Record<string, ConformanceSuite<any>>> = {
  authenticator: authenticatorSuite,
  authorizer: authorizerSuite,
  contender: contenderSuite,
  detector: detectorSuite,
  hook: hookSuite,
  isolator: isolatorSuite,
  launcher: launcherSuite,
  registry: registrySuite,
  'secret-resolver': secretResolverSuite,
};

/** The suite of `kind`, or undefined when the kind has none here. */
export function suiteFor(kind: string): ConformanceSuite<any> | undefined {
  return Object.prototype.hasOwnProperty.call(SUITES, kind) ? SUITES[kind] : undefined;
}

/** Kinds whose suite runs only in the Plateau repository's test/conformance, and why. */
const ELSEWHERE: Readonly<Record<string, string>> = {
  provisioner: "needs an OCI image the Plateau test kit builds from Debian's busybox-static, named as a local layout (oci:PATH:TAG)",
};

/** Why `kind` has no suite here, in a few words. */
export function noSuiteReason(kind: string): string {
  const why = ELSEWHERE[kind];
  if (why) return `the ${kind} suite ${why}; it runs in the Plateau repository's test/conformance`;
  return `no conformance suite for kind '${kind}' (suites: ${Object.keys(SUITES).join(', ')})`;
}
