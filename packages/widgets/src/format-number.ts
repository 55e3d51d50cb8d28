/** A formatter, or why none could be made: the attribute to blame and a message naming it. */
export type FormatterResult =
  | { ok: true; format: (value: number) => string; fullFormat: (value: number) => string }
  | { ok: false; attribute: 'unit' | 'locale'; message: string };

const CURRENCY_CODE = /^[A-Z]{3}$/;

function knownCurrencies(): ReadonlySet<string> | undefined {
  const supportedValuesOf = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  return supportedValuesOf === undefined ? undefined : new Set(supportedValuesOf('currency'));
}

function optionsFor(unit: string, value: number): Intl.NumberFormatOptions {
  if (unit === '') return { notation: 'compact', maximumFractionDigits: 1 };
  if (unit === '%') return { style: 'percent', maximumFractionDigits: 1 };
  if (CURRENCY_CODE.test(unit)) {
    const size = Math.abs(value);
    if (size >= 1e6) return { style: 'currency', currency: unit, notation: 'compact', maximumFractionDigits: 1 };
    if (size >= 1000) return { style: 'currency', currency: unit, minimumFractionDigits: 0, maximumFractionDigits: 0 };
    return { style: 'currency', currency: unit };
  }
  return { style: 'unit', unit, unitDisplay: 'short', notation: 'compact', maximumFractionDigits: 1 };
}

function fullOptionsFor(unit: string): Intl.NumberFormatOptions {
  if (unit === '') return {};
  if (unit === '%') return { style: 'percent', maximumFractionDigits: 4 };
  if (CURRENCY_CODE.test(unit)) return { style: 'currency', currency: unit };
  return { style: 'unit', unit, unitDisplay: 'long' };
}

/**
 * Picks the number formatting for a KPI `unit`:
 * - none: plain number, compact (`123.5K`);
 * - `%`: the value is a ratio, `0.034` → `3.4%`;
 * - an ISO 4217 code such as `USD`: currency in major units (`$123,456`, `$12.3M` from a million up);
 * - an Intl unit identifier such as `millisecond` or `gigabyte`: `12 ms`.
 *
 * Anything else (and an ill-formed `locale`) is reported, not thrown.
 *
 * @example
 * const f = numberFormatter('USD', 'en-US'); // f.ok && f.format(123456) === '$123,456'
 */
export function numberFormatter(unit: string | undefined, locale: string | undefined): FormatterResult {
  const u = unit?.trim() ?? '';
  const loc = locale?.trim() || undefined;
  try {
    new Intl.NumberFormat(loc);
  } catch {
    return { ok: false, attribute: 'locale', message: `invalid locale: ${JSON.stringify(locale)} is not a BCP 47 tag` };
  }
  const invalidUnit = (): FormatterResult => ({
    ok: false,
    attribute: 'unit',
    message: `invalid unit: ${JSON.stringify(unit)}; expected %, a currency code such as USD, or a unit such as millisecond`,
  });
  if (CURRENCY_CODE.test(u) && knownCurrencies()?.has(u) === false) return invalidUnit();
  try {
    new Intl.NumberFormat(loc, optionsFor(u, 0));
  } catch {
    return invalidUnit();
  }
  return {
    ok: true,
    format: (value) => new Intl.NumberFormat(loc, optionsFor(u, value)).format(value),
    fullFormat: (value) => new Intl.NumberFormat(loc, fullOptionsFor(u)).format(value),
  };
}

/** Direction of a relative change, for the ▲/▼ marker and its class. */
export type DeltaDirection = 'up' | 'down' | 'flat';

/**
 * Formats a relative change (`0.12` → `▲ 12%`, `-0.034` → `▼ 3.4%`).
 *
 * @example
 * formatDelta(0.12, 'en-US'); // { direction: 'up', text: '▲ 12%', label: 'up 12%' }
 */
export function formatDelta(
  delta: number,
  locale: string | undefined,
): { direction: DeltaDirection; text: string; label: string } {
  const direction: DeltaDirection = delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat';
  const percent = new Intl.NumberFormat(locale?.trim() || undefined, {
    style: 'percent',
    maximumFractionDigits: 1,
    signDisplay: 'never',
  }).format(delta);
  const arrow = direction === 'up' ? '▲ ' : direction === 'down' ? '▼ ' : '';
  return { direction, text: `${arrow}${percent}`, label: direction === 'flat' ? `no change` : `${direction} ${percent}` };
}
