/** What the compare-and-set workload needs of a registry module instance. */
export interface CasRegistry {
  get(req: { key: string }): Promise<{ value: Uint8Array; version: string | number }>;
  apply(req: { key: string; value: Buffer; expectedVersion?: string | number }): Promise<unknown>;
}

/**
 * Every writer increments the counter at `key` `perWriter` times by read + compare-and-set,
 * retrying on PLT_ERR_CONFLICT; any other error fails the workload. Answers how many conflicts
 * were retried. The counter must exist (value "0") before.
 */
export async function casIncrements(writers: readonly CasRegistry[], key: string, perWriter: number): Promise<number> {
  let conflicts = 0;
  await Promise.all(
    writers.map(async (w) => {
      for (let n = 0; n < perWriter; n++) {
        for (;;) {
          const cur = await w.get({ key });
          try {
            await w.apply({ key, value: Buffer.from(String(Number(Buffer.from(cur.value).toString()) + 1)), expectedVersion: cur.version });
            break;
          } catch (err) {
            if ((err as { code?: string }).code !== 'PLT_ERR_CONFLICT') throw err;
            conflicts++;
          }
        }
      }
    }),
  );
  return conflicts;
}
