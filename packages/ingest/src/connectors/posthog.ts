import { normaliseWith, Reader, reject, splitItems } from './fields.ts';
import { cleanProperties, derivedId, firstId, optionalUserId, productType, type ProductEventType, scrub } from './product-analytics.ts';
import type { Connector, NormaliseResult, Rejection } from './types.ts';

/**
 * PostHog's capture and batch format (https://posthog.com/docs/api/capture): one event
 * `{ api_key, event, distinct_id, properties, timestamp, uuid }` or `{ api_key, batch: [...] }`. The
 * `api_key` (and the `token` posthog-js puts in properties) is PostHog's, never copied.
 */

/** PostHog's default properties worth keeping, under Tally's names. */
const RENAME: Readonly<Record<string, string>> = {
  $current_url: 'url',
  $pathname: 'path',
  $referrer: 'referrer',
  $browser: 'browser',
  $browser_version: 'browserVersion',
  $os: 'os',
  $os_version: 'osVersion',
  $device_type: 'deviceType',
  $screen_name: 'name',
  $session_id: 'sessionId',
  $lib: 'library',
};
const isInternal = (key: string) => key.startsWith('$') || key === 'distinct_id' || key === 'token' || key === 'api_key';

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Splits the body; a batch's `sent_at` stands in for the time of events that carry no `timestamp`. */
function items(body: unknown): { ok: true; items: unknown[]; paths: string[] } | { ok: false; rejection: Rejection } {
  const split = splitItems(body, 'batch');
  if (!split.ok || !isPlainObject(body) || body.sent_at === undefined || !Array.isArray(body.batch)) return split;
  const items = split.items.map((it) => (isPlainObject(it) && it.sent_at === undefined ? { ...it, sent_at: body.sent_at } : it));
  return { ...split, items };
}

function normalise(item: unknown, path: string): NormaliseResult {
  return normaliseWith(() => {
    const r = new Reader(item, path);
    const event = r.string('event');
    const p = r.optionalObject('properties') ?? new Reader({}, r.at('properties'));
    const distinctId = optionalUserId(r, 'distinct_id') ?? optionalUserId(p, 'distinct_id');
    if (!distinctId) reject('missing_field', r.at('distinct_id'), 'is required (or properties.distinct_id)');
    if (!r.has('timestamp') && !r.has('sent_at')) reject('missing_field', r.at('timestamp'), 'is required (or sent_at)');
    const occurredAt = r.has('timestamp') ? r.time('timestamp') : r.time('sent_at');
    const id = r.optionalId('uuid') ?? derivedId(['posthog', event, distinctId, occurredAt]);
    const groups = p.optionalObject('$groups');
    const customerId = firstId(groups?.raw('company')) ?? firstId(groups?.raw('account')) ?? firstId(p.raw('account_id'));
    const base = { id, occurredAt, ...(customerId ? { customerId } : {}) };

    switch (event) {
      case '$identify': {
        // Current SDKs put $set/$set_once in properties; the older API docs put $set at the top level.
        const set = p.has('$set') ? p.record('$set') : r.record('$set');
        const traits = scrub({ ...p.record('$set_once'), ...set }, { keepEmail: true });
        const anon = p.optionalId('$anon_distinct_id');
        return [{ ...base, userId: distinctId, type: 'identity.user_identified', properties: { ...traits, ...(anon ? { anonymousId: anon } : {}) } }];
      }
      case '$groupidentify': {
        // distinct_id is a placeholder here (e.g. "$company_acme"), not a person: no userId.
        const properties = { ...scrub(p.record('$group_set'), { keepEmail: true }), groupType: p.string('$group_type') };
        return [{ id, occurredAt, customerId: p.id('$group_key'), type: 'identity.account_identified', properties }];
      }
      case '$create_alias':
        // PostHog docs: distinct_id is merged into alias, which becomes the main id.
        return [{ ...base, userId: p.id('alias'), type: 'identity.user_aliased', properties: { previousId: distinctId } }];
    }
    if (event.startsWith('$') && event !== '$pageview' && event !== '$screen') {
      return { ok: true, events: [], ignored: `PostHog internal event ${event} is not mapped to a Tally event` };
    }
    const type: ProductEventType =
      event === '$pageview' ? 'product.page_viewed' : event === '$screen' ? 'product.screen_viewed' : productType(event, r.at('event'));
    const properties = cleanProperties(p.value, RENAME, isInternal);
    if (!event.startsWith('$')) properties.event = event;
    return [{ ...base, userId: distinctId, type, properties }];
  });
}

/**
 * PostHog events sent in the capture/batch format to `POST /v1/ingest/posthog`. `id` = `uuid` (or derived);
 * customerId = `$groups.company`, `$groups.account` or `account_id`; userId = `distinct_id`. `$pageview`,
 * `$screen`, `$identify`, `$groupidentify` and `$create_alias` are mapped; other `$` events are ignored.
 * See docs/sources/posthog.md.
 */
export const posthogConnector: Connector = {
  name: 'posthog',
  version: 1,
  transport: 'batch',
  items: (body) => items(body),
  normalise: (item, ctx) => normalise(item, ctx.path),
};
