import type { Granularity, RevenueMovementPeriod } from '@tally/client-sdk';
import type { WaterfallStep } from '../charts/waterfall.ts';
import { toMajor } from './money.ts';

/** The movements of a period in waterfall order, with their labels: what goes up first, then what goes down. */
export const MOVEMENTS = [
  { key: 'newMinor', label: 'New' },
  { key: 'expansionMinor', label: 'Expansion' },
  { key: 'reactivatedMinor', label: 'Reactivated' },
  { key: 'contractionMinor', label: 'Contraction' },
  { key: 'churnedMinor', label: 'Churned' },
] as const satisfies readonly { key: keyof RevenueMovementPeriod; label: string }[];

/**
 * The waterfall of one period, in major units of `currency`: starting MRR → new, expansion, reactivated
 * (up) → contraction, churned (down) → ending MRR.
 *
 * @example
 * movementSteps(totals, 'USD')[0]; // { label: 'Starting MRR', value: 18437, kind: 'total' }
 */
export function movementSteps(period: RevenueMovementPeriod, currency: string | null): WaterfallStep[] {
  const major = (minor: number) => toMajor(minor, currency);
  return [
    { label: 'Starting MRR', value: major(period.startingMrrMinor), kind: 'total' },
    ...MOVEMENTS.map(({ key, label }) => ({ label, value: major(period[key]), kind: 'change' as const })),
    { label: 'Ending MRR', value: major(period.endingMrrMinor), kind: 'total' },
  ];
}

/** True when the period moved nothing and holds nothing: a tenant without MRR. */
export function isEmptyPeriod(period: RevenueMovementPeriod): boolean {
  return period.startingMrrMinor === 0 && period.endingMrrMinor === 0 && MOVEMENTS.every(({ key }) => period[key] === 0);
}

/**
 * The span `[from, to)` as words in `timeZone`: "Dec 2025 – Nov 2026" by month, "Mar 2 – 8, 2026" by day.
 */
export function spanLabel(from: string, to: string, granularity: Granularity, locale: string | undefined, timeZone: string | undefined): string {
  const start = Date.parse(from);
  const end = Date.parse(to) - 1;
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) return '';
  const options: Intl.DateTimeFormatOptions =
    granularity === 'month' ? { month: 'short', year: 'numeric' } : { month: 'short', day: 'numeric', year: 'numeric' };
  return new Intl.DateTimeFormat(locale, { ...options, timeZone }).formatRange(start, end);
}
