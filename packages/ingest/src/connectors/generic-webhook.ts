import { eventTypeSchema, type Revenue } from '@tally/core';
import { normaliseWith, reject, Reader, slug, toIsoTime } from './fields.ts';
import { parseGenericWebhookOptions, type GenericWebhookOptions } from './generic-webhook-options.ts';
import { pointerToPath, resolvePointer } from './json-pointer.ts';
import { hmac, invalid, missing, safeEqual } from './signatures.ts';
import type { Connector, EventDraft, Rejection, SignedRequest, SourceConfig, VerifyResult } from './types.ts';

export { parseGenericWebhookOptions } from './generic-webhook-options.ts';
export type { GenericWebhookOptions, ParsedOptions } from './generic-webhook-options.ts';

/** Largest JSON size of `properties` when the whole item is kept (no `properties` mapping). */
export const MAX_ITEM_PROPERTIES_BYTES = 16 * 1024;

const optionsRejection = (message: string): Rejection => ({ code: 'invalid_item', field: '', message: `webhook source options: ${message}` });

/** The value at `pointer` in `item`; `undefined` for missing, `null` and `""`. */
function lookup(item: unknown, pointer: string): unknown {
  const found = resolvePointer(item, pointer);
  return found.found && found.value !== null && found.value !== '' ? found.value : undefined;
}

function required(item: unknown, pointer: string, base: string): unknown {
  const value = lookup(item, pointer);
  return value === undefined ? reject('missing_field', pointerToPath(pointer, base), 'is required') : value;
}

function asId(value: unknown, field: string): string {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'string' && value.length <= 256) return value;
  return reject('invalid_field', field, `expected a string of at most 256 characters or an integer, got ${JSON.stringify(value)}`);
}

function optionalId(item: unknown, pointer: string | undefined, base: string): string | undefined {
  if (pointer === undefined) return undefined;
  const value = lookup(item, pointer);
  return value === undefined ? undefined : asId(value, pointerToPath(pointer, base));
}

function eventType(item: unknown, o: GenericWebhookOptions, base: string): string {
  if (typeof o.type !== 'string') return o.type.const;
  const field = pointerToPath(o.type, base);
  const name = required(item, o.type, base);
  if (typeof name !== 'string') return reject('invalid_field', field, `expected an event name, got ${JSON.stringify(name)}`);
  const s = slug(name);
  const type = `${o.typePrefix}.${s}`;
  if (!s || !eventTypeSchema.safeParse(type).success) {
    return reject('invalid_field', field, `cannot make an event type of ${JSON.stringify(name.slice(0, 64))}`);
  }
  return type;
}

function revenue(item: unknown, o: GenericWebhookOptions, base: string): Revenue | undefined {
  if (!o.revenue) return undefined;
  const amount = lookup(item, o.revenue.amountMinor);
  if (amount === undefined) return undefined;
  const amountField = pointerToPath(o.revenue.amountMinor, base);
  const amountMinor = typeof amount === 'string' && /^-?\d{1,16}$/.test(amount) ? Number(amount) : amount;
  if (typeof amountMinor !== 'number' || !Number.isSafeInteger(amountMinor)) {
    return reject('invalid_field', amountField, `expected an integer amount in minor units, got ${JSON.stringify(amount)}`);
  }
  const spec = o.revenue.currency;
  if (typeof spec !== 'string') return { amountMinor, currency: spec.const };
  const currency = required(item, spec, base);
  if (typeof currency !== 'string' || !/^[a-z]{3}$/i.test(currency)) {
    return reject('invalid_field', pointerToPath(spec, base), `expected an ISO-4217 currency code, got ${JSON.stringify(currency)}`);
  }
  return { amountMinor, currency: currency.toUpperCase() };
}

/** The mapped properties, or the whole item with its top-level fields kept while they fit the cap. */
function properties(item: Record<string, unknown>, o: GenericWebhookOptions): Record<string, unknown> {
  if (o.properties) {
    const out: Record<string, unknown> = {};
    for (const [name, pointer] of Object.entries(o.properties)) {
      const found = resolvePointer(item, pointer);
      if (found.found && found.value !== undefined) out[name] = found.value;
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  let bytes = 2;
  for (const [key, value] of Object.entries(item)) {
    const size = JSON.stringify(key).length + (JSON.stringify(value)?.length ?? 0) + 2;
    if (bytes + size > MAX_ITEM_PROPERTIES_BYTES) out._truncated = true;
    else {
      out[key] = value;
      bytes += size;
    }
  }
  return out;
}

function normaliseItem(item: unknown, o: GenericWebhookOptions, base: string): EventDraft[] {
  const r = new Reader(item, base);
  return [
    {
      id: asId(required(item, o.id, base), pointerToPath(o.id, base)),
      type: eventType(item, o, base),
      occurredAt: toIsoTime(required(item, o.occurredAt, base), pointerToPath(o.occurredAt, base)),
      customerId: optionalId(item, o.customerId, base),
      userId: optionalId(item, o.userId, base),
      properties: properties(r.value, o),
      revenue: revenue(item, o, base),
    },
  ];
}

function items(body: unknown, config: SourceConfig): ReturnType<Connector['items']> {
  const parsed = parseGenericWebhookOptions(config.options);
  if (!parsed.ok) return { ok: false, rejection: optionsRejection(parsed.message) };
  const pointer = parsed.options.itemsPointer;
  if (pointer === undefined) return { ok: true, items: [body], paths: [''] };
  const field = pointerToPath(pointer);
  const found = resolvePointer(body, pointer);
  const name = field || 'body';
  if (!found.found || found.value === null) return { ok: false, rejection: { code: 'missing_field', field, message: `${name}: is required` } };
  if (!Array.isArray(found.value)) return { ok: false, rejection: { code: 'invalid_field', field, message: `${name}: expected an array` } };
  return { ok: true, items: found.value, paths: found.value.map((_, i) => `${field}[${i}]`) };
}

/**
 * With `options.hmac`: the signature header (one or several, separated by commas or spaces, each after an
 * optional prefix) must equal the HMAC of the raw body with the source secret. Without it there is nothing
 * to verify and this returns ok: the ingest route must then require an ingest API key.
 */
function verifyGeneric(request: SignedRequest, config: SourceConfig): VerifyResult {
  const parsed = parseGenericWebhookOptions(config.options);
  if (!parsed.ok) return invalid(`webhook source options are invalid: ${parsed.message}`);
  const spec = parsed.options.hmac;
  if (!spec) return { ok: true };
  const header = request.headers[spec.header]?.trim();
  if (!header) return missing(`${spec.header} header is missing`);
  if (!config.secret) return invalid('the webhook source has no secret configured');
  const expected = hmac(spec.algorithm, config.secret, request.rawBody, spec.encoding);
  const prefix = spec.prefix?.toLowerCase() ?? '';
  let matched = false;
  for (const candidate of header.split(/[\s,]+/)) {
    if (!candidate.toLowerCase().startsWith(prefix)) continue;
    const signature = candidate.slice(prefix.length);
    if (safeEqual(expected, spec.encoding === 'hex' ? signature.toLowerCase() : signature)) matched = true;
  }
  return matched ? { ok: true } : invalid(`${spec.header} does not match the body`);
}

/**
 * Generic webhooks (source name `webhook`): any JSON mapped onto canonical fields by RFC 6901 pointers in
 * the source's options (see {@link parseGenericWebhookOptions} and docs/sources/webhook.md).
 */
export const genericWebhookConnector: Connector = {
  name: 'webhook',
  version: 1,
  transport: 'webhook',
  items,
  normalise: (item, ctx) => {
    const parsed = parseGenericWebhookOptions(ctx.config.options);
    if (!parsed.ok) return { ok: false, rejection: optionsRejection(parsed.message) };
    return normaliseWith(() => normaliseItem(item, parsed.options, ctx.path));
  },
  verify: (request, config) => verifyGeneric(request, config),
};
