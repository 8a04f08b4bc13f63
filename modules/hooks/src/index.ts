import { defineModule } from '@plateau/kernel';
import { HooksConfigSchema, type HooksConfig } from './config';
import { checkExecutable, Hooks } from './hooks';

export { EXEC_MAX_OUTPUT_BYTES, EXEC_TIMEOUT_MS, HOOK_POINTS, HooksConfigSchema, LABEL_POINTS, type ExecConfig, type HookPoint, type HooksConfig } from './config';
export { decoration, stamp, type Decoration } from './decoration';
export { EXEC_HOOK_FAILED, ExecHook } from './exec-hook';
export { Hooks } from './hooks';
export { parseAnswer } from './parse-answer';
export { ExecFailure, runExec, type ExecResult, type ExecSpec } from './run-exec';
export { StaticHook } from './static-hook';

/**
 * hooks: the built-in hook module. Static stamps (labels on tasks and status updates, variables
 * in containers, attributes on the agent) and/or an executable run once per hook call.
 */
export default defineModule<Hooks, HooksConfig>({
  kind: 'hook',
  name: 'hooks',
  version: '0.1.0',
  apiVersions: ['v1'],
  configSchema: HooksConfigSchema,
  create: async ({ config, log }) => {
    await checkExecutable(config.exec?.command);
    log.info(
      {
        labels: Object.keys(config.labels ?? {}),
        environment: Object.keys(config.environment ?? {}),
        attributes: Object.keys(config.attributes ?? {}),
        exec: config.exec ? { command: config.exec.command[0], points: config.exec.points, timeoutMs: config.exec.timeoutMs } : undefined,
      },
      'hooks configured',
    );
    return new Hooks(config);
  },
});
