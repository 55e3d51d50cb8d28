import { STORED_METRICS, type CanonicalEvent } from '@tally/core';
import { bucketStart, GRAINS, type Grain } from './buckets.ts';
import { matches, MAX_DIMENSION_VALUE, readPath } from './event-path.ts';

/** One rollup row's change: Σ value and number of contributing events, for a total or one dimension value. */
export interface RollupDelta {
  tenant: string;
  metric: string;
  bucketMs: number;
  /** '' for the metric's total. */
  dimension: string;
  dimValue: string;
  value: number;
  count: number;
}

const COLLECTED = STORED_METRICS.flatMap((m) => (m.source.kind === 'collected' ? [{ name: m.name, source: m.source }] : []));

/**
 * The rollup changes of one batch, pre-aggregated: however many events touch a row, it is one upsert.
 * Every contribution goes to the total row and to one row per dimension the event has a value for, at
 * each grain.
 */
export class RollupDeltas {
  readonly #rows: Record<Grain, Map<string, RollupDelta>> = { hour: new Map(), day: new Map(), month: new Map() };

  /** Adds one contribution of `value` to `metric` at `atMs`. */
  add(tenant: string, metric: string, atMs: number, dimensions: readonly (readonly [string, string])[], value: number): void {
    for (const grain of GRAINS) {
      const bucketMs = bucketStart(grain, atMs);
      this.#bump(grain, tenant, metric, bucketMs, '', '', value);
      for (const [dimension, dimValue] of dimensions) this.#bump(grain, tenant, metric, bucketMs, dimension, dimValue, value);
    }
  }

  /** Adds an event's contributions to every collected metric of the catalog it matches. */
  addEvent(event: CanonicalEvent, atMs: number): void {
    for (const { name, source } of COLLECTED) {
      if (!matches(event, source.match)) continue;
      let value = 1;
      if (source.value) {
        const raw = readPath(event, source.value.from);
        if (typeof raw !== 'number' || !Number.isSafeInteger(raw)) continue;
        value = source.value.negate ? -raw : raw;
      }
      this.add(event.tenant, name, atMs, dimensionsOf(event, source.dimensions), value);
    }
  }

  /** The rows of one grain, sorted by key so that concurrent writers lock rows in the same order. */
  rows(grain: Grain): RollupDelta[] {
    return [...this.#rows[grain].entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  }

  get size(): number {
    return this.#rows.hour.size + this.#rows.day.size + this.#rows.month.size;
  }

  #bump(grain: Grain, tenant: string, metric: string, bucketMs: number, dimension: string, dimValue: string, value: number): void {
    const key = `${tenant}\u0000${metric}\u0000${String(bucketMs).padStart(15, '0')}\u0000${dimension}\u0000${dimValue}`;
    const row = this.#rows[grain].get(key);
    if (row) {
      row.value += value;
      row.count += 1;
    } else {
      this.#rows[grain].set(key, { tenant, metric, bucketMs, dimension, dimValue, value, count: 1 });
    }
  }
}

function dimensionsOf(event: CanonicalEvent, sources: readonly { name: string; from: string }[]): [string, string][] {
  const out: [string, string][] = [];
  for (const d of sources) {
    const v = readPath(event, d.from);
    if (v !== undefined) out.push([d.name, String(v).slice(0, MAX_DIMENSION_VALUE)]);
  }
  return out;
}
