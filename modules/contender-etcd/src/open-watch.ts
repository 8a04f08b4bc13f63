import type { WatchBuilder, Watcher } from 'etcd3';

/**
 * Attaches a watch and resolves once etcd confirms it. `hold` receives the watcher at once, before
 * it is confirmed, so that a stop in the meantime can cancel it: a watcher left attached to a
 * closed client is retried by etcd3 forever (its back-off timers keep the process alive).
 */
export function openWatch(builder: WatchBuilder, hold: (w: Watcher) => void): Promise<Watcher> {
  const w = builder.watcher();
  hold(w);
  return new Promise((resolve, reject) => {
    const connected = () => {
      w.off('error', failed);
      resolve(w);
    };
    const failed = (err: Error) => {
      w.off('connected', connected);
      void w.cancel().catch(() => undefined);
      reject(err);
    };
    w.once('connected', connected);
    w.once('error', failed);
  });
}
