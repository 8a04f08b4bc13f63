// A test hook for the hook tests: every hook point throws (mode: throw) or never answers
// (mode: hang), so that the kernel's skipping of a failing hook can be seen.
import { defineModule } from '@plateau/kernel';

interface FaultyConfig {
  mode: 'throw' | 'hang';
}

class FaultyHook {
  constructor(private readonly mode: FaultyConfig['mode']) {}

  private answer(): Promise<never> {
    if (this.mode === 'throw') return Promise.reject(new Error('faulty hook: deliberate failure'));
    return new Promise<never>(() => undefined);
  }

  masterLaunchTask() {
    return this.answer();
  }
  agentRunTask() {
    return this.answer();
  }
  agentTaskStatus() {
    return this.answer();
  }
  agentResources() {
    return this.answer();
  }
  agentRemoveExecutor() {
    return this.answer();
  }
}

export default defineModule<FaultyHook, FaultyConfig>({
  kind: 'hook',
  name: 'faulty',
  version: '0.1.0',
  apiVersions: ['v1'],
  configSchema: { type: 'object', additionalProperties: false, required: ['mode'], properties: { mode: { enum: ['throw', 'hang'] } } },
  create: ({ config }) => new FaultyHook(config.mode),
});
