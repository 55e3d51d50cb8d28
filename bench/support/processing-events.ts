/**
 * Canonical events shaped like a SaaS company's stream, for the processing benches: mostly product
 * telemetry (pages, features, a long tail of tracked events) over 500 accounts and 20,000 users, plus
 * identify calls, subscription changes, invoices and tickets. Ids carry a run tag so every measured run
 * writes new events (a repeated id would be a duplicate and cost almost nothing). Event times fall in the
 * last five minutes by default, as in a live stream.
 */
import type { CanonicalEvent } from '@tally/core';

const CUSTOMERS = 500;
const USERS = 20_000;
const FEATURES = Array.from({ length: 20 }, (_, i) => `feature_${i}`);
const TRACKED = Array.from({ length: 30 }, (_, i) => `product.action_${i}`);

export function processingEvents(count: number, run: string, options: { endMs?: number; spanMs?: number; tenant?: string } = {}): CanonicalEvent[] {
  const endMs = options.endMs ?? Date.now();
  const spanMs = options.spanMs ?? 5 * 60_000;
  const tenant = options.tenant ?? 'bench';
  const received = new Date(endMs).toISOString();
  const out: CanonicalEvent[] = new Array(count);
  let x = 2463534242;
  const rand = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  for (let i = 0; i < count; i++) {
    const r = rand();
    const user = Math.floor(rand() ** 2 * USERS);
    const customer = user % CUSTOMERS;
    const customerId = `cus_${customer}`;
    const occurredAt = new Date(endMs - Math.floor(rand() * spanMs)).toISOString();
    const base = { id: `bench:${run}:${i}`, tenant, source: 'segment', occurredAt, receivedAt: received, customerId, schemaVersion: 1 as const };
    if (r < 0.4) out[i] = { ...base, type: 'product.page_viewed', userId: `u_${user}`, properties: { path: `/p/${i % 50}`, title: 'Page' } };
    else if (r < 0.7) out[i] = { ...base, type: 'product.feature_used', userId: `u_${user}`, properties: { feature: FEATURES[i % FEATURES.length]! } };
    else if (r < 0.9) out[i] = { ...base, type: TRACKED[i % TRACKED.length]!, userId: `u_${user}`, properties: { value: i % 7 } };
    else if (r < 0.94) out[i] = { ...base, type: 'identity.user_identified', userId: `u_${user}`, properties: { email: `u${user}@example.com`, plan: 'pro' } };
    else if (r < 0.96) out[i] = { ...base, source: 'stripe', type: 'billing.invoice_paid', properties: { invoiceId: `in_${run}_${i}` }, revenue: { amountMinor: 4900 + (i % 5) * 1000, currency: 'USD' } };
    else if (r < 0.97) out[i] = { ...base, source: 'stripe', type: 'billing.subscription_updated', properties: { subscriptionId: `sub_${customer}`, plan: `plan_${i % 3}`, status: 'active', mrrMinor: 4900 * (1 + (i % 4)), currency: 'USD' } };
    else if (r < 0.985) out[i] = { ...base, source: 'zendesk', type: 'support.ticket_opened', properties: { ticketId: `t_${run}_${i}`, priority: 'normal', channel: 'email' } };
    else out[i] = { ...base, source: 'hubspot', type: 'crm.account_updated', properties: { changes: { stage: 'customer', healthScore: i % 100 } } };
  }
  return out;
}
