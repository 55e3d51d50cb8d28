/**
 * Formatting for `<customer-360>`: relative times in the reader's locale and time zone, health bands, and
 * readable names for event types and statuses.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The calendar day (`Date.UTC` of Y-M-D) that instant `ms` falls on in `timeZone`. */
function dayNumber(ms: number, timeZone: string | undefined): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(ms);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day')) / DAY;
}

/**
 * `iso` relative to `now`: "5 minutes ago", "yesterday", "3 weeks ago". From a day up, days are counted as
 * calendar days in `timeZone` (so "yesterday" is the reader's yesterday), not as 24-hour spans.
 *
 * @example
 * relativeTime('2026-11-19T22:00:00Z', Date.parse('2026-11-20T09:00:00Z'), 'en', 'UTC'); // 'yesterday'
 */
export function relativeTime(iso: string, now: number, locale: string | undefined, timeZone: string | undefined): string {
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return '';
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const diff = at - now;
  const size = Math.abs(diff);
  if (size < MINUTE) return format.format(Math.round(diff / 1000), 'second');
  if (size < HOUR) return format.format(Math.round(diff / MINUTE), 'minute');
  const days = dayNumber(at, timeZone) - dayNumber(now, timeZone);
  if (days === 0) return format.format(Math.round(diff / HOUR), 'hour');
  if (Math.abs(days) < 7) return format.format(days, 'day');
  if (Math.abs(days) < 30) return format.format(Math.trunc(days / 7), 'week');
  if (Math.abs(days) < 365) return format.format(Math.trunc(days / 30), 'month');
  return format.format(Math.trunc(days / 365), 'year');
}

/** `iso` as a full date and time in `timeZone` (for titles and tables). */
export function dateTime(iso: string, locale: string | undefined, timeZone: string | undefined): string {
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(at);
}

/** A calendar day (`YYYY-MM-DD`, UTC as the API sends usage days) as a short date. */
export function shortDay(day: string, locale: string | undefined): string {
  const at = Date.parse(`${day}T00:00:00Z`);
  if (!Number.isFinite(at)) return day;
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(at);
}

/** Where a health score (0–100) stands. */
export type HealthBand = 'good' | 'fair' | 'poor';

/**
 * The band of a health score, with its words: 70–100 healthy, 40–69 at risk, 0–39 critical. `null` (no data)
 * has no band.
 */
export function healthBand(score: number): { band: HealthBand; label: string } {
  if (score >= 70) return { band: 'good', label: 'Healthy' };
  if (score >= 40) return { band: 'fair', label: 'At risk' };
  return { band: 'poor', label: 'Critical' };
}

/** `billing.invoice_paid` → "Invoice paid"; `past_due` → "Past due". */
export function humanize(code: string): string {
  const last = code.includes('.') ? code.slice(code.lastIndexOf('.') + 1) : code;
  const words = last.replace(/[_-]+/g, ' ').trim();
  return words === '' ? code : words[0]!.toUpperCase() + words.slice(1);
}

/** The kind of a timeline event (the part before the first dot): `billing`, `support`, `crm`, `identity`. */
export function eventKind(type: string): string {
  const dot = type.indexOf('.');
  return dot < 0 ? 'other' : type.slice(0, dot);
}

/** A percentage of a ratio: `0.75` → "75%". */
export function percent(ratio: number, locale: string | undefined): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(ratio);
}
