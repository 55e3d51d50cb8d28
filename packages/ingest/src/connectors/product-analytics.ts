import { createHash } from 'node:crypto';
import type { EventTypeName } from './event-types.ts';
import { type Reader, reject, slug } from './fields.ts';

/**
 * Helpers shared by the product-analytics connectors (Tally, Segment, Mixpanel, Amplitude, PostHog): the
 * event type from a free-form name, ids for events that carry none, and property clean-up.
 */

/** A canonical type: one from the table, or `product.<slug>` for a tracked event. */
export type ProductEventType = EventTypeName | `product.${string}`;

/**
 * `product.<slug(name)>`; a name with nothing to slug (`"!!!"`) is refused on `field`.
 *
 * @example productType('Feature Used', 'event') // 'product.feature_used'
 */
export function productType(name: string, field: string): ProductEventType {
  const s = slug(name);
  if (!s) reject('invalid_field', field, `event name ${JSON.stringify(name)} has no letters or digits to name an event type`);
  return `product.${s}`;
}

/**
 * A deterministic id for an event the vendor sent without one: sha256 over the stable fields, hex, first
 * 32 characters. A retried delivery of the same event gets the same id (and is deduplicated).
 */
export function derivedId(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

/** `r.optionalId(key)`, with an empty string read as absent (vendors send `""` for "no user"). */
export function optionalUserId(r: Reader, key: string): string | undefined {
  return r.raw(key) === '' ? undefined : r.optionalId(key);
}

/**
 * An id from a vendor value that may be a string, a whole number, or a list of them (first element, as
 * Mixpanel and Amplitude groups allow several). `undefined` for anything else or an empty string.
 */
export function firstId(value: unknown): string | undefined {
  if (Array.isArray(value)) return firstId(value[0]);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'string' && value !== '' && value.length <= 256) return value;
  return undefined;
}

const SECRET_KEYS = new Set([
  'password', 'passwd', 'secret', 'clientsecret', 'apisecret', 'token', 'accesstoken', 'refreshtoken', 'authtoken',
  'apikey', 'writekey', 'authorization', 'cardnumber', 'cvc', 'cvv',
]);
const EMAIL_KEYS = new Set(['email', 'emailaddress']);
const normKeys = new Map<string, string>();
/** `Api_Key` → `apikey`, memoised: property names repeat across events. */
const normKey = (key: string) => {
  let k = normKeys.get(key);
  if (k === undefined) {
    k = key.toLowerCase().replace(/[^a-z0-9]/g, '');
    if (normKeys.size >= 10_000) normKeys.clear();
    normKeys.set(key, k);
  }
  return k;
};
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A copy of vendor properties without secrets (passwords, tokens, API keys, card numbers) at any depth,
 * and without email addresses unless `keepEmail` (identity events' traits only).
 */
export function scrub(record: Readonly<Record<string, unknown>>, { keepEmail = false }: { keepEmail?: boolean } = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    const k = normKey(key);
    if (SECRET_KEYS.has(k) || (!keepEmail && EMAIL_KEYS.has(k)) || value === undefined) continue;
    out[key] = scrubValue(value, keepEmail);
  }
  return out;
}

const scrubValue = (value: unknown, keepEmail: boolean): unknown =>
  Array.isArray(value) ? value.map((v) => scrubValue(v, keepEmail)) : isPlainObject(value) ? scrub(value, { keepEmail }) : value;

/**
 * Vendor properties with the vendor's own internals dropped: keys in `rename` are kept under their new
 * name, other keys for which `isInternal` holds are dropped, the rest kept as they are; then scrubbed.
 */
export function cleanProperties(
  record: Readonly<Record<string, unknown>>,
  rename: Readonly<Record<string, string>>,
  isInternal: (key: string) => boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    const to = Object.hasOwn(rename, key) ? rename[key] : undefined;
    if (to) out[to] = value;
    else if (!isInternal(key)) out[key] = value;
  }
  return scrub(out);
}

/** `{ key: value }` entries whose value is defined, for optional fields in properties. */
export function defined(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined && v !== null));
}
