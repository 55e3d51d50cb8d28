import { numberFormatter } from '../format-number.ts';

/**
 * How a metric's raw values are shown: multiply by `scale`, then format with `unit` (a {@link numberFormatter}
 * unit: '' for a plain number, '%', a currency code, or an Intl unit such as `minute`).
 */
export interface DisplayUnit {
  unit: string;
  scale: number;
}

const CURRENCY_CODE = /^[A-Z]{3}$/;

/** Digits after the decimal point of `currency`'s minor unit (USD 2, JPY 0); 2 when unknown. */
export function minorDigits(currency: string | undefined): number {
  if (currency === undefined) return 2;
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/**
 * Picks the display of a query answer's `meta.unit` (the catalog units: count, users, money, ratio, seconds,
 * score). `explicit` is the widget's own unit or currency attribute, which wins.
 *
 * - `money` values are integer minor units: with a currency code they show in major units of that currency;
 *   without one as a plain number in major units (2 decimals assumed);
 * - `ratio` shows as a percentage (0.034 → 3.4%);
 * - `seconds` shows in seconds, minutes or hours, whichever suits `magnitude` (the largest absolute value);
 * - `count`, `users`, `score` and unknown units show as plain numbers.
 *
 * @example
 * displayUnit('money', 'EUR'); // { unit: 'EUR', scale: 0.01 }
 * displayUnit('seconds', undefined, 5400); // { unit: 'hour', scale: 1 / 3600 }
 */
export function displayUnit(metaUnit: string | undefined, explicit: string | undefined, magnitude = 0): DisplayUnit {
  const own = explicit?.trim() || undefined;
  if (metaUnit === 'money') {
    const currency = own !== undefined && CURRENCY_CODE.test(own) ? own : undefined;
    return { unit: currency ?? own ?? '', scale: 10 ** -minorDigits(currency) };
  }
  if (own !== undefined) return { unit: own, scale: 1 };
  if (metaUnit === 'ratio') return { unit: '%', scale: 1 };
  if (metaUnit === 'seconds') {
    if (magnitude >= 7200) return { unit: 'hour', scale: 1 / 3600 };
    if (magnitude >= 120) return { unit: 'minute', scale: 1 / 60 };
    return { unit: 'second', scale: 1 };
  }
  return { unit: '', scale: 1 };
}

/** Formats display values (already scaled): compact for axis ticks, precise for tooltips and tables. */
export interface MetricFormat {
  /** Short, for axis ticks: `$1.2K`, `34%`, `12 min`. */
  tick(value: number): string;
  /** Precise, for tooltips and the data table: `$1,234.50`, `3.42%`, `12.5 minutes`. */
  full(value: number): string;
}

/**
 * The formatter of one {@link DisplayUnit}, or why none could be made (a bad unit or locale, reported as
 * `numberFormatter` does).
 *
 * @example
 * const f = metricFormat({ unit: 'USD', scale: 0.01 }, 'en-US'); // f.ok && f.format.tick(1500) === '$1.5K'
 */
export function metricFormat(
  display: DisplayUnit,
  locale: string | undefined,
): { ok: true; format: MetricFormat } | { ok: false; attribute: 'unit' | 'locale'; message: string } {
  const checked = numberFormatter(display.unit, locale);
  if (!checked.ok) return checked;
  const loc = locale?.trim() || undefined;
  const { unit } = display;
  const kind = unit === '' ? 'plain' : unit === '%' ? 'percent' : CURRENCY_CODE.test(unit) ? 'currency' : 'unit';
  const tickOptions: Record<typeof kind, Intl.NumberFormatOptions> = {
    plain: { notation: 'compact', maximumFractionDigits: 1 },
    percent: { style: 'percent', maximumFractionDigits: 1 },
    currency: { style: 'currency', currency: unit, notation: 'compact', maximumFractionDigits: 1 },
    unit: { style: 'unit', unit, unitDisplay: 'short', notation: 'compact', maximumFractionDigits: 1 },
  };
  // Precise but not noisy: a median of 4,131 s is "1.1 hours", not "1.148 hours".
  const fullOptions: Record<typeof kind, Intl.NumberFormatOptions> = {
    plain: { maximumFractionDigits: 2 },
    percent: { style: 'percent', maximumFractionDigits: 2 },
    currency: { style: 'currency', currency: unit },
    unit: { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: 1 },
  };
  const tick = new Intl.NumberFormat(loc, tickOptions[kind]);
  const full = new Intl.NumberFormat(loc, fullOptions[kind]);
  return { ok: true, format: { tick: (value) => tick.format(value), full: (value) => full.format(value) } };
}
