/**
 * The demo generator end to end: its requests go through the real ingest routes and connectors in process,
 * and the checks read what landed on the bus, as a user of Tally would see it.
 */
import { TOPICS, type CanonicalEvent } from '@tally/core';
import { CONNECTORS, type Connector } from '@tally/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCompany, DEMO_VENDORS, prepareDemoTenant, runDemo, type DemoProgress, type DemoReport, type RunDemoOptions } from '../packages/ingest/src/demo/index.ts';
import { startIngestHarness, type IngestHarness } from './support/ingest-harness.ts';
import { waitFor } from './support/wait-for.ts';

const NOW = Date.parse('2026-06-15T12:00:00Z');
const DAY = 86_400_000;
const SEED = 7;
const VENDORS = DEMO_VENDORS;
const SCALE = 0.05;
const DAYS = 30;

const connectors: Connector[] = [...CONNECTORS.values()];

const FAMILY: Record<string, string> = {
  tally: 'product',
  posthog: 'product',
  amplitude: 'product',
  mixpanel: 'product',
  stripe: 'billing',
  chargebee: 'billing',
  hubspot: 'crm',
  salesforce: 'crm',
  zendesk: 'support',
  intercom: 'support',
};

describe('demo generator', () => {
  let h: IngestHarness;
  let bus: { messages: CanonicalEvent[]; stop: () => Promise<void> };
  let first: DemoReport;

  const run = async (tenant: string, options: Partial<RunDemoOptions> = {}): Promise<DemoReport> => {
    const setup = await prepareDemoTenant(h.store, { tenant });
    return runDemo({ baseUrl: 'http://localhost', fetch: (url, init) => h.app.request(url, init), setup, seed: SEED, scale: SCALE, days: DAYS, liveRate: 0, now: () => NOW, vendors: VENDORS, ...options });
  };
  /** The tenant's events on the bus, once all `accepted` of them have arrived. */
  const eventsOf = async (tenant: string, accepted: number): Promise<CanonicalEvent[]> =>
    waitFor(() => {
      const mine = bus.messages.filter((e) => e.tenant === tenant);
      return mine.length >= accepted && mine;
    }, { message: `${accepted} events of ${tenant} on the bus`, timeoutMs: 30_000 });
  const expectClean = (report: DemoReport) => {
    expect(report.sent.rejections).toEqual([]);
    expect(report.sent.rejected).toBe(0);
  };

  beforeAll(async () => {
    h = await startIngestHarness({ connectors, now: () => NOW });
    bus = await h.published<CanonicalEvent>(TOPICS.events);
    first = await run('demo-a');
  }, 120_000);
  afterAll(async () => {
    await bus?.stop();
    await h?.close();
  });

  it('has every item accepted, from every vendor, with customer ids that match across vendors', async () => {
    expectClean(first);
    expect(first.backfill).toMatchObject({ skipped: false, completed: true, daysSent: DAYS });
    expect(first.sent.items).toBe(first.sent.accepted + first.sent.ignored);
    const events = await eventsOf('demo-a', first.sent.accepted);
    expect(events).toHaveLength(first.sent.accepted);

    // This seed and scale use every vendor within the 30 days, so each one is exercised.
    expect(new Set(events.map((e) => e.source))).toEqual(new Set(VENDORS));

    const company = buildCompany({ seed: SEED, scale: SCALE, endMs: NOW });
    const accountIds = new Set(company.accounts.map((a) => a.id));
    const userIds = new Set(company.accounts.flatMap((a) => a.users.map((u) => u.id)));
    expect(events.filter((e) => !e.customerId || !accountIds.has(e.customerId))).toEqual([]);
    expect(events.filter((e) => e.userId !== undefined && !userIds.has(e.userId)).map((e) => `${e.source}:${e.userId}`)).toEqual([]);
    const families = new Map<string, Set<string>>();
    for (const e of events) {
      const set = families.get(e.customerId!) ?? new Set<string>();
      set.add(FAMILY[e.source]!);
      families.set(e.customerId!, set);
    }
    // Accounts with product, billing, CRM and support events all under one id.
    expect([...families.values()].filter((f) => f.size === 4).length).toBeGreaterThan(0);
    expect(events.every((e) => Date.parse(e.occurredAt) < NOW && Date.parse(e.occurredAt) >= NOW - (DAYS + 1) * DAY)).toBe(true);
  });

  it('gives the same events for the same seed, and different ones for another seed', async () => {
    const again = await run('demo-b');
    const other = await run('demo-c', { seed: SEED + 1 });
    expectClean(again);
    expectClean(other);
    const strip = ({ tenant: _t, receivedAt: _r, ...rest }: CanonicalEvent) => JSON.stringify(rest);
    const a = (await eventsOf('demo-a', first.sent.accepted)).map(strip).sort();
    const b = (await eventsOf('demo-b', again.sent.accepted)).map(strip).sort();
    expect(b).toEqual(a);
    const ids = new Set((await eventsOf('demo-a', first.sent.accepted)).map((e) => e.id));
    const otherIds = (await eventsOf('demo-c', other.sent.accepted)).map((e) => e.id);
    expect(otherIds.filter((id) => ids.has(id))).toEqual([]);
  });

  it('looks like a real SaaS business: busy weekdays, billing churn and recovery, tickets before churn', async () => {
    const product = (await eventsOf('demo-a', first.sent.accepted)).filter((e) => FAMILY[e.source] === 'product');
    const weekday = { events: 0, days: 0 };
    const weekend = { events: 0, days: 0 };
    const days = new Map<string, number>();
    for (const e of product) days.set(e.occurredAt.slice(0, 10), (days.get(e.occurredAt.slice(0, 10)) ?? 0) + 1);
    for (const [day, n] of days) {
      const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
      const bucket = dow === 0 || dow === 6 ? weekend : weekday;
      bucket.events += n;
      bucket.days++;
    }
    expect(weekend.days).toBeGreaterThan(0);
    expect(weekday.events / weekday.days).toBeGreaterThan(4 * (weekend.events / weekend.days));
    // Uneven adoption: the most used feature outweighs the long tail.
    const features = new Map<string, number>();
    for (const e of product) if (e.type === 'product.feature_used') features.set(String(e.properties.feature), (features.get(String(e.properties.feature)) ?? 0) + 1);
    const counts = [...features.values()].sort((x, y) => y - x);
    expect(counts[0]!).toBeGreaterThan(5 * counts[counts.length - 1]!);

    // A year of billing, CRM and support for a bigger company (product usage left out to keep it quick).
    const year = await run('shape', { scale: 0.3, days: 365, vendors: ['stripe', 'hubspot', 'salesforce', 'zendesk', 'intercom'] });
    expectClean(year);
    const events = await eventsOf('shape', year.sent.accepted);
    const types = new Map<string, number>();
    for (const e of events) types.set(e.type, (types.get(e.type) ?? 0) + 1);
    expect(types.get('billing.invoice_paid')).toBeGreaterThan(100);
    expect(types.get('billing.payment_failed')).toBeGreaterThan(5);
    expect(types.get('billing.charge_refunded')).toBeGreaterThan(0);
    expect(types.get('billing.subscription_canceled')).toBeGreaterThan(3);
    const updates = events.filter((e) => e.type === 'billing.subscription_updated');
    const mrr = (e: CanonicalEvent, key: string) => Number(e.properties[key]);
    expect(updates.filter((e) => mrr(e, 'mrrMinor') > mrr(e, 'previousMrrMinor')).length).toBeGreaterThan(0);
    expect(updates.filter((e) => mrr(e, 'mrrMinor') < mrr(e, 'previousMrrMinor')).length).toBeGreaterThan(0);
    // Dunning: some failed payments are recovered (a later payment on the same invoice).
    const failedInvoices = new Set(events.filter((e) => e.type === 'billing.payment_failed').map((e) => e.properties.invoiceId ?? e.properties.transactionId));
    expect(events.some((e) => e.type === 'billing.invoice_paid' && failedInvoices.has(e.properties.invoiceId))).toBe(true);

    // Tickets in the 30 days before a cancellation, against the account's own average rate.
    const opened = events.filter((e) => e.type === 'support.ticket_opened' || e.type === 'support.conversation_opened');
    let before = 0;
    let expected = 0;
    for (const churn of events.filter((e) => e.type === 'billing.subscription_canceled')) {
      const at = Date.parse(churn.occurredAt);
      const mine = opened.filter((t) => t.customerId === churn.customerId && Date.parse(t.occurredAt) < at).map((t) => Date.parse(t.occurredAt));
      const since = Math.min(at - 30 * DAY, ...events.filter((e) => e.customerId === churn.customerId).map((e) => Date.parse(e.occurredAt)));
      before += mine.filter((t) => t >= at - 30 * DAY).length;
      expected += (mine.length / ((at - since) / DAY)) * 30;
    }
    expect(before).toBeGreaterThan(1.5 * expected);
    // CRM: owners, stages and health scores arrive.
    const crm = events.filter((e) => e.type === 'crm.account_updated').map((e) => e.properties.changes as Record<string, unknown>);
    for (const key of ['owner', 'stage', 'healthScore']) expect(crm.some((c) => key in c)).toBe(true);
    // (`renewal` needs a yearly contract near its anniversary, which this small company may not have yet.)
    const stages = new Set(crm.map((c) => c.stage).filter(Boolean));
    expect([...stages].filter((s) => !['onboarding', 'active', 'at_risk', 'renewal', 'churned'].includes(String(s)))).toEqual([]);
    for (const stage of ['onboarding', 'active', 'at_risk', 'churned']) expect(stages).toContain(stage);
  }, 120_000);

  it('resumes where demo_runs says it stopped, and skips a finished backfill', async () => {
    const stop = new AbortController();
    const seen: DemoProgress[] = [];
    const partial = await run('demo-r', {
      signal: stop.signal,
      onProgress: (p) => {
        seen.push(p);
        if (p.day === 5) stop.abort();
      },
    });
    expectClean(partial);
    // The days already in flight when it stopped are finished and recorded too; the rest are not.
    const done = partial.backfill.daysSent;
    expect(partial.backfill.completed).toBe(false);
    expect(done).toBeGreaterThan(5);
    expect(done).toBeLessThan(DAYS);
    expect(seen.map((p) => p.day)).toEqual(Array.from({ length: done }, (_, i) => i + 1));
    const [row] = await h.store.query<{ backfilled_through: Date; backfill_completed_at: Date | null }>('SELECT backfilled_through, backfill_completed_at FROM demo_runs WHERE tenant = $1', ['demo-r']);
    const firstDay = Math.floor((NOW - 1) / DAY) - DAYS + 1;
    expect(row).toEqual({ backfilled_through: new Date((firstDay + done) * DAY), backfill_completed_at: null });

    const rest = await run('demo-r');
    expectClean(rest);
    expect(rest.backfill).toMatchObject({ skipped: false, completed: true, daysSent: DAYS - done, fromDay: new Date((firstDay + done) * DAY).toISOString().slice(0, 10) });
    expect(rest.sent.duplicates).toBe(0);
    expect(partial.sent.accepted + rest.sent.accepted).toBe(first.sent.accepted);
    const ids = (await eventsOf('demo-r', first.sent.accepted)).map((e) => e.id).sort();
    expect(ids).toEqual((await eventsOf('demo-a', first.sent.accepted)).map((e) => e.id).sort());

    const finished = await run('demo-r');
    expect(finished.backfill).toMatchObject({ skipped: true, completed: true, daysSent: 0 });
    expect(finished.sent.requests).toBe(0);

    // Days sent again (a crash between sending and recording) are deduplicated, not counted twice.
    await h.store.query('UPDATE demo_runs SET backfilled_through = $2, backfill_completed_at = NULL WHERE tenant = $1', ['demo-r', new Date((firstDay + DAYS - 3) * DAY)]);
    const again = await run('demo-r');
    expectClean(again);
    expect(again.backfill).toMatchObject({ completed: true, daysSent: 3 });
    expect(again.sent.items).toBeGreaterThan(0);
    expect(again.sent).toMatchObject({ accepted: 0, duplicates: again.sent.items - again.sent.ignored });
    await expect(run('demo-r', { seed: SEED + 1 })).rejects.toThrow(/already holds demo data from seed 7/);
  });

  // Regression: the webhook route once read Chargebee's HTTP Basic Authorization header as a Tally API key (401).
  it('accepts Chargebee webhooks signed with HTTP Basic', async () => {
    const report = await run('demo-cb', { scale: 0.3, days: 365, vendors: ['chargebee'] });
    expect(report.sent.requests).toBeGreaterThan(0);
    expectClean(report);
  });

  it('streams live events after the backfill until stopped', async () => {
    const started = Date.now();
    const clock = () => NOW + (Date.now() - started);
    const live = await startIngestHarness({ connectors, now: clock });
    try {
      const setup = await prepareDemoTenant(live.store);
      const stop = new AbortController();
      const report = await runDemo({
        baseUrl: 'http://localhost',
        fetch: (url, init) => live.app.request(url, init),
        setup,
        seed: SEED,
        scale: SCALE,
        days: 1,
        liveRate: 500,
        now: clock,
        vendors: VENDORS,
        signal: stop.signal,
        onProgress: (p) => {
          if (p.phase === 'live' && p.events >= 300) stop.abort();
        },
      });
      expectClean(report);
      expect(report.backfill.completed).toBe(true);
      expect(report.live.events).toBeGreaterThanOrEqual(300);
      const [row] = await live.store.query<{ events_sent: number }>('SELECT events_sent FROM demo_runs WHERE tenant = $1', ['demo']);
      expect(Number(row!.events_sent)).toBe(report.sent.items);
    } finally {
      await live.close();
    }
  });
});
