/** The three rollup grains and the start (UTC) of the bucket holding an instant. */
export const GRAINS = ['hour', 'day', 'month'] as const;
export type Grain = (typeof GRAINS)[number];

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export function bucketStart(grain: Grain, ms: number): number {
  if (grain === 'hour') return ms - (((ms % HOUR_MS) + HOUR_MS) % HOUR_MS);
  if (grain === 'day') return ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

const dayLabels = new Map<number, string>();

/** `2026-11-25` for an instant (labels are cached per day: this runs for every event). */
export function utcDay(ms: number): string {
  const day = ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);
  let label = dayLabels.get(day);
  if (label === undefined) {
    if (dayLabels.size > 4096) dayLabels.clear();
    label = new Date(day).toISOString().slice(0, 10);
    dayLabels.set(day, label);
  }
  return label;
}
