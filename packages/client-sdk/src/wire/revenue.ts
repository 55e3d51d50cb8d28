import type { Granularity } from './query.ts';

/** Path of the revenue movements endpoint (`GET`). */
export const REVENUE_MOVEMENTS_PATH = '/v1/revenue/movements';

/**
 * MRR movements of one period, in integer minor units of the answer's currency. Movements are signed as they
 * move MRR: `contractionMinor` and `churnedMinor` are ≤ 0, so `netChangeMinor` is the sum of the five and
 * `endingMrrMinor = startingMrrMinor + netChangeMinor`.
 */
export interface RevenueMovementPeriod {
  /** Start of the period (ISO). */
  start: string;
  startingMrrMinor: number;
  newMinor: number;
  expansionMinor: number;
  contractionMinor: number;
  churnedMinor: number;
  reactivatedMinor: number;
  netChangeMinor: number;
  endingMrrMinor: number;
}

/**
 * Answer of `GET /v1/revenue/movements?range=12mo&granularity=month[&timezone=…]` (or `from`/`to` ISO instants
 * instead of `range`).
 *
 * @example
 * { "currency": "USD",
 *   "periods": [{ "start": "2026-10-01T00:00:00.000Z", "startingMrrMinor": 1843700, "newMinor": 99500, "expansionMinor": 30000,
 *                 "contractionMinor": -15000, "churnedMinor": -49900, "reactivatedMinor": 0, "netChangeMinor": 64600,
 *                 "endingMrrMinor": 1908300 }, …],
 *   "totals": { "start": "2025-12-01T00:00:00.000Z", "startingMrrMinor": 1200000, …, "endingMrrMinor": 1912400 },
 *   "meta": { "from": "2025-12-01T00:00:00.000Z", "to": "2026-12-01T00:00:00.000Z", "granularity": "month", "timezone": "UTC", "sources": ["rollup"] } }
 */
export interface RevenueMovementsResponse {
  /** The one currency of the tenant's MRR, or `null` when there is none yet or several (amounts are then summed across them). */
  currency: string | null;
  /** One per bucket, oldest first. */
  periods: RevenueMovementPeriod[];
  /** The whole range as one period. */
  totals: RevenueMovementPeriod;
  meta: {
    from: string;
    to: string;
    granularity: Granularity;
    timezone: string;
    /** Which layers answered: `rollup`, or `raw` events (for a customer-confined token). */
    sources: ('rollup' | 'raw')[];
  };
}
