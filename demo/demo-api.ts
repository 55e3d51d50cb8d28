/**
 * The demo pages' calls to their "backend": the demo-only routes that stand in for a host app's server.
 * A real host app mints embed tokens in its own backend with an API key (`POST /v1/tokens`).
 */
import type { CustomerSummary } from '@tally/client-sdk';

/** The roles the portal offers. */
export type DemoRole = 'admin' | 'finance' | 'success' | 'viewer';
export const DEMO_ROLES: readonly DemoRole[] = ['admin', 'finance', 'success', 'viewer'];

/** What the token endpoint answers; `<tally-provider>`'s `getToken` takes it as it is. */
export interface DemoToken {
  token: string;
  expiresAt: string;
  /** The catalog metrics the token's role may read on this server. */
  readable: string[];
}

/** Reads the error message of a failed demo call. */
async function failure(res: Response, what: string): Promise<Error> {
  const body = (await res.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
  return new Error(`${what}: ${body?.error?.message ?? `${res.status} ${res.statusText}`}`);
}

/**
 * A short-lived embed token for the demo tenant and `role`, limited to `customerId` when given (the CRM page).
 * @example
 * provider.getToken = () => fetchDemoToken({ role: 'viewer' });
 */
export async function fetchDemoToken(request: { role: DemoRole; customerId?: string }): Promise<DemoToken> {
  const res = await fetch('/demo/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  if (!res.ok) throw await failure(res, 'demo token');
  return (await res.json()) as DemoToken;
}

/** The demo company's biggest accounts, as the mock CRM lists them. */
export async function fetchDemoAccounts(): Promise<CustomerSummary[]> {
  const res = await fetch('/demo/accounts');
  if (!res.ok) throw await failure(res, 'demo accounts');
  return ((await res.json()) as { items: CustomerSummary[] }).items;
}

/** `$1,234` from minor units; `—` when there is no amount. */
export function formatMoney(amountMinor: number | undefined, currency: string | null = 'USD'): string {
  if (amountMinor === undefined) return '—';
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency ?? 'USD', maximumFractionDigits: 0 }).format(amountMinor / 100);
}
