import { normaliseSpecMessage, splitSpecMessages } from './segment-spec.ts';
import type { Connector } from './types.ts';

/**
 * Tally's own HTTP API (`POST /v1/ingest/tally`, API key in a header): Segment-spec messages, one per
 * request or `{ batch: [...] }`. Track → `product.<slug(event)>` (with revenue from `properties.revenue`
 * and `properties.currency`), page/screen → `product.page_viewed`/`product.screen_viewed`, identify/group/
 * alias → the identity types. See docs/sources/tally.md.
 */
export const tallyConnector: Connector = {
  name: 'tally',
  version: 1,
  transport: 'batch',
  items: (body) => splitSpecMessages(body),
  normalise: (item, ctx) => normaliseSpecMessage(item, ctx.path),
};
