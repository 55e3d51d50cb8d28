import type { CustomerDetail, QueryRequest } from '@tally/client-sdk';
import type { WidgetClient } from './data/client-context.ts';
import { reloadOnPush, type ReloadWatch } from './revenue/reload-on-push.ts';

/**
 * The cheap query whose live pushes tell `<customer-360 live>` that the customer changed. The SDK has no
 * customer subscription, so the widget subscribes to this customer's daily active users today (`dau` is the
 * metric with a `customer` dimension that every Customer 360 role can read; `events` has no `customer`
 * dimension) and reloads the whole customer on each push. Product activity therefore reaches the panel within
 * about a second; billing, support and CRM events do not move `dau` and show at the next push or reload.
 */
export function customerTrigger(id: string): QueryRequest {
  return { metric: 'dau', range: '1d', granularity: 'day', filters: { customer: [id] } };
}

/** Loads customer `id` now and again on every push of {@link customerTrigger}. Returns the function that stops. */
export function watchCustomer(client: WidgetClient, id: string, watch: ReloadWatch<CustomerDetail>, widget = 'customer-360'): () => void {
  return reloadOnPush(client, customerTrigger(id), (signal) => client.customer(id, { signal, widget }), watch, widget);
}
