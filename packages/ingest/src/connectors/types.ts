import type { CanonicalEvent } from '@tally/core';

/**
 * A canonical event as a connector builds it: ingest stamps `tenant`, `source`, `receivedAt` and
 * `schemaVersion`, then validates the whole event.
 */
export type EventDraft = Omit<CanonicalEvent, 'tenant' | 'source' | 'receivedAt' | 'schemaVersion'>;

/** Why an item was refused. Stable snake_case codes; `field` is the path inside the request body. */
export type RejectCode =
  | 'invalid_item' // not an object, or the wrong shape altogether
  | 'missing_field'
  | 'invalid_field' // present but of the wrong type or format
  | 'unsupported_type' // an event/action type the connector does not know and cannot pass through
  | 'event_in_future' // occurredAt past the configured bound
  | 'event_too_old' // occurredAt before the retention window
  | 'invalid_event'; // the built canonical event failed validation

/** One refused item: the code, a message naming the field, and the field's path (e.g. `batch[3].timestamp`). */
export interface Rejection {
  code: RejectCode;
  message: string;
  field: string;
}

/**
 * What a connector makes of one item: events (one item may yield several, or none when the vendor sends
 * something Tally deliberately ignores, with `ignored` saying why), or a rejection. Expected outcomes are
 * returned, never thrown; a throw is a bug.
 */
export type NormaliseResult = { ok: true; events: EventDraft[]; ignored?: string } | { ok: false; rejection: Rejection };

/** Per-tenant settings of a source, from the sources table (see README "Sources"). */
export interface SourceConfig {
  /** Signing secret for verified webhooks (Stripe, HubSpot, Zendesk, Intercom, generic HMAC, Segment). */
  secret?: string;
  /** Basic-auth credentials (Chargebee). */
  basicAuth?: { username: string; password: string };
  /** Connector-specific options, validated by the connector (custom CRM and generic webhook mappings). */
  options?: Record<string, unknown>;
}

/** What a connector knows while normalising. */
export interface NormaliseContext {
  /** The source's settings for this tenant. */
  config: SourceConfig;
  /** Path prefix of the item inside the request body, for rejections: `batch[3]`, `events[0]`, or `` (a webhook). */
  path: string;
}

/** The parts of an HTTP request a verifier reads. Header names are lower-case. */
export interface SignedRequest {
  method: string;
  /** Full URL as the vendor called it, e.g. `https://tally.example.com/v1/webhooks/hubspot?x=1`. */
  url: string;
  headers: Readonly<Record<string, string | undefined>>;
  /** The body exactly as received (signatures are over the raw bytes). */
  rawBody: string;
}

/** A verifier's answer. */
export type VerifyResult =
  | { ok: true }
  | { ok: false; code: 'signature_missing' | 'signature_invalid' | 'signature_stale'; message: string };

/**
 * A source connector: a pure normaliser from the vendor's payload to canonical event drafts, plus a
 * verifier where the vendor signs its requests. No I/O.
 */
export interface Connector {
  /** Source name in URLs and on events: `stripe`, `segment`, … */
  readonly name: string;
  /** Bumped when the mapping changes in a way that changes the events it produces. */
  readonly version: number;
  /** `batch`: POST /v1/ingest/:source with an API key; `webhook`: POST /v1/webhooks/:source, verified. */
  readonly transport: 'batch' | 'webhook';
  /**
   * Splits a parsed request body into the items answered one by one. A body with the wrong shape as a
   * whole is one rejection.
   */
  items(body: unknown, config: SourceConfig): { ok: true; items: unknown[]; paths: string[] } | { ok: false; rejection: Rejection };
  normalise(item: unknown, ctx: NormaliseContext): NormaliseResult;
  /** Present where the vendor signs or authenticates requests. `nowMs` makes staleness testable. */
  verify?(request: SignedRequest, config: SourceConfig, nowMs: number): VerifyResult;
}
