import { TallyError, type SqlExecutor } from '@tally/core';

/**
 * The demo's progress per tenant, in the `demo_runs` table: the seed and scale, the anchor (`started_at`:
 * the company's history ends there, so a restart regenerates the same events), how far the backfill got,
 * and how many events were sent.
 */

/** A tenant's demo run as stored. */
export interface DemoRun {
  tenant: string;
  seed: number;
  scale: number;
  startedAt: number;
  /** End of the last day the backfill finished (ms), if any. */
  backfilledThrough?: number;
  backfillCompletedAt?: number;
  eventsSent: number;
}

interface Row extends Record<string, unknown> {
  seed: number;
  scale: number;
  started_at: Date | string;
  backfilled_through: Date | string | null;
  backfill_completed_at: Date | string | null;
  events_sent: number | string;
}

const ms = (v: Date | string) => (v instanceof Date ? v.getTime() : Date.parse(v));

/**
 * The tenant's run, created with `startedAt` when there is none. A run recorded with another seed or scale
 * is refused: its events would not deduplicate against the new ones.
 */
export async function claimRun(db: SqlExecutor, tenant: string, seed: number, scale: number, startedAt: number): Promise<DemoRun> {
  await db.query('INSERT INTO demo_runs (tenant, seed, scale, started_at) VALUES ($1, $2, $3, $4) ON CONFLICT (tenant) DO NOTHING', [tenant, seed, scale, new Date(startedAt)]);
  const [row] = await db.query<Row>('SELECT seed, scale, started_at, backfilled_through, backfill_completed_at, events_sent FROM demo_runs WHERE tenant = $1', [tenant]);
  if (!row) throw new TallyError('store_query_failed', `demo_runs: no row for tenant ${tenant} after insert`);
  if (row.seed !== seed || row.scale !== scale) {
    throw new TallyError(
      'invalid_argument',
      `seed: tenant ${tenant} already holds demo data from seed ${row.seed} at scale ${row.scale}; use those, another tenant, or delete its demo_runs row and data`,
      { field: 'seed' },
    );
  }
  return {
    tenant,
    seed,
    scale,
    startedAt: ms(row.started_at),
    ...(row.backfilled_through ? { backfilledThrough: ms(row.backfilled_through) } : {}),
    ...(row.backfill_completed_at ? { backfillCompletedAt: ms(row.backfill_completed_at) } : {}),
    eventsSent: Number(row.events_sent),
  };
}

/** Records that the backfill is done through `through` and `events` more were sent. */
export async function recordBackfill(db: SqlExecutor, tenant: string, through: number, events: number): Promise<void> {
  await db.query('UPDATE demo_runs SET backfilled_through = $2, events_sent = events_sent + $3 WHERE tenant = $1', [tenant, new Date(through), events]);
}

/** Records that the backfill finished. */
export async function completeBackfill(db: SqlExecutor, tenant: string, at: number): Promise<void> {
  await db.query('UPDATE demo_runs SET backfill_completed_at = $2 WHERE tenant = $1', [tenant, new Date(at)]);
}

/** Adds live events to the count. */
export async function recordLive(db: SqlExecutor, tenant: string, events: number): Promise<void> {
  if (events > 0) await db.query('UPDATE demo_runs SET events_sent = events_sent + $2 WHERE tenant = $1', [tenant, events]);
}
