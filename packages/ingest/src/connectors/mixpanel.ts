import { normaliseWith, Reader, reject, splitItems } from './fields.ts';
import { cleanProperties, derivedId, firstId, optionalUserId, productType, type ProductEventType } from './product-analytics.ts';
import type { Connector, EventDraft, NormaliseResult, Rejection } from './types.ts';

/**
 * Mixpanel's Import API format (https://developer.mixpanel.com/reference/import-events): a JSON array of
 * `{ event, properties: { time, distinct_id, $insert_id, ... } }`, or the same as newline-delimited JSON.
 */

/** Mixpanel's default properties worth keeping, under Tally's names. */
const RENAME: Readonly<Record<string, string>> = {
  $current_url: 'url',
  $referrer: 'referrer',
  $browser: 'browser',
  $browser_version: 'browserVersion',
  $os: 'os',
  $device: 'device',
  $device_id: 'deviceId',
  $app_version_string: 'appVersion',
  $city: 'city',
  $region: 'region',
  mp_country_code: 'country',
  mp_lib: 'library',
};
/** Already read into the draft (or the project token, which must never be copied). */
const READ = new Set(['time', 'distinct_id', 'token']);
const isInternal = (key: string) => key.startsWith('$') || key.startsWith('mp_') || READ.has(key);

/** A body that arrives as text is NDJSON: one event per line; a line that is not JSON stays text and is refused. */
function splitNdjson(text: string): { ok: true; items: unknown[]; paths: string[] } {
  const items = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line): unknown => {
      try {
        return JSON.parse(line);
      } catch {
        return line;
      }
    });
  return { ok: true, items, paths: items.map((_, i) => `[${i}]`) };
}

function items(body: unknown): { ok: true; items: unknown[]; paths: string[] } | { ok: false; rejection: Rejection } {
  return typeof body === 'string' ? splitNdjson(body) : splitItems(body, undefined);
}

function normalise(item: unknown, path: string): NormaliseResult {
  return normaliseWith(() => {
    const r = new Reader(item, path);
    const event = r.string('event', { max: 255 });
    const p = r.object('properties');
    const occurredAt = p.time('time');
    const distinctId = optionalUserId(p, 'distinct_id');
    const id = p.optionalId('$insert_id') ?? derivedId(['mixpanel', event, distinctId ?? '', occurredAt]);
    const groups = p.optionalObject('$groups');
    const customerId = firstId(groups?.raw('company')) ?? firstId(p.raw('company_id')) ?? firstId(p.raw('account_id'));
    const base = { id, occurredAt, ...(customerId ? { customerId } : {}) };

    if (event === '$identify') {
      const userId = p.optionalId('$identified_id') ?? distinctId;
      if (!userId) reject('missing_field', p.at('$identified_id'), 'is required (or distinct_id)');
      const anon = p.optionalId('$anon_id') ?? p.optionalId('$anon_distinct_id');
      return [{ ...base, userId, type: 'identity.user_identified', properties: anon ? { anonymousId: anon } : {} }];
    }
    if (event === '$create_alias') {
      // Mixpanel: `alias` is the new id that will resolve to the existing `distinct_id`.
      return [{ ...base, userId: p.id('alias'), type: 'identity.user_aliased', properties: { previousId: p.id('distinct_id') } }];
    }
    if (event.startsWith('$') && event !== '$mp_web_page_view') {
      return { ok: true, events: [], ignored: `Mixpanel internal event ${event} is not mapped to a Tally event` };
    }
    // The Import API requires distinct_id; "" means "not a user's event".
    if (p.raw('distinct_id') === undefined || p.raw('distinct_id') === null) reject('missing_field', p.at('distinct_id'), 'is required ("" for no user)');
    const userId = optionalUserId(p, '$user_id') ?? distinctId;
    const type: ProductEventType = event === '$mp_web_page_view' ? 'product.page_viewed' : productType(event, r.at('event'));
    const draft: EventDraft = { ...base, ...(userId ? { userId } : {}), type, properties: cleanProperties(p.value, RENAME, isInternal) };
    if (type !== 'product.page_viewed') draft.properties.event = event;
    return [draft];
  });
}

/**
 * Mixpanel events sent in the Import API format to `POST /v1/ingest/mixpanel`. `id` = `$insert_id` (or
 * derived from event, distinct_id and time); customerId = `$groups.company`, `company_id` or `account_id`;
 * userId = `$user_id` or `distinct_id`. See docs/sources/mixpanel.md.
 */
export const mixpanelConnector: Connector = {
  name: 'mixpanel',
  version: 1,
  transport: 'batch',
  items: (body) => items(body),
  normalise: (item, ctx) => normalise(item, ctx.path),
};
