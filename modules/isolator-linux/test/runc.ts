// The runc container helpers the tests from inside use (busybox rootfs, syscall probe, runc runs
// that clean up), from the module test kit.
export { buildProbe, containerSkipReason, makeRootfs, newContainerId, runContainer, startContainer, statusFields, tempDir } from '@plateau/testkit/runc-container';
