import { createHmac } from 'node:crypto';
import type { Company } from '../company.ts';
import type { DemoVendor } from '../model.ts';
import type { DemoSecrets } from '../secrets.ts';

/** One HTTP request the demo will send, encoded but not yet signed (signatures carry the send time). */
export interface Outgoing {
  source: DemoVendor;
  /** Path and query, e.g. `/v1/webhooks/stripe?tenant=demo`. */
  path: string;
  body: string;
  /** How many items the body holds (ingest answers each one). */
  items: number;
  /** The request's headers for the full `url` at `nowMs`, signature included. */
  headers(url: string, nowMs: number): Record<string, string>;
  /** Requests that share a lane are sent one after another, in order (a vendor's events per account). */
  lane?: string;
}

/** What encoders need besides the happening. */
export interface EncodeContext {
  company: Company;
  tenant: string;
  ingestKey: string;
  secrets: DemoSecrets;
}

const DAY_MS = 86_400_000;
const PAD2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
let isoDay = Number.NaN;
let isoPrefix = '';

/**
 * ISO-8601 with milliseconds, like `toISOString()` but without a Date per call (it is on the hot path of
 * every product event): the date part is cached per day.
 */
export function iso(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  if (day !== isoDay) {
    isoDay = day;
    isoPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  let rest = Math.floor(ms) - day * DAY_MS;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  return `${isoPrefix}${PAD2[h]}:${PAD2[m]}:${PAD2[s]}.${PAD3[rest - s * 1000]}Z`;
}
/** ISO-8601 to the second, as Zendesk renders times. */
export const isoSeconds = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;
/** Unix seconds. */
export const seconds = (ms: number): number => Math.floor(ms / 1000);

/** HMAC of `payload`, as vendors sign. */
export function sign(algorithm: 'sha1' | 'sha256', secret: string, payload: string, encoding: 'hex' | 'base64'): string {
  return createHmac(algorithm, secret).update(payload, 'utf8').digest(encoding);
}

const JSON_TYPE = { 'content-type': 'application/json' };

/** A batch request to `POST /v1/ingest/:source`, authenticated with the tenant's ingest key. */
export function batchRequest(source: DemoVendor, body: string, items: number, ctx: EncodeContext, lane?: string): Outgoing {
  const headers = { ...JSON_TYPE, authorization: `Bearer ${ctx.ingestKey}` };
  return { source, path: `/v1/ingest/${source}`, body, items, headers: () => headers, ...(lane ? { lane } : {}) };
}

/** A webhook request to `POST /v1/webhooks/:source?tenant=…`, signed by `signer` at send time. */
export function webhookRequest(
  source: DemoVendor,
  body: string,
  items: number,
  ctx: EncodeContext,
  lane: string,
  signer: (url: string, body: string, nowMs: number) => Record<string, string>,
): Outgoing {
  return {
    source,
    path: `/v1/webhooks/${source}?tenant=${encodeURIComponent(ctx.tenant)}`,
    body,
    items,
    lane,
    headers: (url, nowMs) => ({ ...JSON_TYPE, ...signer(url, body, nowMs) }),
  };
}
