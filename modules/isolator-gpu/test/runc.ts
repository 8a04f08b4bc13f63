// The runc container helpers the GPU tests use, from the module test kit.
export { containerSkipReason, makeRootfs, newContainerId, runContainer, startContainer, tempDir } from '@plateau/testkit/runc-container';
