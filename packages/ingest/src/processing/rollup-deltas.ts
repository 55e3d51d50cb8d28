import { STORED_METRICS, type CanonicalEvent, type StoredMetric } from '@tally/core';
import { bucketStart, type Grain } from './buckets.ts';
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

type Collected = { name: string; source: Extract<StoredMetric['source'], { kind: 'collected' }> };
const COLLECTED: Collected[] = STORED_METRICS.flatMap((m) => (m.source.kind === 'collected' ? [{ name: m.name, source: m.source }] : []));
/** Collected metrics that name their types, by type; the rest are checked for every event. */
const BY_TYPE = new Map<string, Collected[]>();
const ANY_TYPE: Collected[] = [];
for (const c of COLLECTED) {
  if (!c.source.match.types) ANY_TYPE.push(c);
  else for (const t of c.source.match.types) BY_TYPE.set(t, [...(BY_TYPE.get(t) ?? []), c]);
}
const candidates = (type: string): readonly Collected[] => {
  const named = BY_TYPE.get(type);
  return named ? (ANY_TYPE.length ? [...ANY_TYPE, ...named] : named) : ANY_TYPE;
};
const CANDIDATES = new Map<string, readonly Collected[]>();

/**
 * The rollup changes of one batch, pre-aggregated: however many events touch a row, it is one upsert.
 * Every contribution goes to the total row and to one row per dimension the event has a value for. Events
 * are summed into hour rows; day and month rows are sums of those (far fewer than the events).
 */
export class RollupDeltas {
  readonly #hours = new Map<string, RollupDelta>();

  /** Adds one contribution of `value` to `metric` at `atMs`. */
  add(tenant: string, metric: string, atMs: number, dimensions: readonly (readonly [string, string])[], value: number): void {
    const bucketMs = bucketStart('hour', atMs);
    const prefix = `${tenant}\u0000${metric}\u0000${bucketMs}\u0000`;
    this.#bump(prefix, tenant, metric, bucketMs, '', '', value, 1);
    for (const [dimension, dimValue] of dimensions) this.#bump(prefix, tenant, metric, bucketMs, dimension, dimValue, value, 1);
  }

  /** Adds an event's contributions to every collected metric of the catalog it matches. */
  addEvent(event: CanonicalEvent, atMs: number): void {
    let list = CANDIDATES.get(event.type);
    if (!list) {
      list = candidates(event.type);
      if (CANDIDATES.size < 10_000) CANDIDATES.set(event.type, list);
    }
    for (const { name, source } of list) {
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

  /** The rows of one grain, sorted by (tenant, metric, bucket, dimension, value): concurrent writers lock rows in one order. */
  rows(grain: Grain): RollupDelta[] {
    let rows = [...this.#hours.values()];
    if (grain !== 'hour') {
      const coarse = new Map<string, RollupDelta>();
      for (const r of rows) {
        const bucketMs = bucketStart(grain, r.bucketMs);
        const key = `${r.tenant}\u0000${r.metric}\u0000${bucketMs}\u0000${r.dimension}\u0000${r.dimValue}`;
        const row = coarse.get(key);
        if (row) {
          row.value += r.value;
          row.count += r.count;
        } else coarse.set(key, { ...r, bucketMs });
      }
      rows = [...coarse.values()];
    }
    return rows.sort(compareRows);
  }

  get size(): number {
    return this.#hours.size;
  }

  #bump(prefix: string, tenant: string, metric: string, bucketMs: number, dimension: string, dimValue: string, value: number, count: number): void {
    const key = dimension === '' ? prefix : `${prefix}${dimension}\u0000${dimValue}`;
    const row = this.#hours.get(key);
    if (row) {
      row.value += value;
      row.count += count;
    } else {
      this.#hours.set(key, { tenant, metric, bucketMs, dimension, dimValue, value, count });
    }
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
function compareRows(a: RollupDelta, b: RollupDelta): number {
  return cmp(a.tenant, b.tenant) || cmp(a.metric, b.metric) || a.bucketMs - b.bucketMs || cmp(a.dimension, b.dimension) || cmp(a.dimValue, b.dimValue);
}

function dimensionsOf(event: CanonicalEvent, sources: readonly { name: string; from: string }[]): [string, string][] {
  const out: [string, string][] = [];
  for (const d of sources) {
    const v = readPath(event, d.from);
    if (v !== undefined) out.push([d.name, String(v).slice(0, MAX_DIMENSION_VALUE)]);
  }
  return out;
}
