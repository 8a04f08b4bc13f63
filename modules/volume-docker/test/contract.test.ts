// The isolator contract against this module, in-process, over gRPC and spawned.
import { join } from 'node:path';
import { runContract } from '@plateau/testkit/isolator-harness';

runContract(join(__dirname, '..', '..'));
