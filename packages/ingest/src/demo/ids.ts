import { hashString, mix } from './random.ts';

/**
 * Deterministic ids in each vendor's style. Uniqueness comes from structure, not luck: every id encodes the
 * coordinates that make it unique (time, account, a counter), and the seeded part only decorates. A 32-bit
 * PRNG alone would repeat itself long before three million events.
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** `value` (as uint32) in lower-case hex, the last `width` digits (2, 4, 6 or 8), zero-padded. */
export function hex(value: number, width: 2 | 4 | 6 | 8): string {
  const v = value >>> 0;
  const low = HEX2[v & 255]!;
  if (width === 2) return low;
  const two = HEX2[(v >>> 8) & 255]! + low;
  if (width === 4) return two;
  const three = HEX2[(v >>> 16) & 255]! + two;
  return width === 6 ? three : HEX2[v >>> 24]! + three;
}

/** A whole number in base 62, left-padded with `0` to `width` (wider when it does not fit). */
export function base62(value: number, width: number): string {
  let out = '';
  let v = Math.floor(Math.abs(value));
  do {
    out = BASE62[v % 62]! + out;
    v = Math.floor(v / 62);
  } while (v > 0);
  return out.padStart(width, '0');
}

/** `length` base-62 characters drawn from the hash of `parts` (decoration only). */
function filler(length: number, ...parts: number[]): string {
  let out = '';
  let h = mix(...parts);
  for (let i = 0; out.length < length; i++) {
    out += BASE62[h % 62]!;
    h = Math.floor(h / 62);
    if (h < 62) h = mix(h, i, ...parts);
  }
  return out;
}

/**
 * A UUIDv7-shaped id: the event time in milliseconds, then `counter` (26 bits), `entity` (24 bits) and a
 * 24-bit `salt`. Unique as long as (time, entity, counter) is.
 *
 * @example uuid7(Date.UTC(2026, 0, 5), 17, 3, salt) // '019b8c1e-a400-7003-8000-000011xxxxxx'
 */
export function uuid7(timeMs: number, entity: number, counter: number, salt: number): string {
  const high = Math.floor(timeMs / 65536);
  const a = (0x7000 | (counter & 0xfff)) >>> 0;
  const b = (0x8000 | (((counter >>> 12) & 3) << 12) | ((counter >>> 14) & 0xfff)) >>> 0;
  return `${hex(high, 8)}-${hex(timeMs & 0xffff, 4)}-${hex(a, 4)}-${hex(b, 4)}-${hex(entity, 6)}${hex(salt, 6)}`;
}

/**
 * A Stripe-style id: `prefix_1` + the entity and counter in base 62 + seeded decoration, 24 characters
 * after the underscore, like `evt_1PcusCreatedA1b2C3d4`.
 */
export function stripeId(prefix: string, salt: number, entity: number, counter: number): string {
  return `${prefix}_1${base62(entity, 4)}${base62(counter, 5)}${filler(14, salt, hashString(prefix), entity, counter)}`;
}

/** A Chargebee-style id (`16CRpYTwv1YYb63b`): 16 base-62 characters, unique per (entity, counter). */
export function chargebeeId(salt: number, entity: number, counter: number): string {
  return `${base62(entity, 4)}${base62(counter, 4)}${filler(8, salt, entity, counter, 1)}`;
}

/** `length` lower-case hex characters, unique per (entity, counter) when `length` ≥ 16. */
export function hexId(length: number, salt: number, entity: number, counter: number): string {
  let out = `${hex(entity, 8)}${hex(counter, 8)}`;
  for (let i = 0; out.length < length; i++) out = hex(mix(salt, entity, counter, i), 8) + out;
  return out.slice(-length);
}

/** The 3-character case-safe suffix Salesforce appends to a 15-character id (one bit per upper-case letter). */
export function salesforceSuffix(fifteen: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = fifteen.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345'[bits]!;
  }
  return suffix;
}

/**
 * An 18-character Salesforce record id: the 3-character key prefix (`001` accounts, `005` users), the
 * entity in base 62, and the case-safe suffix.
 */
export function salesforceId(keyPrefix: string, salt: number, entity: number): string {
  const fifteen = `${keyPrefix}${filler(4, salt, entity, 15)}${base62(entity, 8)}`.slice(0, 15);
  return fifteen + salesforceSuffix(fifteen);
}
