import { ContextRoot, createContext } from '@lit/context';
import type { Client } from '@tally/client-sdk';

/**
 * What widgets need from a Tally client: the SDK's `createClient()` result fits, and so does a mock with
 * the same methods (stories, tests). Widgets never talk to the server any other way.
 */
export type WidgetClient = Pick<Client, 'query' | 'subscribe' | 'customer' | 'searchCustomers' | 'revenueMovements'>;

/** The Lit context `<tally-provider>` provides and every data widget consumes. */
export const clientContext = createContext<WidgetClient | undefined>(Symbol.for('tally.client'));

let rooted = false;

/**
 * Lets widgets find a `<tally-provider>` that is defined (upgraded) after them, as happens when the page's
 * markup is parsed before the bundle runs. Attached once per document.
 */
export function attachContextRoot(): void {
  if (rooted || typeof document === 'undefined') return;
  rooted = true;
  new ContextRoot().attach(document.documentElement);
}
