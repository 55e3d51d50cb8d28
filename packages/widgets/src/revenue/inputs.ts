import type { Granularity } from '@tally/client-sdk';
import type { TallyErrorDetail } from '../events.ts';

/**
 * Checks of the attributes Tally's data widgets share. Each returns the `tally-error` detail naming the
 * attribute, or `undefined` when the input is fine (unset counts as fine).
 */

const GRANULARITIES: readonly string[] = ['hour', 'day', 'week', 'month'] satisfies Granularity[];
const RELATIVE_RANGE = /^[1-9]\d{0,5}(h|d|mo)$/;

/** A `tally-error` detail for `attribute`. */
export function invalid(attribute: string, message: string): TallyErrorDetail {
  return { code: 'invalid_attribute', attribute, message };
}

/** `"text"` for strings, `String(value)` otherwise: how messages quote what they got. */
export function show(input: unknown): string {
  return typeof input === 'string' ? JSON.stringify(input) : String(input);
}

/** A BCP 47 `locale` that `Intl` accepts. */
export function checkLocale(locale: string | undefined): TallyErrorDetail | undefined {
  if (locale == null || locale.trim() === '') return undefined;
  try {
    new Intl.NumberFormat(locale.trim());
    return undefined;
  } catch {
    return invalid('locale', `invalid locale: ${show(locale)} is not a BCP 47 tag`);
  }
}

/** An IANA `timezone` that `Intl` knows. */
export function checkTimezone(timezone: string | undefined): TallyErrorDetail | undefined {
  if (timezone == null || timezone.trim() === '') return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone.trim() });
    return undefined;
  } catch {
    return invalid('timezone', `invalid timezone: ${show(timezone)} is not an IANA time zone such as Europe/Paris`);
  }
}

/** A relative `range` as the query API takes it: `24h`, `30d`, `12mo`. */
export function checkRange(range: string | undefined): TallyErrorDetail | undefined {
  if (range == null || RELATIVE_RANGE.test(range.trim())) return undefined;
  return invalid('range', `invalid range: ${show(range)}; expected a relative range such as 24h, 30d or 12mo`);
}

/** A `granularity`: hour, day, week or month. */
export function checkGranularity(granularity: string | undefined): TallyErrorDetail | undefined {
  if (granularity == null || GRANULARITIES.includes(granularity.trim())) return undefined;
  return invalid('granularity', `invalid granularity: ${show(granularity)}; expected hour, day, week or month`);
}

/** An ISO 4217 `currency` code that `Intl` knows. */
export function checkCurrency(currency: string | undefined): TallyErrorDetail | undefined {
  if (currency == null || currency.trim() === '') return undefined;
  const code = currency.trim();
  const known = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('currency');
  if (/^[A-Z]{3}$/.test(code) && (known === undefined || known.includes(code))) return undefined;
  return invalid('currency', `invalid currency: ${show(currency)}; expected an ISO 4217 code such as USD`);
}

/** The trimmed value, or `undefined` when blank. */
export const trimmed = (value: string | null | undefined): string | undefined => {
  const text = value?.trim();
  return text ? text : undefined;
};
