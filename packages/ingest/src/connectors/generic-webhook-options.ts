import { eventTypeSchema } from '@tally/core';
import { z } from 'zod';
import { isPointer } from './json-pointer.ts';

const pointer = z
  .string()
  .max(1024)
  .refine(isPointer, { error: 'expected an RFC 6901 JSON pointer such as /user/id (or "" for the whole item)' });

const constant = <T extends z.ZodType>(value: T) => z.strictObject({ const: value });

/** The `options` of a generic webhook source: where each canonical field is in the vendor's JSON. */
export const genericWebhookOptionsSchema = z.strictObject({
  /** Pointer to the array of items in the body; absent = the body is one item. */
  itemsPointer: pointer.optional(),
  /** Pointer to the vendor's event id (string or integer). */
  id: pointer,
  /** Pointer to the vendor's event name (slugged under `typePrefix`), or a fixed canonical type. */
  type: z.union([pointer, constant(eventTypeSchema)], { error: 'expected a JSON pointer or { "const": "a.dotted_type" }' }),
  /** @default 'custom' — prefix of types read through a pointer: `${typePrefix}.${slug(value)}`. */
  typePrefix: z
    .string()
    .max(64)
    .regex(/^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*$/, { error: 'expected a lower-case dotted prefix such as product' })
    .default('custom'),
  /** Pointer to the event time: ISO-8601, Unix seconds or milliseconds. */
  occurredAt: pointer,
  customerId: pointer.optional(),
  userId: pointer.optional(),
  /** Money in integer minor units, with a currency pointer or a fixed `{ const: 'USD' }`. */
  revenue: z
    .strictObject({
      amountMinor: pointer,
      currency: z.union([pointer, constant(z.string().regex(/^[A-Z]{3}$/, { error: 'expected an ISO-4217 code such as USD' }))], {
        error: 'expected a JSON pointer or { "const": "USD" }',
      }),
    })
    .optional(),
  /** Property name → pointer. Absent = the whole item (capped in size). */
  properties: z.record(z.string().min(1).max(128), pointer).optional(),
  /** Signature check over the raw body with the source secret. Absent = no signature: an ingest API key is required. */
  hmac: z
    .strictObject({
      header: z
        .string()
        .regex(/^[A-Za-z0-9-]{1,128}$/, { error: 'expected an HTTP header name' })
        .transform((name) => name.toLowerCase()),
      /** @default 'sha256' */
      algorithm: z.enum(['sha256', 'sha1']).default('sha256'),
      /** @default 'hex' */
      encoding: z.enum(['hex', 'base64']).default('hex'),
      /** Text before the signature in the header, e.g. `sha256=`. */
      prefix: z
        .string()
        .regex(/^[^\s,]{1,32}$/, { error: 'expected up to 32 characters without spaces or commas' })
        .optional(),
    })
    .optional(),
});

/** Generic webhook options after validation and defaults. */
export type GenericWebhookOptions = z.output<typeof genericWebhookOptionsSchema>;

/** The outcome of {@link parseGenericWebhookOptions}: the options, or a message naming each bad option. */
export type ParsedOptions = { ok: true; options: GenericWebhookOptions } | { ok: false; message: string };

const cache = new WeakMap<object, ParsedOptions>();

/**
 * Validates a generic webhook source's `options` (call it when the source is saved; the connector calls it
 * again, cached per options object, for every request).
 *
 * @example
 * parseGenericWebhookOptions({ itemsPointer: '/events', id: '/id', type: '/event', occurredAt: '/ts' })
 * // { ok: true, options: { ..., typePrefix: 'custom' } }
 */
export function parseGenericWebhookOptions(options: unknown): ParsedOptions {
  const key = typeof options === 'object' && options !== null ? options : undefined;
  const cached = key && cache.get(key);
  if (cached) return cached;
  const parsed = genericWebhookOptionsSchema.safeParse(options);
  const result: ParsedOptions = parsed.success
    ? { ok: true, options: parsed.data }
    : {
        ok: false,
        message: parsed.error.issues
          .map((issue) => `invalid ${issue.path.length ? issue.path.join('.') : 'options'}: ${issue.message}`)
          .join('; '),
      };
  if (key) cache.set(key, result);
  return result;
}
