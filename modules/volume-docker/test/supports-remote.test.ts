// Supports over the module host's real transports: in process, over gRPC and spawned as its own
// binary, the isolator answers that it mounts DOCKER_VOLUME (what the agent asks once at start).
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openIsolator } from '@plateau/testkit/isolator-harness';

for (const mode of ['inproc', 'grpc', 'spawn'] as const) {
  test(`supports answers volume_sources [DOCKER_VOLUME] [${mode}]`, async () => {
    const h = await openIsolator(join(__dirname, '..', '..'), mode);
    if (typeof h === 'string') return assert.unreachable(`skipped: ${h}`);
    try {
      const answer = await (h.instance as unknown as { supports(req: object): Promise<{ networks: string[]; volumeSources: string[] }> }).supports({});
      assert.equal({ networks: [...answer.networks], volumeSources: [...answer.volumeSources] }, { networks: [], volumeSources: ['DOCKER_VOLUME'] });
    } finally {
      await h.close();
    }
  });
}

test.run();
