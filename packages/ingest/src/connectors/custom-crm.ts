import { createHash } from 'node:crypto';
import { parseCustomCrmMapping, type CustomCrmMapping } from './custom-crm-mapping.ts';
import { toMinorUnits } from './currency-digits.ts';
import { normaliseWith, reject, Reader, splitItems, toIsoTime } from './fields.ts';
import type { Connector, EventDraft } from './types.ts';

export { parseCustomCrmMapping } from './custom-crm-mapping.ts';
export type { CustomCrmMapping } from './custom-crm-mapping.ts';

/**
 * Records from any CRM (an export job, an integration platform) posted as JSON to
 * `POST /v1/ingest/custom-crm` (API key): `{ records: [...] }` or an array. A declarative mapping in
 * `config.options.mapping` (see {@link parseCustomCrmMapping}) says where the account id, time and fields
 * sit; each record becomes one `crm.account_updated`. See docs/sources/custom-crm.md.
 */
export const customCrmConnector: Connector = {
  name: 'custom-crm',
  version: 1,
  transport: 'batch',
  items(body, config) {
    // A bad mapping refuses the request once, rather than every record alike.
    const parsed = parseCustomCrmMapping(config.options);
    return parsed.ok ? splitItems(body, 'records') : parsed;
  },
  normalise(item, ctx) {
    const parsed = parseCustomCrmMapping(ctx.config.options);
    if (!parsed.ok) return parsed;
    return normaliseWith(() => [normaliseRecord(new Reader(item, ctx.path), parsed.mapping)]);
  },
};

function normaliseRecord(record: Reader, mapping: CustomCrmMapping): EventDraft {
  const get = (path: string) => valueAt(record.value, path);
  const at = (path: string) => record.at(path);

  const customerId = requiredId(get(mapping.customerId), at(mapping.customerId));
  const rawTime = get(mapping.occurredAt);
  if (rawTime === undefined || rawTime === null) reject('missing_field', at(mapping.occurredAt), 'is required');
  const occurredAt = toIsoTime(rawTime, at(mapping.occurredAt));
  // A record without its own id (none mapped, or absent from this record) gets one derived from its content.
  const ownId = mapping.id === undefined ? undefined : get(mapping.id);
  const id = mapping.id !== undefined && ownId !== undefined && ownId !== null ? requiredId(ownId, at(mapping.id)) : derivedId(record.value);

  const changes: Record<string, unknown> = {};
  for (const key of ['owner', 'stage', 'name'] as const) {
    const path = mapping[key];
    const value = path === undefined ? undefined : get(path);
    if (path === undefined || value === undefined) continue;
    if (value !== null && typeof value !== 'string' && typeof value !== 'number') reject('invalid_field', at(path), `expected a string, got ${describe(value)}`);
    changes[key] = value === null ? null : String(value);
  }
  if (mapping.healthScore !== undefined) {
    const score = get(mapping.healthScore);
    if (score !== undefined && score !== null) {
      if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 100) {
        reject('invalid_field', at(mapping.healthScore), `expected a health score from 0 to 100, got ${JSON.stringify(score)}`);
      }
      changes.healthScore = score;
    }
  }
  if (mapping.mrr !== undefined) {
    const mrr = get(mapping.mrr);
    if (mrr !== undefined && mrr !== null) {
      if (typeof mrr !== 'number' || !Number.isFinite(mrr) || mrr < 0) reject('invalid_field', at(mapping.mrr), `expected an amount in major units, got ${JSON.stringify(mrr)}`);
      const currency = readCurrency(mapping.currency === undefined ? undefined : get(mapping.currency), mapping.currency && at(mapping.currency));
      const mrrMinor = toMinorUnits(mrr, currency);
      if (!Number.isSafeInteger(mrrMinor)) reject('invalid_field', at(mapping.mrr), `amount ${mrr} is out of range`);
      changes.mrrMinor = mrrMinor;
      changes.currency = currency;
    }
  }
  for (const path of mapping.properties ?? []) {
    const value = get(path);
    if (value !== undefined) changes[path] = value;
  }
  return { id, type: 'crm.account_updated', occurredAt, customerId, properties: { changes } };
}

/** A string or integer id of at most 256 characters. */
function requiredId(value: unknown, field: string): string {
  if (value === undefined || value === null || value === '') reject('missing_field', field, 'is required');
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value !== 'string') reject('invalid_field', field, `expected a string, got ${describe(value)}`);
  if (value.length > 256) reject('invalid_field', field, 'longer than 256 characters');
  return value;
}

function readCurrency(value: unknown, field: string | undefined): string {
  if (value === undefined || value === null || value === '') return 'USD';
  const code = typeof value === 'string' ? value.toUpperCase() : '';
  if (!/^[A-Z]{3}$/.test(code)) reject('invalid_field', field ?? '', `expected an ISO-4217 currency code, got ${JSON.stringify(value)}`);
  return code;
}

/** sha256 of the record with its keys sorted, so that a retried delivery gets the same id. */
function derivedId(record: Record<string, unknown>): string {
  return createHash('sha256').update(stableJson(record)).digest('hex').slice(0, 32);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function valueAt(root: Record<string, unknown>, path: string): unknown {
  let at: unknown = root;
  for (const key of path.split('.')) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

const describe = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);
