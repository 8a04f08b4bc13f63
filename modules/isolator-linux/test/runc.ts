// The runc container helpers the tests from inside use (busybox rootfs, syscall probe, runc runs
// that clean up): the repository's shared test helpers (test/helpers/runc-container.ts), compiled
// under test/lib (this file runs from lib/test).
import { join } from 'node:path';
import type * as RuncContainer from '../../../test/helpers/runc-container';

const REPO = join(__dirname, '..', '..', '..', '..');
export const { buildProbe, containerSkipReason, makeRootfs, newContainerId, runContainer, startContainer, statusFields, tempDir } = require(join(REPO, 'test/lib/helpers/runc-container')) as typeof RuncContainer;
