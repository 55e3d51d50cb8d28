import { eventTypeSchema } from '@tally/core';
import { normaliseWith, Reader, reject, splitItems } from './fields.ts';
import type { Connector } from './types.ts';

/**
 * Bulk backfill (`POST /v1/ingest/backfill`, or an NDJSON/CSV file read by `packages/ingest/src/backfill`):
 * each item is already a canonical-ish record `{ id, type, occurredAt, customerId?, userId?, properties?,
 * revenue?: { amountMinor, currency } }` whose `type` is a dotted canonical name. The body is one record, an
 * array of records, or `{ events: [...] }`.
 */
export const backfillConnector: Connector = {
  name: 'backfill',
  version: 1,
  transport: 'batch',
  items: (body) => splitItems(body, 'events'),
  normalise: (item, ctx) =>
    normaliseWith(() => {
      const r = new Reader(item, ctx.path);
      const id = r.id('id');
      const type = r.string('type', { max: 128 });
      if (!eventTypeSchema.safeParse(type).success) {
        reject('invalid_field', r.at('type'), `expected a dotted lower-case type such as billing.invoice_paid, got ${JSON.stringify(type)}`);
      }
      const money = r.optionalObject('revenue');
      return [
        {
          id,
          type,
          occurredAt: r.time('occurredAt'),
          customerId: r.optionalId('customerId'),
          userId: r.optionalId('userId'),
          properties: r.record('properties'),
          revenue: money && { amountMinor: money.integer('amountMinor'), currency: money.currency('currency') },
        },
      ];
    }),
};
