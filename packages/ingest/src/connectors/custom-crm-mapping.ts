import { z } from 'zod';
import type { Rejection } from './types.ts';

/** A dot path into a record: `account.id`, `fields.health_score`, `owners.0.email`. */
const dotPath = z
  .string()
  .max(256)
  .regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, 'expected a dot path such as account.id');

/**
 * Where each canonical field sits in a custom CRM record (`config.options.mapping`). Unknown keys are
 * refused, so a typo fails when the source is configured rather than silently mapping nothing.
 */
export const customCrmMappingSchema = z.strictObject({
  /** The account (company) the record belongs to. Required. */
  customerId: dotPath,
  /** When the change happened (ISO-8601, Unix seconds or ms). Required: ingest time is not event time. */
  occurredAt: dotPath,
  /** The record's own change id; without it a hash of the whole record is the id. */
  id: dotPath.optional(),
  /** A number 0-100 → `changes.healthScore`. */
  healthScore: dotPath.optional(),
  /** → `changes.owner`. */
  owner: dotPath.optional(),
  /** → `changes.stage`. */
  stage: dotPath.optional(),
  /** → `changes.name`. */
  name: dotPath.optional(),
  /** MRR in major units (12.5 = $12.50) → `changes.mrrMinor` and `changes.currency`. */
  mrr: dotPath.optional(),
  /** The MRR's ISO-4217 currency; USD when not mapped or absent from a record. */
  currency: dotPath.optional(),
  /** Further paths copied as they are into `changes`, keyed by the path. */
  properties: z.array(dotPath).max(100).optional(),
});

/** A validated custom CRM field mapping. */
export type CustomCrmMapping = z.output<typeof customCrmMappingSchema>;

/** Where the mapping sits in the source's settings, for rejections. */
const MAPPING_FIELD = 'config.options.mapping';

const cache = new WeakMap<object, { ok: true; mapping: CustomCrmMapping } | { ok: false; rejection: Rejection }>();

/**
 * Validates `options.mapping` of a custom CRM source. Ingest can call it when the source is configured, to
 * refuse a bad mapping up front; the connector calls it for every request (the result is cached per options
 * object). A problem is a rejection naming the key, e.g. `config.options.mapping.healthScore`.
 *
 * @example
 * parseCustomCrmMapping({ mapping: { customerId: 'account.id', occurredAt: 'updated_at', healthScore: 'health' } })
 */
export function parseCustomCrmMapping(options: Record<string, unknown> | undefined): { ok: true; mapping: CustomCrmMapping } | { ok: false; rejection: Rejection } {
  if (options === undefined) return missing();
  const cached = cache.get(options);
  if (cached) return cached;
  const result = parse(options.mapping);
  cache.set(options, result);
  return result;
}

function parse(mapping: unknown): { ok: true; mapping: CustomCrmMapping } | { ok: false; rejection: Rejection } {
  if (mapping === undefined || mapping === null) return missing();
  const parsed = customCrmMappingSchema.safeParse(mapping);
  if (parsed.success) return { ok: true, mapping: parsed.data };
  const issue = parsed.error.issues[0]!;
  const keys = issue.code === 'unrecognized_keys' ? [issue.keys[0] ?? ''] : issue.path.map(String);
  const field = [MAPPING_FIELD, ...keys].join('.').replace(/\.(\d+)(?=\.|$)/g, '[$1]');
  const absent = issue.code === 'invalid_type' && valueAt(mapping, keys) === undefined;
  const message = issue.code === 'unrecognized_keys' ? 'is not a mapping key' : absent ? 'is required' : issue.message;
  return { ok: false, rejection: { code: absent ? 'missing_field' : 'invalid_field', field, message: `${field}: ${message}` } };
}

function missing(): { ok: false; rejection: Rejection } {
  return { ok: false, rejection: { code: 'missing_field', field: MAPPING_FIELD, message: `${MAPPING_FIELD}: the custom CRM source has no field mapping configured` } };
}

function valueAt(root: unknown, keys: string[]): unknown {
  let at = root;
  for (const key of keys) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}
