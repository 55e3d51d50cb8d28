import type { QueryRequest } from '@tally/client-sdk';
import type { WidgetClient } from '../data/client-context.ts';
import { toResourceError, type ResourceError } from '../data/resource-controller.ts';

/** Callbacks of {@link reloadOnPush}. */
export interface ReloadWatch<T> {
  onValue(value: T): void;
  onError(error: ResourceError): void;
  /** The trigger subscription failed (no WebSocket, or the token may not read its metric): loaded once, not live. */
  onTriggerError(error: ResourceError): void;
}

/**
 * Live data for an endpoint the SDK cannot subscribe to (Customer 360, revenue movements, customer search):
 * loads now, subscribes to a cheap `trigger` query whose answer changes when the data does, and loads again on
 * every push. The server pushes only a changed answer, at most every `LIVE_MIN_PUSH_INTERVAL_MS`. At most one
 * load is in flight; pushes during it coalesce into one more load after it. Returns the function that stops.
 *
 * @example
 * const stop = reloadOnPush(client, { metric: 'mrr', range: '1d' }, (signal) => client.revenueMovements({}, { signal }), watch, 'mrr-waterfall');
 */
export function reloadOnPush<T>(
  client: WidgetClient,
  trigger: QueryRequest,
  load: (signal: AbortSignal) => Promise<T>,
  watch: ReloadWatch<T>,
  widget: string,
): () => void {
  const abort = new AbortController();
  let inFlight = false;
  let again = false;
  const run = (): void => {
    if (abort.signal.aborted) return;
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    again = false;
    load(abort.signal)
      .then(
        (value) => abort.signal.aborted || watch.onValue(value),
        (error: unknown) => abort.signal.aborted || watch.onError(toResourceError(error)),
      )
      .finally(() => {
        inFlight = false;
        if (again) run();
      });
  };
  run();
  let unsubscribe: (() => void) | undefined;
  try {
    unsubscribe = client.subscribe(trigger, run, {
      onError: (error) => abort.signal.aborted || watch.onTriggerError(toResourceError(error)),
      widget,
    });
  } catch (error) {
    watch.onTriggerError(toResourceError(error));
  }
  return () => {
    abort.abort();
    unsubscribe?.();
  };
}
