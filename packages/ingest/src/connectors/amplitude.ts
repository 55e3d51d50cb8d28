import { readAmount, revenueOf } from './currency-digits.ts';
import { FieldProblem, normaliseWith, Reader, reject } from './fields.ts';
import { defined, derivedId, firstId, optionalUserId, productType, scrub } from './product-analytics.ts';
import type { Connector, EventDraft, NormaliseResult, Rejection } from './types.ts';

/**
 * Amplitude's HTTP V2 API format (https://amplitude.com/docs/apis/analytics/http-v2):
 * `{ api_key, events: [{ event_type, user_id, device_id, time, insert_id, event_properties, ... }], options }`.
 * The body's `api_key` is Amplitude's, not Tally's auth: it is never read or copied.
 */

function items(body: unknown): { ok: true; items: unknown[]; paths: string[] } | { ok: false; rejection: Rejection } {
  try {
    const events = new Reader(body).array('events');
    return { ok: true, items: events, paths: events.map((_, i) => `events[${i}]`) };
  } catch (err) {
    if (err instanceof FieldProblem) return { ok: false, rejection: err.rejection };
    throw err;
  }
}

/** Traits from `user_properties`/`group_properties`: the `$setOnce` and `$set` operations, or the plain object. */
function traits(r: Reader, key: string): Record<string, unknown> {
  const all = r.record(key);
  const ops = Object.keys(all).some((k) => k.startsWith('$'));
  const v = ops ? { ...new Reader(all, r.at(key)).record('$setOnce'), ...new Reader(all, r.at(key)).record('$set') } : all;
  return scrub(v, { keepEmail: true });
}

/** Revenue: `price * quantity` (quantity defaults to 1) when `price` is sent, else `revenue`; `currency` defaults to USD. */
function revenue(r: Reader): EventDraft['revenue'] {
  if (r.has('price')) return revenueOf(readAmount(r, 'price') * (r.optionalNumber('quantity') ?? 1), r, 'currency', r.at('price'));
  if (r.has('revenue')) return revenueOf(readAmount(r, 'revenue'), r, 'currency', r.at('revenue'));
  return undefined;
}

function normalise(item: unknown, path: string): NormaliseResult {
  return normaliseWith(() => {
    const r = new Reader(item, path);
    const eventType = r.string('event_type');
    const userId = optionalUserId(r, 'user_id');
    const deviceId = optionalUserId(r, 'device_id');
    if (!userId && !deviceId) reject('missing_field', r.at('user_id'), 'user_id or device_id is required');
    const occurredAt = r.time('time');
    const id = r.optionalId('insert_id') ?? derivedId(['amplitude', eventType, userId ?? '', deviceId ?? '', occurredAt, r.raw('session_id') ?? '', r.raw('event_id') ?? '']);
    const groups = r.optionalObject('groups');
    const eventProps = r.optionalObject('event_properties') ?? new Reader({}, r.at('event_properties'));
    const customerId = firstId(groups?.raw('account')) ?? firstId(groups?.raw('company')) ?? firstId(eventProps.raw('account_id'));

    if (eventType === '$groupidentify') {
      if (!groups) reject('missing_field', r.at('groups'), 'is required on $groupidentify');
      if (!customerId) return { ok: true, events: [], ignored: 'Amplitude $groupidentify for a group type other than account/company' };
      // Group identify is about the account, not the person who happened to send it: no userId.
      return [{ id, occurredAt, customerId, type: 'identity.account_identified', properties: traits(r, 'group_properties') }];
    }
    const base = { id, occurredAt, userId: userId ?? deviceId, ...(customerId ? { customerId } : {}) };
    if (eventType === '$identify') {
      return [{ ...base, type: 'identity.user_identified', properties: { ...traits(r, 'user_properties'), ...defined({ deviceId }) } }];
    }
    const money = revenue(r);
    const draft: EventDraft = {
      ...base,
      type: productType(eventType, r.at('event_type')),
      properties: {
        ...scrub(eventProps.value),
        ...defined({
          event: eventType,
          deviceId,
          sessionId: r.raw('session_id'),
          platform: r.optionalString('platform'),
          os: r.optionalString('os_name'),
          osVersion: r.optionalString('os_version'),
          deviceModel: r.optionalString('device_model'),
          appVersion: r.optionalString('app_version'),
          country: r.optionalString('country'),
          region: r.optionalString('region'),
          city: r.optionalString('city'),
          language: r.optionalString('language'),
          productId: r.optionalString('productId'),
          revenueType: r.optionalString('revenueType'),
          price: r.raw('price'),
          quantity: r.raw('quantity'),
        }),
      },
      ...(money ? { revenue: money } : {}),
    };
    return [draft];
  });
}

/**
 * Amplitude events in the HTTP V2 format, sent to `POST /v1/ingest/amplitude`. `id` = `insert_id` (or
 * derived); customerId = `groups.account`, `groups.company` or `event_properties.account_id`; userId =
 * `user_id`, else `device_id`. `$identify`/`$groupidentify` map to identity events. See docs/sources/amplitude.md.
 */
export const amplitudeConnector: Connector = {
  name: 'amplitude',
  version: 1,
  transport: 'batch',
  items: (body) => items(body),
  normalise: (item, ctx) => normalise(item, ctx.path),
};
