// The runc container helpers the GPU tests use: the repository's shared test helpers
// (test/helpers/runc-container.ts), compiled under test/lib (this file runs from lib/test).
import { join } from 'node:path';
import type * as RuncContainer from '../../../test/helpers/runc-container';

const REPO = join(__dirname, '..', '..', '..', '..');
export const { containerSkipReason, makeRootfs, newContainerId, runContainer, startContainer, tempDir } = require(join(REPO, 'test/lib/helpers/runc-container')) as typeof RuncContainer;
