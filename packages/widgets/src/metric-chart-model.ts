import type { Granularity, QueryResponse, QuerySeries } from '@tally/client-sdk';

/** One drawn series: a group (or the whole metric) and, with `compare`, its previous period. */
export interface ModelSeries {
  /** Stable key: the group's value, or `''` without `groupBy`. */
  key: string;
  /** Legend and table label. */
  label: string;
  /** Raw values per bucket of {@link ChartModel.starts}; null where undefined or missing. */
  values: (number | null)[];
  total: number | null;
  /** The previous period's raw values, aligned with the current buckets by position. */
  previous?: (number | null)[];
  /** The previous period's bucket starts, aligned the same way (for labels). */
  previousStarts?: (Date | null)[];
}

/** A query answer reshaped for drawing, the table and export. */
export interface ChartModel {
  metric: string;
  /** The catalog unit (`meta.unit`). */
  unit: string;
  granularity: Granularity;
  timezone: string;
  freshAt: Date | null;
  /** Bucket starts, oldest first: the union of every series' points. */
  starts: Date[];
  /** Bucket ends (the next start; the range's end for the last one). */
  ends: Date[];
  series: ModelSeries[];
  /** True when there are no buckets or no defined value at all. */
  empty: boolean;
}

const ACRONYMS = new Set(['mrr', 'arr', 'dau', 'wau', 'mau', 'csat', 'nrr']);

/**
 * A readable title for a catalog metric name: `median_first_response` → `Median first response`,
 * `mrr` → `MRR`.
 */
export function metricTitle(metric: string): string {
  const words = metric.split('_').filter(Boolean).map((w) => (ACRONYMS.has(w) ? w.toUpperCase() : w));
  const first = words[0] ?? metric;
  words[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return words.join(' ');
}

/**
 * Reshapes a query answer: every series on one list of buckets, previous periods aligned by position,
 * groups labelled by their value (`(none)` for a missing one) and the ungrouped series by `label`.
 */
export function chartModel(response: QueryResponse, label: string): ChartModel {
  const { meta } = response;
  const keys = new Set<string>();
  for (const s of response.series) for (const p of s.points) keys.add(p.t);
  const sorted = [...keys].map((t) => ({ t, ms: Date.parse(t) })).filter((k) => !Number.isNaN(k.ms));
  sorted.sort((a, b) => a.ms - b.ms);
  const index = new Map(sorted.map((k, i) => [k.t, i]));
  const starts = sorted.map((k) => new Date(k.ms));
  const to = Date.parse(meta.to);
  const ends = starts.map((start, i) => {
    const next = starts[i + 1];
    if (next !== undefined) return next;
    if (!Number.isNaN(to) && to > start.getTime()) return new Date(to);
    const before = starts[i - 1];
    return new Date(start.getTime() + (before === undefined ? 86_400_000 : start.getTime() - before.getTime()));
  });

  const grouped = response.series.length > 1 || response.series.some((s) => s.group !== undefined);
  const series = response.series.map((s, i): ModelSeries => {
    const values: (number | null)[] = starts.map(() => null);
    for (const p of s.points) {
      const at = index.get(p.t);
      if (at !== undefined) values[at] = finite(p.v);
    }
    const key = s.group ?? (grouped ? `#${i}` : '');
    const out: ModelSeries = { key, label: grouped ? s.group || '(none)' : label, values, total: finite(s.total) };
    const previous = matchPrevious(response.previous, s, i);
    if (previous !== undefined) {
      out.previous = starts.map((_, j) => finite(previous.points[j]?.v ?? null));
      out.previousStarts = starts.map((_, j) => {
        const t = previous.points[j]?.t;
        return t === undefined || Number.isNaN(Date.parse(t)) ? null : new Date(t);
      });
    }
    return out;
  });

  const empty = starts.length === 0 || series.every((s) => s.values.every((v) => v === null));
  const freshAt = meta.freshAt === null ? null : new Date(meta.freshAt);
  return {
    metric: meta.metric,
    unit: meta.unit,
    granularity: meta.granularity,
    timezone: meta.timezone,
    freshAt: freshAt !== null && Number.isNaN(freshAt.getTime()) ? null : freshAt,
    starts,
    ends,
    series,
    empty,
  };
}

/** The largest absolute defined value, current or previous (picks seconds, minutes or hours). */
export function magnitude(model: ChartModel): number {
  let most = 0;
  for (const s of model.series) {
    for (const v of s.values) if (v !== null && Math.abs(v) > most) most = Math.abs(v);
    for (const v of s.previous ?? []) if (v !== null && Math.abs(v) > most) most = Math.abs(v);
  }
  return most;
}

function matchPrevious(previous: QuerySeries[] | undefined, current: QuerySeries, i: number): QuerySeries | undefined {
  if (previous === undefined) return undefined;
  return current.group === undefined ? previous[i] : previous.find((p) => p.group === current.group);
}

function finite(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
