import type { Money } from '@tally/client-sdk';

/** How many minor units a major unit of `currency` has as a power of ten (2 for USD, 0 for JPY); 2 when unknown. */
export function minorDigits(currency: string | null | undefined): number {
  if (!currency) return 2;
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Integer minor units (cents) as major units (dollars) of `currency`. */
export function toMajor(amountMinor: number, currency: string | null | undefined): number {
  return amountMinor / 10 ** minorDigits(currency);
}

/** Formats major units of money; what each style looks like for 1234567 USD in en-US. */
export type MoneyStyle =
  /** `$1,234,567` (no cents from 1,000 up). */
  | 'standard'
  /** `$1.2M`: for chart labels and narrow places. */
  | 'compact'
  /** `$1,234,567.00`: for titles and tables. */
  | 'full';

/**
 * A formatter of money in major units: the currency's symbol when `currency` is an ISO 4217 code, a plain
 * number when it is `null` (a tenant with no or several currencies). Throws nothing: an unknown currency or a
 * bad locale falls back to a plain number in the browser's locale.
 *
 * @example
 * moneyFormat('USD', 'en-US', 'compact')(1_234_567); // '$1.2M'
 */
export function moneyFormat(currency: string | null | undefined, locale: string | undefined, style: MoneyStyle = 'standard'): (major: number) => string {
  const options = (value: number): Intl.NumberFormatOptions => {
    const base: Intl.NumberFormatOptions = currency ? { style: 'currency', currency } : {};
    if (style === 'compact') return { ...base, notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: Math.abs(value) < 1000 ? 0 : 1 };
    if (style === 'full') return currency ? base : { maximumFractionDigits: 2 };
    return Math.abs(value) >= 1000 ? { ...base, minimumFractionDigits: 0, maximumFractionDigits: 0 } : base;
  };
  return (major) => {
    try {
      return new Intl.NumberFormat(locale, options(major)).format(major);
    } catch {
      return new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 }).format(major);
    }
  };
}

/**
 * Formats wire {@link Money} (integer minor units): `{ amountMinor: 19900, currency: 'USD' }` → `$199.00`.
 *
 * @example
 * formatMoney({ amountMinor: 19900, currency: 'USD' }, 'en-US'); // '$199.00'
 */
export function formatMoney(money: Money, locale: string | undefined, style: MoneyStyle = 'standard'): string {
  return moneyFormat(money.currency, locale, style)(toMajor(money.amountMinor, money.currency));
}
