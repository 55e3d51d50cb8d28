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
 * Answer of `GET /v1/revenue/movements?range=12mo&granularity=month[&timezone=…][&currency=EUR]` (or `from`/`to`
 * ISO instants instead of `range`). Amounts are never added up across currencies: the answer is in one
 * currency, the `currency` parameter or else the tenant's main one (the first of `currencies`).
 *
 * @example
 * { "currency": "USD", "currencies": ["USD", "EUR"],
 *   "periods": [{ "start": "2026-10-01T00:00:00.000Z", "startingMrrMinor": 1843700, "newMinor": 99500, "expansionMinor": 30000,
 *                 "contractionMinor": -15000, "churnedMinor": -49900, "reactivatedMinor": 0, "netChangeMinor": 64600,
 *                 "endingMrrMinor": 1908300 }, …],
 *   "totals": { "start": "2025-12-01T00:00:00.000Z", "startingMrrMinor": 1200000, …, "endingMrrMinor": 1912400 },
 *   "meta": { "from": "2025-12-01T00:00:00.000Z", "to": "2026-12-01T00:00:00.000Z", "granularity": "month", "timezone": "UTC", "sources": ["rollup"] } }
 */
export interface RevenueMovementsResponse {
  /** The currency of every amount: the one asked for, else the tenant's main one; `null` when the tenant has no MRR yet. */
  currency: string | null;
  /** Every currency the tenant has MRR movements in, the largest MRR at the range's end first (the main one). */
  currencies: string[];
  /** One per bucket, oldest first. */
  periods: RevenueMovementPeriod[];
  /** The whole range as one period. */
  totals: RevenueMovementPeriod;
  meta: {
    from: string;
    to: string;
    granularity: Granularity;
    timezone: string;
    /** Which layers answered: `rollup`, or `raw` events (a customer-confined token, or one currency of several). */
    sources: ('rollup' | 'raw')[];
  };
}
