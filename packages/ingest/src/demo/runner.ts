import { TallyError } from '@tally/core';
import { productEventsOn } from './activity.ts';
import { buildCompany, HISTORY_DAYS, type Company } from './company.ts';
import { happeningRequests, productRequests } from './formats/encode.ts';
import type { EncodeContext } from './formats/outgoing.ts';
import { runLive } from './live.ts';
import { DAY_MS, DEMO_VENDORS, type DemoVendor } from './model.ts';
import { claimRun, completeBackfill, recordBackfill, recordLive } from './progress.ts';
import { Sender, type FetchLike, type SendStats } from './sender.ts';
import type { DemoSetup } from './setup.ts';

/** Where the demo is, for a progress line. */
export interface DemoProgress {
  phase: 'backfill' | 'live';
  /** Backfill: days finished out of `days` (counting days a previous run finished). Live: equal to `days`. */
  day: number;
  days: number;
  /** Items sent by this run so far (in this phase). */
  events: number;
  eventsPerSecond: number;
}

/** Options for {@link runDemo}. */
export interface RunDemoOptions {
  /** Where Tally listens, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** From {@link prepareDemoTenant}. */
  setup: DemoSetup;
  /** Any integer from 0 to 2^31-1. @default 42 */
  seed?: number;
  /** Multiplies accounts, users and activity (1 ≈ 500 accounts, 20,000 users, 3 million events a year). @default 1 */
  scale?: number;
  /** Days of history to backfill, up to 365 (the most recent ones). @default 365 */
  days?: number;
  /** Live events per second after the backfill; 0 returns once the backfill is done. @default 20 */
  liveRate?: number;
  onProgress?: (progress: DemoProgress) => void;
  /** Stops the run: the backfill stops after the days in flight (progress is kept), the live stream at once. */
  signal?: AbortSignal;
  /** The clock. @default Date.now */
  now?: () => number;
  /** How to POST (tests pass Hono's `app.request`). @default a keep-alive `node:http` client */
  fetch?: FetchLike;
  /** Requests in flight at once. @default 16 */
  concurrency?: number;
  /** Vendors to send as (others are skipped). @default every vendor the demo speaks */
  vendors?: readonly DemoVendor[];
}

/** What a run did. */
export interface DemoReport {
  tenant: string;
  seed: number;
  scale: number;
  /** The anchor: the demo company's history ends here (the tenant's first run). */
  anchor: string;
  backfill: {
    /** True when an earlier run had finished it. */
    skipped: boolean;
    /** First day sent by this run (YYYY-MM-DD), when any. */
    fromDay?: string;
    daysSent: number;
    completed: boolean;
  };
  live: { events: number };
  /** Per-item answers from ingest; `rejected` should be 0 (a rejection is a bug, see `rejections`). */
  sent: SendStats;
  durationMs: number;
}

const dayLabel = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const isAbort = (err: unknown) => (err as Error | undefined)?.name === 'AbortError';

function check(name: string, value: number, ok: boolean, expected: string): void {
  if (!ok) throw new TallyError('invalid_argument', `${name}: expected ${expected}, got ${value}`, { field: name });
}

/**
 * Runs the demo: backfills the last `days` days of the demo company's history through the real ingest
 * endpoints, in time order and day by day, recording progress in `demo_runs` (a restart resumes after the
 * last finished day, and skips a finished backfill), then streams live events until `signal` aborts.
 * The same seed and scale give the same events, ids included, so anything re-sent is deduplicated.
 *
 * @example
 * const setup = await prepareDemoTenant(store);
 * const stop = new AbortController();
 * await runDemo({ baseUrl: 'http://127.0.0.1:3000', setup, seed: 42, scale: 1, signal: stop.signal,
 *   onProgress: (p) => console.log(`${p.phase} ${p.day}/${p.days}: ${p.events} events, ${Math.round(p.eventsPerSecond)}/s`) });
 */
export async function runDemo(options: RunDemoOptions): Promise<DemoReport> {
  const { baseUrl, setup, seed = 42, scale = 1, days = HISTORY_DAYS, liveRate = 20, onProgress, signal } = options;
  const now = options.now ?? Date.now;
  check('seed', seed, Number.isInteger(seed) && seed >= 0 && seed <= 2 ** 31 - 1, 'an integer from 0 to 2147483647');
  check('scale', scale, Number.isFinite(scale) && scale > 0 && scale <= 100, 'a number above 0, at most 100');
  check('days', days, Number.isInteger(days) && days >= 1 && days <= HISTORY_DAYS, `a whole number of days from 1 to ${HISTORY_DAYS}`);
  check('liveRate', liveRate, Number.isFinite(liveRate) && liveRate >= 0, 'events per second, 0 or more');
  const vendors = new Set(options.vendors ?? DEMO_VENDORS);
  const begun = now();

  const run = await claimRun(setup.store, setup.tenant, seed, scale, begun);
  const company = buildCompany({ seed, scale, endMs: run.startedAt });
  const ctx: EncodeContext = { company, tenant: setup.tenant, ingestKey: setup.ingestKey, secrets: setup.secrets };
  const sender = new Sender({ baseUrl, now, ...(options.fetch ? { fetch: options.fetch } : {}), concurrency: options.concurrency ?? 16, ...(signal ? { signal } : {}) });
  const report: DemoReport = {
    tenant: setup.tenant,
    seed,
    scale,
    anchor: new Date(run.startedAt).toISOString(),
    backfill: { skipped: run.backfillCompletedAt !== undefined, daysSent: 0, completed: run.backfillCompletedAt !== undefined },
    live: { events: 0 },
    sent: sender.stats,
    durationMs: 0,
  };

  try {
    await backfillThenLive(company, ctx, sender, { setup, run, days, now, signal, onProgress, report, vendors, begun }, liveRate);
  } finally {
    sender.close();
  }
  report.durationMs = now() - begun;
  return report;
}

/** The run's two phases. */
async function backfillThenLive(company: Company, ctx: EncodeContext, sender: Sender, b: RunContext, liveRate: number): Promise<void> {
  const { setup, report, days, now, signal, onProgress, vendors } = b;
  if (!report.backfill.skipped) {
    report.backfill.completed = await backfill(company, ctx, sender, b);
    if (report.backfill.completed) await completeBackfill(setup.store, setup.tenant, now());
  }
  if (liveRate > 0 && !signal?.aborted) {
    let recorded = 0;
    report.live.events = await runLive({
      company,
      ctx,
      vendors,
      sender,
      rate: liveRate,
      now,
      ...(signal ? { signal } : {}),
      onTick: (events, eventsPerSecond) => {
        onProgress?.({ phase: 'live', day: days, days, events, eventsPerSecond });
        if (events - recorded >= 1000) {
          void recordLive(setup.store, setup.tenant, events - recorded).catch(() => {});
          recorded = events;
        }
      },
    });
    await recordLive(setup.store, setup.tenant, report.live.events - recorded);
  }
}

/** What both phases of a run share. */
interface RunContext {
  setup: DemoSetup;
  run: Awaited<ReturnType<typeof claimRun>>;
  days: number;
  now: () => number;
  signal: AbortSignal | undefined;
  onProgress: ((p: DemoProgress) => void) | undefined;
  report: DemoReport;
  vendors: ReadonlySet<DemoVendor>;
  begun: number;
}

const MAX_DAYS_IN_FLIGHT = 16;
const MAX_ITEMS_IN_FLIGHT = 30_000;

/**
 * Sends the days not yet done, in order, a few days in flight (bounded by their items); progress is recorded
 * day by day as each finishes, in order. True once the last day is done.
 */
async function backfill(company: Company, ctx: EncodeContext, sender: Sender, b: RunContext): Promise<boolean> {
  const { setup, run, days, now, signal, onProgress, report, vendors, begun } = b;
  const windowStart = company.lastDay - days + 1;
  // Ingest refuses events older than its retention window (400 days by default); skip days past it.
  const oldestAccepted = Math.floor((now() - 399 * DAY_MS) / DAY_MS) + 1;
  let first = Math.max(windowStart, oldestAccepted);
  if (run.backfilledThrough !== undefined) {
    first = Math.max(first, run.backfilledThrough >= company.endMs ? company.lastDay + 1 : Math.floor(run.backfilledThrough / DAY_MS));
  }
  if (first > company.lastDay) return true;
  report.backfill.fromDay = dayLabel(first);

  let sent = 0;
  let lastDone = first - 1;
  const inFlight: { day: number; items: number; done: Promise<unknown> }[] = [];
  const finish = async () => {
    const { day, items, done } = inFlight.shift()!;
    await done;
    await recordBackfill(setup.store, setup.tenant, Math.min((day + 1) * DAY_MS, company.endMs), items);
    sent += items;
    lastDone = day;
    report.backfill.daysSent++;
    const elapsed = Math.max(1, now() - begun) / 1000;
    onProgress?.({ phase: 'backfill', day: day - windowStart + 1, days, events: sent, eventsPerSecond: sent / elapsed });
  };
  try {
    for (let day = first; day <= company.lastDay && !signal?.aborted; day++) {
      const requests = [...happeningRequests(company.happeningsOn(day), ctx, vendors), ...productRequests(productEventsOn(company, day, company.endMs), ctx, vendors)];
      const items = requests.reduce((sum, r) => sum + r.items, 0);
      const done = Promise.all(requests.map((r) => sender.send(r)));
      done.catch(() => {}); // awaited in order by finish(); this only keeps an early failure from going unhandled
      inFlight.push({ day, items, done });
      // Quiet early days are small: keep several in flight, but never much more than a busy day's worth.
      while (inFlight.length >= MAX_DAYS_IN_FLIGHT || (inFlight.length > 1 && inFlight.reduce((n, f) => n + f.items, 0) > MAX_ITEMS_IN_FLIGHT)) await finish();
    }
    while (inFlight.length > 0) await finish();
  } catch (err) {
    await Promise.allSettled(inFlight.map((f) => f.done));
    if (!isAbort(err)) throw err;
  }
  return lastDone === company.lastDay;
}
