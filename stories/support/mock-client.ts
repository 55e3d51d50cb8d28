/**
 * A deterministic mock of the Tally client for stories (and any page without a server): seeded series for
 * any metric, range, granularity, groupBy and filters; a customer; revenue movements; and a `subscribe`
 * that pushes ticking updates. The same inputs always give the same numbers, whatever the clock says.
 *
 * @example
 * html`<metric-chart metric="mrr" range="90d" live .client=${createMockClient({ tickMs: 1500 })}></metric-chart>`
 */
import {
  TallyApiError,
  type Client,
  type CustomerDetail,
  type CustomerSearchResult,
  type Granularity,
  type QueryRequest,
  type QueryResponse,
  type QuerySeries,
  type RevenueMovementPeriod,
  type RevenueMovementsResponse,
} from '@tally/client-sdk';

/** What widgets use of a client (the same as `WidgetClient` in @tally/widgets). */
export type WidgetClient = Pick<Client, 'query' | 'subscribe' | 'customer' | 'searchCustomers' | 'revenueMovements'>;

/** Options of {@link createMockClient}. */
export interface MockClientOptions {
  /** `data` answers; `loading` never answers; `empty` answers with no series; `error` fails. @default 'data' */
  mode?: 'data' | 'loading' | 'empty' | 'error';
  /** Changes every generated number. @default 1 */
  seed?: number;
  /** The mock's "now": the end of relative ranges. @default '2026-11-20T12:00:00.000Z' */
  now?: string;
  /** Milliseconds between live pushes; 0 pushes only the first result. @default 2000 */
  tickMs?: number;
  /** Delay of each answer, in milliseconds. @default 0 */
  latencyMs?: number;
  /** Message of the `error` mode. @default 'The query service is unavailable. Try again in a minute.' */
  errorMessage?: string;
}

type Kind = 'flow' | 'stock' | 'ratio' | 'seconds';
interface Profile {
  unit: string;
  kind: Kind;
  /** A day's value (flows) or the level (others), in the unit's raw form (money in minor units). */
  base: number;
  /** Relative change per year. */
  trend: number;
  /** Relative noise. */
  noise: number;
}

const PROFILES: Record<string, Profile> = {
  mrr: { unit: 'money', kind: 'stock', base: 1_843_700, trend: 0.4, noise: 0.004 },
  arr: { unit: 'money', kind: 'stock', base: 22_124_400, trend: 0.4, noise: 0.004 },
  revenue: { unit: 'money', kind: 'flow', base: 61_000, trend: 0.3, noise: 0.35 },
  refunds: { unit: 'money', kind: 'flow', base: 2_400, trend: 0, noise: 0.8 },
  new_mrr: { unit: 'money', kind: 'flow', base: 9_900, trend: 0.2, noise: 0.6 },
  expansion_mrr: { unit: 'money', kind: 'flow', base: 3_300, trend: 0.2, noise: 0.7 },
  churned_mrr: { unit: 'money', kind: 'flow', base: -2_900, trend: 0, noise: 0.7 },
  signups: { unit: 'count', kind: 'flow', base: 42, trend: 0.5, noise: 0.3 },
  events: { unit: 'count', kind: 'flow', base: 12_400, trend: 0.6, noise: 0.15 },
  feature_uses: { unit: 'count', kind: 'flow', base: 3_100, trend: 0.5, noise: 0.2 },
  tickets_opened: { unit: 'count', kind: 'flow', base: 26, trend: -0.1, noise: 0.35 },
  tickets_solved: { unit: 'count', kind: 'flow', base: 25, trend: -0.1, noise: 0.35 },
  paying_customers: { unit: 'count', kind: 'stock', base: 412, trend: 0.35, noise: 0.003 },
  dau: { unit: 'users', kind: 'stock', base: 1_830, trend: 0.45, noise: 0.08 },
  wau: { unit: 'users', kind: 'stock', base: 5_200, trend: 0.45, noise: 0.03 },
  mau: { unit: 'users', kind: 'stock', base: 14_900, trend: 0.45, noise: 0.01 },
  feature_adoption: { unit: 'ratio', kind: 'ratio', base: 0.34, trend: 0.1, noise: 0.05 },
  csat: { unit: 'ratio', kind: 'ratio', base: 0.87, trend: 0.02, noise: 0.03 },
  logo_churn_rate: { unit: 'ratio', kind: 'ratio', base: 0.021, trend: -0.1, noise: 0.2 },
  net_revenue_retention: { unit: 'ratio', kind: 'ratio', base: 1.04, trend: 0.01, noise: 0.01 },
  median_first_response: { unit: 'seconds', kind: 'seconds', base: 4_300, trend: -0.2, noise: 0.25 },
};
const DEFAULT_PROFILE: Profile = { unit: 'count', kind: 'flow', base: 100, trend: 0.2, noise: 0.3 };

/** Values of each dimension, largest share first. */
const DIMENSIONS: Record<string, readonly string[]> = {
  plan: ['team', 'business', 'free'],
  source: ['web', 'ios', 'android'],
  currency: ['USD', 'EUR', 'GBP'],
  feature: ['dashboards', 'reports', 'alerts', 'exports'],
  kind: ['new', 'expansion', 'contraction', 'churned', 'reactivated'],
  type: ['product.page_viewed', 'product.feature_used', 'billing.invoice_paid'],
  customer: ['acme', 'globex', 'initech'],
  priority: ['normal', 'high', 'low', 'urgent'],
  channel: ['email', 'chat'],
  owner: ['owner-1', 'owner-2'],
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;
const MAX_BUCKETS = 10_000;

/** A number in [0, 1) from a string: FNV-1a, then a mulberry32 step. */
function unit(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  let t = (h += 0x6d2b79f5);
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function truncate(ms: number, granularity: Granularity): number {
  const d = new Date(ms);
  if (granularity === 'hour') return Math.floor(ms / HOUR) * HOUR;
  if (granularity === 'day') return Math.floor(ms / DAY) * DAY;
  if (granularity === 'week') return Math.floor(ms / DAY) * DAY - ((d.getUTCDay() + 6) % 7) * DAY;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

function add(ms: number, granularity: Granularity | 'month', n: number): number {
  if (granularity === 'hour') return ms + n * HOUR;
  if (granularity === 'day') return ms + n * DAY;
  if (granularity === 'week') return ms + n * 7 * DAY;
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, d.getUTCDate(), d.getUTCHours());
}

/** The range `[from, to)` of a request, as the server resolves it: whole buckets, ending with the one holding now. */
function span(range: QueryRequest['range'], granularity: Granularity, now: number): { from: number; to: number } {
  if (typeof range !== 'string') return { from: truncate(Date.parse(range.from), granularity), to: Date.parse(range.to) };
  const match = /^(\d+)(h|d|mo)$/.exec(range);
  if (match === null) throw new TallyApiError('validation_failed', 'range: expected a relative range such as 24h, 7d, 90d or 12mo', { field: 'range' });
  const n = Number(match[1]);
  const rangeUnit = ({ h: 'hour', d: 'day', mo: 'month' } as const)[match[2] as 'h' | 'd' | 'mo'];
  const end = add(truncate(now, rangeUnit === 'month' ? 'month' : rangeUnit), rangeUnit, 1);
  return { from: truncate(add(end, rangeUnit, -n), granularity), to: add(truncate(end - 1, granularity), granularity, 1) };
}

function bucketsOf(from: number, to: number, granularity: Granularity): number[] {
  const out: number[] = [];
  for (let t = from; t < to; t = add(t, granularity, 1)) {
    if (out.length === MAX_BUCKETS) {
      throw new TallyApiError('validation_failed', `granularity: ${granularity} gives more than ${MAX_BUCKETS} buckets over this range; choose a coarser one`, { field: 'granularity' });
    }
    out.push(t);
  }
  return out;
}

/** The value of one bucket of one group: trend × weekly rhythm × share × seeded noise. */
function valueAt(profile: Profile, key: string, start: number, end: number, share: number, now: number): number {
  const years = (start - now) / YEAR;
  const level = profile.base * (1 + profile.trend * years);
  const noise = 1 + profile.noise * (unit(`${key}:${start}`) * 2 - 1);
  if (profile.kind === 'flow') {
    const weekday = new Date(start).getUTCDay();
    const rhythm = end - start <= DAY ? (weekday === 0 || weekday === 6 ? 0.6 : 1.1) : 1;
    return Math.round(level * share * rhythm * noise * ((end - start) / DAY));
  }
  if (profile.kind === 'ratio') return Math.round(level * noise * 10_000) / 10_000;
  return Math.round(level * share * noise);
}

function total(profile: Profile, values: readonly number[]): number | null {
  if (values.length === 0) return null;
  if (profile.kind === 'flow') return values.reduce((a, b) => a + b, 0);
  if (profile.kind === 'stock') return values[values.length - 1]!;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return profile.kind === 'ratio' ? Math.round(mean * 10_000) / 10_000 : Math.round(mean);
}

/** The groups of a request and each one's share of the whole. */
function groupsOf(request: QueryRequest): { group: string | undefined; share: number }[] {
  const filtered = Object.keys(request.filters ?? {}).filter((d) => d !== request.groupBy).length;
  const scale = 0.6 ** filtered;
  if (request.groupBy === undefined) return [{ group: undefined, share: scale }];
  const all = DIMENSIONS[request.groupBy] ?? ['a', 'b', 'c'];
  const kept = all.filter((v) => request.filters?.[request.groupBy!]?.includes(v) ?? true);
  const weights = all.map((_, i) => 1 / (i + 1.5));
  const sum = weights.reduce((a, b) => a + b, 0);
  return kept.map((group) => ({ group, share: (scale * weights[all.indexOf(group)]!) / sum }));
}

/** The answer the mock gives to `request` at `now`; `tick` moves the newest bucket (live updates). */
export function mockAnswer(request: QueryRequest, options: { seed?: number; now?: number; tick?: number } = {}): QueryResponse {
  const now = options.now ?? Date.parse('2026-11-20T12:00:00.000Z');
  const seed = options.seed ?? 1;
  const granularity = request.granularity ?? 'day';
  const profile = PROFILES[request.metric] ?? DEFAULT_PROFILE;
  const { from, to } = span(request.range, granularity, now);
  const starts = bucketsOf(from, to, granularity);
  const tick = options.tick ?? 0;
  const seriesOf = (bucketStarts: number[], shift: number): QuerySeries[] =>
    groupsOf(request).map(({ group, share }) => {
      const key = `${seed}:${request.metric}:${group ?? ''}`;
      const values = bucketStarts.map((start, i) => {
        const end = bucketStarts[i + 1] ?? add(start, granularity, 1);
        let v = valueAt(profile, key, start, end, share, now);
        // The newest bucket is still filling: live ticks add to it.
        if (shift === 0 && i === bucketStarts.length - 1 && tick > 0) {
          const step = profile.kind === 'flow' ? Math.max(1, Math.abs(v) * 0.01) : Math.abs(v) * 0.002;
          v += profile.kind === 'ratio' ? 0 : Math.round(step * tick * (unit(`${key}:tick:${tick}`) + 0.5));
        }
        return v;
      });
      return { ...(group === undefined ? {} : { group }), points: bucketStarts.map((t, i) => ({ t: new Date(t).toISOString(), v: values[i]! })), total: total(profile, values) };
    });
  const response: QueryResponse = {
    series: seriesOf(starts, 0),
    meta: {
      metric: request.metric,
      unit: profile.unit,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      granularity,
      timezone: request.timezone ?? 'UTC',
      sources: tick > 0 ? ['rollup', 'cache'] : ['rollup'],
      freshAt: new Date(now - 4_000 + tick * 2_000).toISOString(),
    },
  };
  if (request.compare === 'previous_period') {
    const length = to - from;
    response.previous = seriesOf(bucketsOf(truncate(from - length, granularity), from, granularity).slice(-starts.length), 1);
  }
  return response;
}

function emptyAnswer(request: QueryRequest, now: number): QueryResponse {
  const granularity = request.granularity ?? 'day';
  const { from, to } = span(request.range, granularity, now);
  return {
    series: [],
    meta: { metric: request.metric, unit: (PROFILES[request.metric] ?? DEFAULT_PROFILE).unit, from: new Date(from).toISOString(), to: new Date(to).toISOString(), granularity, timezone: request.timezone ?? 'UTC', sources: ['rollup'], freshAt: null },
  };
}

/** A customer for Customer 360 stories: the same id always gives the same customer. */
export function mockCustomer(id: string, now = Date.parse('2026-11-20T12:00:00.000Z')): CustomerDetail {
  const r = (k: string) => unit(`${id}:${k}`);
  const plan = ['team', 'business', 'starter'][Math.floor(r('plan') * 3)]!;
  const mrrMinor = { team: 19_900, business: 49_900, starter: 4_900 }[plan]!;
  const day = (n: number) => new Date(now - n * DAY).toISOString();
  const usageTrend = Array.from({ length: 30 }, (_, i) => ({ day: day(29 - i).slice(0, 10), activeUsers: Math.round(2 + r(`u${i}`) * 6) }));
  return {
    id,
    name: `Company ${id.replace(/\D/g, '') || id}`,
    email: `billing@${id.toLowerCase().replace(/[^a-z0-9]/g, '') || 'example'}.example`,
    profile: { industry: 'saas', employees: 40 + Math.round(r('emp') * 400) },
    plan,
    mrr: { amountMinor: mrrMinor, currency: 'USD' },
    billingStatus: r('status') < 0.85 ? 'active' : 'past_due',
    owner: 'owner-1',
    stage: 'customer',
    crmHealth: 60 + Math.round(r('crm') * 35),
    firstSeenAt: day(220),
    lastSeenAt: day(0.2),
    subscriptions: [{ id: `sub_${id}`, plan, status: 'active', mrr: { amountMinor: mrrMinor, currency: 'USD' }, startedAt: day(200), canceledAt: null }],
    health: {
      score: 70 + Math.round(r('health') * 25),
      openTickets: 1,
      updatedAt: day(0.01),
      parts: { usage: { score: 75, activeUsers14d: 6, previous14d: 5 }, billing: { score: 100, status: 'active' }, support: { score: 80, openTickets: 1 }, crm: { score: 71 } },
    },
    usageTrend,
    featureAdoption: { activeUsers: 8, features: [{ feature: 'dashboards', users: 7, adoption: 0.875 }, { feature: 'reports', users: 5, adoption: 0.625 }, { feature: 'alerts', users: 2, adoption: 0.25 }] },
    tickets: {
      open: [{ id: `t_${id}_1`, source: 'zendesk', status: 'open', priority: 'normal', channel: 'email', subject: 'Export to CSV misses a column', openedAt: day(2), firstResponseSeconds: 3_100, solvedAt: null, csat: null }],
      recent: [{ id: `t_${id}_0`, source: 'intercom', status: 'solved', priority: 'low', channel: 'chat', subject: 'How do I invite a teammate?', openedAt: day(12), firstResponseSeconds: 420, solvedAt: day(11.9), csat: 'good' }],
    },
    timeline: [
      { id: `stripe:evt_${id}_2`, type: 'billing.invoice_paid', source: 'stripe', occurredAt: day(5), properties: { invoice: 'in_2' }, revenue: { amountMinor: mrrMinor, currency: 'USD' } },
      { id: `zendesk:${id}_1`, type: 'support.ticket_opened', source: 'zendesk', occurredAt: day(2), properties: { subject: 'Export to CSV misses a column' } },
    ],
  };
}

const COMPANIES = Array.from({ length: 30 }, (_, i) => `cus_${1000 + i * 37}`);

function movements(request: { range?: QueryRequest['range']; granularity?: Granularity; timezone?: string } | undefined, now: number): RevenueMovementsResponse {
  const granularity = request?.granularity ?? 'month';
  const { from, to } = span(request?.range ?? '12mo', granularity, now);
  let mrr = 1_200_000;
  const periods = bucketsOf(from, to, granularity).map((start): RevenueMovementPeriod => {
    const r = (k: string) => unit(`movements:${k}:${start}`);
    const p = { newMinor: Math.round(60_000 + r('n') * 60_000), expansionMinor: Math.round(15_000 + r('e') * 30_000), contractionMinor: -Math.round(r('c') * 20_000), churnedMinor: -Math.round(10_000 + r('x') * 40_000), reactivatedMinor: Math.round(r('r') * 10_000) };
    const net = p.newMinor + p.expansionMinor + p.contractionMinor + p.churnedMinor + p.reactivatedMinor;
    const period = { start: new Date(start).toISOString(), startingMrrMinor: mrr, ...p, netChangeMinor: net, endingMrrMinor: mrr + net };
    mrr += net;
    return period;
  });
  const sum = (k: keyof RevenueMovementPeriod) => periods.reduce((a, p) => a + (p[k] as number), 0);
  const totals: RevenueMovementPeriod = {
    start: new Date(from).toISOString(),
    startingMrrMinor: periods[0]?.startingMrrMinor ?? mrr,
    newMinor: sum('newMinor'),
    expansionMinor: sum('expansionMinor'),
    contractionMinor: sum('contractionMinor'),
    churnedMinor: sum('churnedMinor'),
    reactivatedMinor: sum('reactivatedMinor'),
    netChangeMinor: sum('netChangeMinor'),
    endingMrrMinor: mrr,
  };
  return {
    currency: 'USD',
    currencies: ['USD'],
    periods,
    totals,
    meta: { from: new Date(from).toISOString(), to: new Date(to).toISOString(), granularity, timezone: request?.timezone ?? 'UTC', sources: ['rollup'] },
  };
}

/** The same periods with nothing in them: a tenant without MRR. */
function noMovements(answer: RevenueMovementsResponse): RevenueMovementsResponse {
  const zero = (p: RevenueMovementPeriod): RevenueMovementPeriod => ({
    start: p.start, startingMrrMinor: 0, newMinor: 0, expansionMinor: 0, contractionMinor: 0, churnedMinor: 0, reactivatedMinor: 0, netChangeMinor: 0, endingMrrMinor: 0,
  });
  return { ...answer, currency: null, currencies: [], periods: answer.periods.map(zero), totals: zero(answer.totals) };
}

/**
 * A deterministic {@link WidgetClient}. In `data` mode it answers {@link mockAnswer}; `subscribe` sends the
 * answer, then every `tickMs` the same answer with the newest bucket grown and `freshAt` moved on.
 */
export function createMockClient(options: MockClientOptions = {}): WidgetClient {
  const mode = options.mode ?? 'data';
  const now = Date.parse(options.now ?? '2026-11-20T12:00:00.000Z');
  const seed = options.seed ?? 1;
  const tickMs = options.tickMs ?? 2000;
  const failure = () => new TallyApiError('unavailable', options.errorMessage ?? 'The query service is unavailable. Try again in a minute.', { status: 503 });

  /** Answers after the latency, or never (`loading`); rejects with the signal's reason on abort. */
  function later<T>(make: () => T, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      signal?.addEventListener('abort', () => reject(signal.reason as unknown), { once: true });
      if (mode === 'loading') return;
      const run = () => {
        if (signal?.aborted) return;
        if (mode === 'error') return reject(failure());
        try {
          resolve(make());
        } catch (error) {
          reject(error);
        }
      };
      if ((options.latencyMs ?? 0) > 0) setTimeout(run, options.latencyMs);
      else queueMicrotask(run);
    });
  }

  const answerFor = (request: QueryRequest, tick = 0) => (mode === 'empty' ? emptyAnswer(request, now) : mockAnswer(request, { seed, now, tick }));

  return {
    query: (request, { signal } = {}) => later(() => answerFor(request), signal),
    subscribe(request, onResult, { onError, signal } = {}) {
      let tick = 0;
      let timer: ReturnType<typeof setInterval> | undefined;
      let stopped = false;
      const stop = () => {
        stopped = true;
        if (timer !== undefined) clearInterval(timer);
      };
      signal?.addEventListener('abort', stop, { once: true });
      later(() => answerFor(request)).then(
        (first) => {
          if (stopped) return;
          onResult(first);
          if (tickMs > 0 && mode === 'data') timer = setInterval(() => onResult(answerFor(request, ++tick)), tickMs);
        },
        (error: unknown) => {
          if (!stopped) onError?.(error instanceof TallyApiError ? error : failure());
        },
      );
      return stop;
    },
    // `empty` mode: no such customer, as the server answers an unknown id.
    customer: (id, { signal } = {}) =>
      later(() => {
        if (mode === 'empty') throw new TallyApiError('not_found', `id: no customer ${JSON.stringify(id)}`, { status: 404, field: 'id' });
        return mockCustomer(id, now);
      }, signal),
    searchCustomers: ({ q, limit = 25 }, { signal } = {}) =>
      later((): CustomerSearchResult => {
        const found = mode === 'empty' ? [] : COMPANIES.filter((id) => id.startsWith(q) || `company ${id.slice(4)}`.startsWith(q.toLowerCase()));
        const all = found.map((id) => {
          const c = mockCustomer(id, now);
          return { id, name: c.name, plan: c.plan, mrr: c.mrr, billingStatus: c.billingStatus, owner: c.owner, healthScore: c.health?.score ?? null, lastSeenAt: c.lastSeenAt };
        });
        // Highest MRR first, ties by id, as the server sorts.
        all.sort((a, b) => b.mrr.amountMinor - a.mrr.amountMinor || (a.id < b.id ? -1 : 1));
        return { items: all.slice(0, limit), nextCursor: null };
      }, signal),
    revenueMovements: (request, { signal } = {}) => later(() => (mode === 'empty' ? noMovements(movements(request, now)) : movements(request, now)), signal),
  };
}
