import type { NormaliseResult, Rejection, RejectCode } from './types.ts';

/**
 * Reading vendor payloads (`unknown`) into typed values with messages that name the field. A failed read
 * throws a {@link FieldProblem}; {@link normaliseWith} turns it into a returned rejection at the connector's
 * boundary, so connectors read top to bottom without result plumbing.
 */
export class FieldProblem extends Error {
  readonly rejection: Rejection;

  constructor(code: RejectCode, field: string, message: string) {
    super(message);
    this.rejection = { code, field, message };
  }
}

/** Throws a rejection for `field`. */
export function reject(code: RejectCode, field: string, message: string): never {
  throw new FieldProblem(code, field, `${field || 'body'}: ${message}`);
}

const join = (path: string, key: string | number) =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

const describe = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

/** Typed access to one object of a payload; every read names its full path when it fails. */
export class Reader {
  readonly value: Record<string, unknown>;
  readonly path: string;

  constructor(value: unknown, path = '') {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      reject(path ? 'invalid_field' : 'invalid_item', path, `expected an object, got ${describe(value)}`);
    }
    this.value = value as Record<string, unknown>;
    this.path = path;
  }

  /** The full path of `key`. */
  at(key: string | number): string {
    return join(this.path, key);
  }

  has(key: string): boolean {
    return this.value[key] !== undefined && this.value[key] !== null;
  }

  raw(key: string): unknown {
    return this.value[key];
  }

  object(key: string): Reader {
    if (!this.has(key)) reject('missing_field', this.at(key), 'is required');
    return new Reader(this.value[key], this.at(key));
  }

  optionalObject(key: string): Reader | undefined {
    return this.has(key) ? new Reader(this.value[key], this.at(key)) : undefined;
  }

  /** A plain object of arbitrary fields (for `properties`); `{}` when absent. */
  record(key: string): Record<string, unknown> {
    return this.has(key) ? new Reader(this.value[key], this.at(key)).value : {};
  }

  array(key: string): unknown[] {
    const v = this.value[key];
    if (v === undefined || v === null) reject('missing_field', this.at(key), 'is required');
    if (!Array.isArray(v)) reject('invalid_field', this.at(key), `expected an array, got ${describe(v)}`);
    return v;
  }

  string(key: string, { max = 1024 }: { max?: number } = {}): string {
    const v = this.value[key];
    if (v === undefined || v === null || v === '') reject('missing_field', this.at(key), 'is required');
    return this.#checkString(key, v, max);
  }

  optionalString(key: string, { max = 1024 }: { max?: number } = {}): string | undefined {
    const v = this.value[key];
    if (v === undefined || v === null || v === '') return undefined;
    return this.#checkString(key, v, max);
  }

  /** A string, or a number that is written as one (vendors mix `"id": 42` and `"id": "42"`). */
  id(key: string): string {
    const v = this.value[key];
    if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
    return this.string(key, { max: 256 });
  }

  optionalId(key: string): string | undefined {
    return this.has(key) ? this.id(key) : undefined;
  }

  #checkString(key: string, v: unknown, max: number): string {
    if (typeof v !== 'string') reject('invalid_field', this.at(key), `expected a string, got ${describe(v)}`);
    if (v.length > max) reject('invalid_field', this.at(key), `longer than ${max} characters`);
    return v;
  }

  integer(key: string): number {
    const v = this.value[key];
    if (v === undefined || v === null) reject('missing_field', this.at(key), 'is required');
    return this.#checkInteger(key, v);
  }

  optionalInteger(key: string): number | undefined {
    const v = this.value[key];
    return v === undefined || v === null ? undefined : this.#checkInteger(key, v);
  }

  #checkInteger(key: string, v: unknown): number {
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) reject('invalid_field', this.at(key), `expected an integer, got ${JSON.stringify(v)}`);
    return v;
  }

  number(key: string): number {
    const v = this.value[key];
    if (v === undefined || v === null) reject('missing_field', this.at(key), 'is required');
    if (typeof v !== 'number' || !Number.isFinite(v)) reject('invalid_field', this.at(key), `expected a number, got ${JSON.stringify(v)}`);
    return v;
  }

  optionalNumber(key: string): number | undefined {
    return this.has(key) ? this.number(key) : undefined;
  }

  optionalBoolean(key: string): boolean | undefined {
    const v = this.value[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') reject('invalid_field', this.at(key), `expected true or false, got ${JSON.stringify(v)}`);
    return v;
  }

  /** A point in time as ISO-8601 UTC: accepts ISO strings and Unix seconds or milliseconds. */
  time(key: string): string {
    if (!this.has(key)) reject('missing_field', this.at(key), 'is required');
    return toIsoTime(this.value[key], this.at(key));
  }

  optionalTime(key: string): string | undefined {
    return this.has(key) ? toIsoTime(this.value[key], this.at(key)) : undefined;
  }

  /** An ISO-4217 currency code; vendors' lower-case `usd` becomes `USD`. */
  currency(key: string): string {
    const v = this.string(key, { max: 3 }).toUpperCase();
    if (!/^[A-Z]{3}$/.test(v)) reject('invalid_field', this.at(key), `expected an ISO-4217 currency code, got ${JSON.stringify(this.value[key])}`);
    return v;
  }
}

const MIN_MS = Date.UTC(2000, 0, 1);
const MAX_MS = Date.UTC(2100, 0, 1);
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * ISO-8601 UTC from an ISO string (no zone means UTC), or Unix seconds (< 1e11) or milliseconds.
 * Times before 2000 or after 2100 are refused as mistakes in units.
 */
export function toIsoTime(value: unknown, field: string): string {
  let ms: number;
  if (typeof value === 'number' && Number.isFinite(value)) {
    ms = Math.abs(value) < 1e11 ? value * 1000 : value;
  } else if (typeof value === 'string' && ISO.test(value.trim())) {
    const text = value.trim();
    const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text) && text.length > 10;
    ms = Date.parse(hasZone ? text : `${text.replace(' ', 'T')}${text.length > 10 ? 'Z' : 'T00:00:00Z'}`);
  } else if (typeof value === 'string' && /^\d{9,13}$/.test(value)) {
    return toIsoTime(Number(value), field);
  } else {
    reject('invalid_field', field, `expected an ISO-8601 time or Unix seconds/milliseconds, got ${JSON.stringify(value)}`);
  }
  if (!Number.isFinite(ms) || ms < MIN_MS || ms > MAX_MS) {
    reject('invalid_field', field, `time ${JSON.stringify(value)} is out of range (2000-2100)`);
  }
  return new Date(ms).toISOString();
}

/**
 * A dotted canonical type from a vendor's free-form event name: `"Feature Used"` → `feature_used`.
 * Empty results are refused by the caller.
 */
export function slug(name: string): string {
  let s = slugs.get(name);
  if (s === undefined) {
    s = computeSlug(name);
    if (slugs.size >= 10_000) slugs.clear(); // event names repeat: a small memo saves the Unicode work
    slugs.set(name, s);
  }
  return s;
}

const slugs = new Map<string, string>();

function computeSlug(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);
  return /^[a-z]/.test(s) ? s : s ? `e_${s}` : '';
}

/**
 * Runs a connector's reading code, turning a {@link FieldProblem} into a returned rejection.
 *
 * @example
 * normalise: (item, ctx) => normaliseWith(() => [{ id: new Reader(item, ctx.path).string('id'), ... }]),
 */
export function normaliseWith(read: () => NormaliseResult | import('./types.ts').EventDraft[]): NormaliseResult {
  try {
    const out = read();
    return Array.isArray(out) ? { ok: true, events: out } : out;
  } catch (err) {
    if (err instanceof FieldProblem) return { ok: false, rejection: err.rejection };
    throw err;
  }
}

/** Splits a body that is either one object or `{ [key]: [...] }` / an array, with item paths. */
export function splitItems(
  body: unknown,
  key: string | undefined,
): { ok: true; items: unknown[]; paths: string[] } | { ok: false; rejection: Rejection } {
  try {
    if (Array.isArray(body)) return { ok: true, items: body, paths: body.map((_, i) => `[${i}]`) };
    const r = new Reader(body);
    if (key && r.has(key)) {
      const items = r.array(key);
      return { ok: true, items, paths: items.map((_, i) => `${key}[${i}]`) };
    }
    return { ok: true, items: [body], paths: [''] };
  } catch (err) {
    if (err instanceof FieldProblem) return { ok: false, rejection: err.rejection };
    throw err;
  }
}
