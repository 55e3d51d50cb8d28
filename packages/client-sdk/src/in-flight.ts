/** Shares one run of an operation among the callers that ask for the same key while it is in flight. */
export interface InFlight {
  /**
   * Joins the run of `key` in flight, or starts one with `start`. The answer settles as the run does, or
   * rejects with `signal.reason` when this caller's `signal` aborts. The run itself is aborted (through the
   * signal `start` got) only once every caller that joined it has aborted.
   */
  run<T>(key: string, start: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** How many runs are in flight. */
  readonly size: number;
}

interface Run {
  promise: Promise<unknown>;
  controller: AbortController;
  /** Callers still waiting; one that cannot abort (no signal) keeps the run alive for good. */
  callers: number;
}

/** Creates an empty {@link InFlight}. */
export function createInFlight(): InFlight {
  const runs = new Map<string, Run>();
  const forget = (key: string, run: Run): void => {
    if (runs.get(key) === run) runs.delete(key);
  };

  const begin = (key: string, start: (signal: AbortSignal) => Promise<unknown>): Run => {
    const controller = new AbortController();
    const run: Run = { promise: new Promise((resolve) => resolve(start(controller.signal))), controller, callers: 0 };
    runs.set(key, run);
    const done = (): void => forget(key, run);
    run.promise.then(done, done);
    return run;
  };

  return {
    get size() {
      return runs.size;
    },
    run<T>(key: string, start: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
      if (signal?.aborted === true) return Promise.reject(signal.reason as unknown);
      const run = runs.get(key) ?? begin(key, start);
      run.callers += 1;
      const shared = run.promise as Promise<T>;
      if (signal === undefined) return shared;
      return new Promise<T>((resolve, reject) => {
        const onAbort = (): void => {
          run.callers -= 1;
          if (run.callers === 0) {
            // Nobody waits any more: a later identical call must start afresh, not join an aborted run.
            forget(key, run);
            run.controller.abort(signal.reason);
          }
          reject(signal.reason as unknown);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        shared.then(
          (value) => {
            signal.removeEventListener('abort', onAbort);
            resolve(value);
          },
          (err: unknown) => {
            signal.removeEventListener('abort', onAbort);
            reject(err);
          },
        );
      });
    },
  };
}

/** A key equal for equal JSON values, whatever their objects' key order. */
export function stableKey(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return inner;
    const sorted: Record<string, unknown> = {};
    for (const name of Object.keys(inner).sort()) sorted[name] = (inner as Record<string, unknown>)[name];
    return sorted;
  });
}
