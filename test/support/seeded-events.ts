/**
 * A deterministic dataset of canonical events for processing tests: two tenants, product usage with
 * features, subscription lifecycles (new, expansion, contraction, churn, reactivation), invoices, refunds,
 * failed payments, tickets with agent replies and ratings, CRM updates. Sorted by event time.
 */
import type { CanonicalEvent } from '@tally/core';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FEATURES = ['reports', 'alerts', 'exports', 'dashboards'];
const PLANS = [['starter', 4900], ['team', 19900], ['business', 49900]] as const;

export interface SeedOptions {
  seed?: number;
  /** Last instant of the data (ms). */
  endMs: number;
  days?: number;
  customersPerTenant?: number;
}

export function seededEvents(options: SeedOptions): CanonicalEvent[] {
  const random = rng(options.seed ?? 7);
  const days = options.days ?? 60;
  const startMs = options.endMs - days * 86_400_000;
  const events: CanonicalEvent[] = [];
  let n = 0;
  const push = (e: Omit<CanonicalEvent, 'id' | 'receivedAt' | 'schemaVersion'>) => {
    n += 1;
    events.push({ ...e, id: `${e.source}:seed-${n}`, receivedAt: e.occurredAt, schemaVersion: 1 });
  };
  for (const tenant of ['acme', 'globex']) {
    for (let c = 0; c < (options.customersPerTenant ?? 20); c++) {
      const customerId = `${tenant}-cus-${c}`;
      const users = Array.from({ length: 2 + Math.floor(random() * 4) }, (_, u) => `${customerId}-u${u}`);
      let t = startMs + Math.floor(random() * 5 * 86_400_000);
      const step = () => {
        t += Math.floor(random() * 20 * 3_600_000) + 1000;
        return new Date(t).toISOString();
      };
      push({ tenant, source: 'segment', type: 'identity.account_identified', occurredAt: step(), customerId, properties: { name: `Company ${c}`, industry: 'saas' } });
      push({ tenant, source: 'segment', type: 'product.account_created', occurredAt: step(), customerId, userId: users[0], properties: {} });
      // subscription lifecycle
      const sub = `sub_${tenant}_${c}`;
      let plan = Math.floor(random() * PLANS.length);
      push({ tenant, source: 'stripe', type: 'billing.subscription_created', occurredAt: step(), customerId, properties: { subscriptionId: sub, plan: PLANS[plan]![0], status: 'active', mrrMinor: PLANS[plan]![1], previousMrrMinor: 0, currency: 'USD' } });
      let invoice = 0;
      while (t < options.endMs - 3 * 86_400_000) {
        const r = random();
        const user = users[Math.floor(random() * users.length)]!;
        if (r < 0.55) {
          push({ tenant, source: 'segment', type: 'product.page_viewed', occurredAt: step(), customerId, userId: user, properties: { path: '/home' } });
        } else if (r < 0.8) {
          push({ tenant, source: 'segment', type: 'product.feature_used', occurredAt: step(), customerId, userId: user, properties: { feature: FEATURES[Math.floor(random() * FEATURES.length)]! } });
        } else if (r < 0.85) {
          invoice += 1;
          const amount = PLANS[plan]![1];
          const id = `in_${tenant}_${c}_${invoice}`;
          if (random() < 0.2) push({ tenant, source: 'stripe', type: 'billing.payment_failed', occurredAt: step(), customerId, properties: { invoiceId: id, amountMinor: amount, currency: 'USD', attempt: 1 } });
          push({ tenant, source: 'stripe', type: 'billing.invoice_paid', occurredAt: step(), customerId, properties: { invoiceId: id, subscriptionId: sub }, revenue: { amountMinor: amount, currency: 'USD' } });
          if (random() < 0.15) push({ tenant, source: 'stripe', type: 'billing.charge_refunded', occurredAt: step(), customerId, properties: { invoiceId: id }, revenue: { amountMinor: -Math.floor(amount / 2), currency: 'USD' } });
        } else if (r < 0.9) {
          const next = Math.floor(random() * PLANS.length);
          if (next !== plan) {
            push({ tenant, source: 'stripe', type: 'billing.subscription_updated', occurredAt: step(), customerId, properties: { subscriptionId: sub, plan: PLANS[next]![0], status: 'active', mrrMinor: PLANS[next]![1], previousMrrMinor: PLANS[plan]![1], currency: 'USD' } });
            plan = next;
          }
        } else if (r < 0.93) {
          // churn, and sometimes come back on a new subscription
          push({ tenant, source: 'stripe', type: 'billing.subscription_canceled', occurredAt: step(), customerId, properties: { subscriptionId: sub, mrrMinor: 0, previousMrrMinor: PLANS[plan]![1], currency: 'USD' } });
          if (random() < 0.5) break;
          const again = `${sub}_r${invoice}`;
          push({ tenant, source: 'stripe', type: 'billing.subscription_created', occurredAt: step(), customerId, properties: { subscriptionId: again, plan: PLANS[plan]![0], status: 'active', mrrMinor: PLANS[plan]![1], previousMrrMinor: 0, currency: 'USD' } });
          break;
        } else if (r < 0.97) {
          const ticketId = `${customerId}-t${n}`;
          push({ tenant, source: 'zendesk', type: 'support.ticket_opened', occurredAt: step(), customerId, properties: { ticketId, priority: random() < 0.3 ? 'high' : 'normal', channel: 'email' } });
          push({ tenant, source: 'zendesk', type: 'support.ticket_updated', occurredAt: step(), customerId, properties: { ticketId, change: 'comment', commentAuthorRole: 'agent' } });
          if (random() < 0.7) {
            push({ tenant, source: 'zendesk', type: 'support.ticket_solved', occurredAt: step(), customerId, properties: { ticketId, status: 'solved' } });
            push({ tenant, source: 'zendesk', type: 'support.satisfaction_rated', occurredAt: step(), customerId, properties: { ticketId, score: random() < 0.5 ? 'good' : random() < 0.5 ? 4 : 'bad' } });
          }
        } else {
          push({ tenant, source: 'hubspot', type: 'crm.account_updated', occurredAt: step(), customerId, properties: { changes: { owner: `owner-${Math.floor(random() * 3)}`, stage: 'customer', healthScore: Math.floor(random() * 100) } } });
        }
      }
    }
  }
  return events.filter((e) => Date.parse(e.occurredAt) <= options.endMs).sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.id.localeCompare(b.id));
}
