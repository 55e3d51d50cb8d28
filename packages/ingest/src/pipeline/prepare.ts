import { CURRENT_SCHEMA_VERSION, validateCurrent, type CanonicalEvent } from '@tally/core';
import type { Connector, Rejection, SourceConfig } from '../connectors/types.ts';

/** Event-time bounds: how far in the future an event may claim to be, and when it counts as late or too old. */
export interface TimeBounds {
  /** Events more than this far ahead of the receive time are rejected (`event_in_future`). @default 1 hour */
  maxFutureMs: number;
  /** Events older than this are accepted and flagged late. @default 1 hour */
  lateAfterMs: number;
  /** Events older than this (the hot retention window) are rejected (`event_too_old`). @default 400 days */
  maxAgeMs: number;
}

export const DEFAULT_TIME_BOUNDS: TimeBounds = {
  maxFutureMs: 60 * 60 * 1000,
  lateAfterMs: 60 * 60 * 1000,
  maxAgeMs: 400 * 24 * 60 * 60 * 1000,
};

/** What became of one item of a request. */
export type ItemOutcome =
  | { index: number; status: 'accepted'; events: CanonicalEvent[]; late: boolean }
  | { index: number; status: 'ignored'; reason: string }
  | { index: number; status: 'rejected'; rejection: Rejection; raw: unknown };

/** Everything the per-item steps need to know about the request. */
export interface PrepareContext {
  connector: Connector;
  tenant: string;
  config: SourceConfig;
  receivedAt: Date;
  bounds: TimeBounds;
}

/**
 * The per-item steps: normalise (the connector), stamp (tenant, source, receive time, schema version, the
 * source-prefixed id), validate against the canonical schema, and check event time. Pure and synchronous.
 */
export function prepareItem(item: unknown, path: string, index: number, ctx: PrepareContext): ItemOutcome {
  const result = ctx.connector.normalise(item, { config: ctx.config, path });
  if (!result.ok) return { index, status: 'rejected', rejection: result.rejection, raw: item };
  if (result.events.length === 0) return { index, status: 'ignored', reason: result.ignored ?? 'nothing to record' };

  const receivedAt = ctx.receivedAt.toISOString();
  const now = ctx.receivedAt.getTime();
  const events: CanonicalEvent[] = [];
  let late = false;
  for (const draft of result.events) {
    // Built field by field (no spread): only the canonical fields, in one shape, cheap in the hot loop.
    const stamped: Record<string, unknown> = {
      id: `${ctx.connector.name}:${draft.id}`,
      tenant: ctx.tenant,
      source: ctx.connector.name,
      type: draft.type,
      occurredAt: draft.occurredAt,
      receivedAt,
      properties: draft.properties,
      schemaVersion: CURRENT_SCHEMA_VERSION,
    };
    if (draft.customerId !== undefined) stamped.customerId = draft.customerId;
    if (draft.userId !== undefined) stamped.userId = draft.userId;
    if (draft.revenue !== undefined) stamped.revenue = draft.revenue;
    const valid = validateCurrent(stamped);
    if (!valid.ok) {
      const field = [path, valid.field].filter(Boolean).join('.');
      return { index, status: 'rejected', rejection: { code: 'invalid_event', field, message: `${path ? `${path}: ` : ''}${valid.message}` }, raw: item };
    }
    const at = Date.parse(valid.event.occurredAt);
    if (at - now > ctx.bounds.maxFutureMs) {
      return {
        index,
        status: 'rejected',
        rejection: { code: 'event_in_future', field: path || 'occurredAt', message: `event time ${valid.event.occurredAt} is more than ${Math.round(ctx.bounds.maxFutureMs / 60000)} minutes ahead of the server clock` },
        raw: item,
      };
    }
    if (now - at > ctx.bounds.maxAgeMs) {
      return {
        index,
        status: 'rejected',
        rejection: { code: 'event_too_old', field: path || 'occurredAt', message: `event time ${valid.event.occurredAt} is older than the retention window (${Math.round(ctx.bounds.maxAgeMs / 86_400_000)} days)` },
        raw: item,
      };
    }
    if (now - at > ctx.bounds.lateAfterMs) late = true;
    events.push(valid.event);
  }
  return { index, status: 'accepted', events, late };
}
