import { readAmount, revenueOf } from './currency-digits.ts';
import { normaliseWith, Reader, reject } from './fields.ts';
import { defined, optionalUserId, productType, scrub } from './product-analytics.ts';
import type { EventDraft, NormaliseResult, Rejection } from './types.ts';

/**
 * The Segment spec (track, identify, page, screen, group, alias), shared by the `tally` batch API and the
 * `segment` webhook: https://segment.com/docs/connections/spec/common/ and the per-call spec pages.
 */

const SPEC_TYPES = new Set(['track', 'identify', 'page', 'screen', 'group', 'alias']);

/** Event time in the spec's order of trust: `timestamp`, `originalTimestamp`, `sentAt`, `receivedAt`. */
const TIME_KEYS = ['timestamp', 'originalTimestamp', 'sentAt', 'receivedAt'] as const;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Splits a body that is one message, an array of messages, or a batch `{ batch: [...], context? }`; a
 * batch-level `context` is merged under each message's own context, as Segment's HTTP API does.
 */
export function splitSpecMessages(body: unknown): { ok: true; items: unknown[]; paths: string[] } | { ok: false; rejection: Rejection } {
  if (Array.isArray(body)) return { ok: true, items: body, paths: body.map((_, i) => `[${i}]`) };
  if (!isPlainObject(body)) {
    return { ok: false, rejection: { code: 'invalid_item', field: '', message: 'body: expected a Segment message or { batch: [...] }' } };
  }
  if (body.batch === undefined || body.batch === null) return { ok: true, items: [body], paths: [''] };
  if (!Array.isArray(body.batch)) return { ok: false, rejection: { code: 'invalid_field', field: 'batch', message: 'batch: expected an array' } };
  const shared = isPlainObject(body.context) ? body.context : undefined;
  const items = body.batch.map((item: unknown) =>
    shared && isPlainObject(item) ? { ...item, context: { ...shared, ...(isPlainObject(item.context) ? item.context : {}) } } : item,
  );
  return { ok: true, items, paths: items.map((_, i) => `batch[${i}]`) };
}

/** A string or number found at a dotted path of a context object, else `undefined`. */
function at(obj: Record<string, unknown> | undefined, path: string): string | number | undefined {
  let v: unknown = obj;
  for (const key of path.split('.')) v = isPlainObject(v) ? v[key] : undefined;
  return typeof v === 'string' || typeof v === 'number' ? v : undefined;
}

/** The useful, non-personal parts of `context`, flattened: page, user agent, locale, app, OS, campaign. */
function contextProperties(context: Record<string, unknown> | undefined): Record<string, unknown> {
  return defined({
    url: at(context, 'page.url'),
    path: at(context, 'page.path'),
    referrer: at(context, 'page.referrer') || undefined,
    userAgent: at(context, 'userAgent'),
    locale: at(context, 'locale'),
    timezone: at(context, 'timezone'),
    os: at(context, 'os.name'),
    appVersion: at(context, 'app.version'),
    deviceType: at(context, 'device.type'),
    library: at(context, 'library.name'),
    utmSource: at(context, 'campaign.source'),
    utmMedium: at(context, 'campaign.medium'),
    utmCampaign: at(context, 'campaign.name'),
  });
}

function occurredAt(r: Reader): string {
  const key = TIME_KEYS.find((k) => r.has(k));
  if (!key) reject('missing_field', r.at('timestamp'), 'is required (or originalTimestamp, sentAt, receivedAt)');
  return r.time(key);
}

/**
 * One Segment-spec message → one canonical draft. `id` = `messageId`; customerId = `groupId` on group
 * calls, else `context.groupId`, `properties.accountId`, `properties.account_id`; userId = `userId`, else
 * `anonymousId`. Unknown message types (e.g. the webhook's `delete`) are ignored.
 */
export function normaliseSpecMessage(item: unknown, path: string): NormaliseResult {
  return normaliseWith(() => {
    const r = new Reader(item, path);
    const type = r.string('type', { max: 32 }).toLowerCase();
    if (!SPEC_TYPES.has(type)) return { ok: true, events: [], ignored: `Segment "${type}" messages are not mapped to Tally events` };

    const id = r.id('messageId');
    const when = occurredAt(r);
    const contextReader = r.optionalObject('context');
    const props = r.optionalObject('properties') ?? new Reader({}, r.at('properties'));
    const anonymousId = optionalUserId(r, 'anonymousId');
    let userId = optionalUserId(r, 'userId') ?? anonymousId;
    const customerId =
      type === 'group' ? r.id('groupId') : (contextReader?.optionalId('groupId') ?? props.optionalId('accountId') ?? props.optionalId('account_id'));
    if (type === 'alias') userId = r.id('userId');
    else if (type !== 'group' && !userId) reject('missing_field', r.at('userId'), 'userId or anonymousId is required');

    const draft: EventDraft = {
      id,
      occurredAt: when,
      ...(customerId ? { customerId } : {}),
      ...(userId ? { userId } : {}),
      ...content(type, r, props, { ...contextProperties(contextReader?.value), ...(anonymousId ? { anonymousId } : {}) }),
    };
    return [draft];
  });
}

/**
 * The type, properties and revenue of one message by its spec type. `common` (context fields and
 * `anonymousId`) leads product events' properties; identity events keep only traits and `anonymousId`.
 */
function content(type: string, r: Reader, props: Reader, common: Record<string, unknown>): Pick<EventDraft, 'type' | 'properties' | 'revenue'> {
  const anon = common.anonymousId ? { anonymousId: common.anonymousId } : {};
  switch (type) {
    case 'identify':
      return { type: 'identity.user_identified', properties: { ...scrub(r.record('traits'), { keepEmail: true }), ...anon } };
    case 'group':
      return { type: 'identity.account_identified', properties: { ...scrub(r.record('traits'), { keepEmail: true }), ...anon } };
    case 'alias':
      return { type: 'identity.user_aliased', properties: { previousId: r.id('previousId'), ...anon } };
    case 'page':
    case 'screen': {
      const named = defined({ name: r.optionalString('name'), category: r.optionalString('category') });
      return { type: type === 'page' ? 'product.page_viewed' : 'product.screen_viewed', properties: { ...common, ...scrub(props.value), ...named } };
    }
    default: {
      const event = r.string('event');
      const tracked = productType(event, r.at('event'));
      const properties = { ...common, ...scrub(props.value), event };
      if (!props.has('revenue')) return { type: tracked, properties };
      return { type: tracked, properties, revenue: revenueOf(readAmount(props, 'revenue'), props, 'currency', props.at('revenue')) };
    }
  }
}
