import { type Reader, reject } from './fields.ts';

/**
 * ISO-4217 minor-unit digits for currencies that do not use two. Everything else has two (cents).
 * Source: the ISO-4217 list ("minor unit" column); only the exceptions are written down.
 */
const NON_DEFAULT_DIGITS: Readonly<Record<string, number>> = {
  // no minor unit
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  // thousandths
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

/**
 * How many minor-unit digits a currency has: 0 for JPY/KRW…, 3 for BHD/KWD/OMR/JOD/TND…, else 2.
 *
 * @example currencyDigits('JPY') // 0
 */
export function currencyDigits(currency: string): number {
  return NON_DEFAULT_DIGITS[currency.toUpperCase()] ?? 2;
}

/**
 * A major-unit amount (`19.99`) as integer minor units of `currency` (`1999`), rounding half away from
 * zero on the decimal text so `1.005` becomes `101`, not `100`.
 */
export function toMinorUnits(amountMajor: number, currency: string): number {
  const digits = currencyDigits(currency);
  const abs = Math.abs(amountMajor);
  const text = String(abs);
  // Shifting the decimal point in the text avoids binary float error (1.005 * 100 = 100.49999…).
  const shifted = text.includes('e') ? abs * 10 ** digits : Number(`${text}e${digits}`);
  const minor = Math.round(shifted);
  return amountMajor < 0 && minor !== 0 ? -minor : minor;
}

/**
 * Reads a major-unit amount that vendors send as a number or as decimal text (`"39.95"`); refuses anything
 * else, naming the field.
 */
export function readAmount(r: Reader, key: string): number {
  const v = r.raw(key);
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\s*-?\d+(?:\.\d+)?\s*$/.test(v)) return Number(v);
  return reject('invalid_field', r.at(key), `expected an amount in major units, got ${JSON.stringify(v)}`);
}

/**
 * Revenue from a major-unit amount and an optional currency field (default `USD`), as canonical
 * `{ amountMinor, currency }`. Refuses amounts too large to be a safe integer of minor units.
 */
export function revenueOf(amountMajor: number, r: Reader, currencyKey: string, field: string): { amountMinor: number; currency: string } {
  const currency = r.has(currencyKey) ? r.currency(currencyKey) : 'USD';
  const amountMinor = toMinorUnits(amountMajor, currency);
  if (!Number.isSafeInteger(amountMinor)) reject('invalid_field', field, `amount ${amountMajor} is out of range`);
  return { amountMinor, currency };
}
