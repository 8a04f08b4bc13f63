/**
 * pushStream: an AsyncIterable fed by callbacks, for module methods that stream (contend, detect,
 * watch). Unlike an async generator, it ends at once when its consumer stops (`return()`), even
 * while nothing new is coming, and runs the producer's cleanup then: no timer or watch is left
 * behind by a consumer that went away.
 */
export function pushStream<T>(
  start: (push: (value: T) => void, end: (err?: unknown) => void) => (() => void) | void,
): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      const queue: T[] = [];
      let waiter: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined;
      let done = false;
      let failure: { err: unknown } | undefined;
      let cleanup: (() => void) | void;
      const finish = () => {
        if (cleanup) {
          const c = cleanup;
          cleanup = undefined;
          c();
        }
      };
      const push = (value: T) => {
        if (done) return;
        if (waiter) {
          const w = waiter;
          waiter = undefined;
          w.resolve({ value, done: false });
        } else queue.push(value);
      };
      const end = (err?: unknown) => {
        if (done) return;
        done = true;
        if (err !== undefined) failure = { err };
        if (waiter && queue.length === 0) {
          const w = waiter;
          waiter = undefined;
          if (failure) w.reject(failure.err);
          else w.resolve({ value: undefined, done: true });
        }
        queueMicrotask(finish);
      };
      try {
        cleanup = start(push, end);
      } catch (err) {
        end(err);
      }
      if (done) queueMicrotask(finish);
      return {
        next() {
          if (queue.length) return Promise.resolve({ value: queue.shift()!, done: false });
          if (done) {
            if (failure) {
              const f = failure;
              failure = undefined;
              return Promise.reject(f.err);
            }
            return Promise.resolve({ value: undefined, done: true });
          }
          return new Promise((resolve, reject) => {
            waiter = { resolve, reject };
          });
        },
        return() {
          done = true;
          queue.length = 0;
          failure = undefined;
          if (waiter) {
            const w = waiter;
            waiter = undefined;
            w.resolve({ value: undefined, done: true });
          }
          finish();
          return Promise.resolve({ value: undefined, done: true });
        },
      };
    },
  };
}
