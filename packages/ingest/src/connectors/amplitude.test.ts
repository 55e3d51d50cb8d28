/**
 * Fixtures follow Amplitude's HTTP V2 API (https://amplitude.com/docs/apis/analytics/http-v2): the first two
 * events are the "Send a batch request" example of http-api-batching-retries (user_id, event_type, time,
 * insert_id); the third is the HTTP V2 quickstart event (user_id, device_id, event_type) with the documented
 * optional keys ("Keys for the event argument": event/user properties, groups, app_version, platform, os_*,
 * device_model, location, ip, idfa, session_id, event_id); the others use the documented revenue keys
 * (price, quantity, revenue, productId, revenueType, currency) and the `$identify`/`$groupidentify` event types
 * with user_properties/group_properties operations.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { amplitudeConnector } from './amplitude.ts';
import type { NormaliseResult } from './types.ts';

const fixture = (): unknown => JSON.parse(readFileSync(new URL('./fixtures/amplitude/httpapi.json', import.meta.url), 'utf8'));

function run(body: unknown): NormaliseResult[] {
  const split = amplitudeConnector.items(body, {});
  if (!split.ok) throw new Error(split.rejection.message);
  return split.items.map((item, i) => amplitudeConnector.normalise(item, { config: {}, path: split.paths[i] ?? '' }));
}
const event = (over: Record<string, unknown>) => ({ user_id: 'user-20391', event_type: 'Order Completed', time: 1793817970000, insert_id: 'i1', ...over });

describe('amplitude connector', () => {
  it('is the batch source named amplitude', () => {
    expect(amplitudeConnector).toMatchObject({ name: 'amplitude', version: 1, transport: 'batch' });
  });

  it('maps the documented events to canonical drafts', () => {
    const events = run(fixture()).map((r) => (r.ok ? r.events : r));
    expect(events).toEqual([
      [{
        // price * quantity wins over revenue (HTTP API rule); the buyer's email is not kept on a product event
        id: 'order-88231-completed', type: 'product.order_completed', occurredAt: '2026-11-04T18:46:10.000Z', customerId: 'acct-77', userId: 'user-20391',
        properties: { order_id: '88231', event: 'Order Completed', productId: 'plan-pro', revenueType: 'income', price: 19.99, quantity: 3 },
        revenue: { amountMinor: 5997, currency: 'EUR' },
      }],
      [{
        id: 'order-88231-receipt', type: 'product.receipt_emailed', occurredAt: '2026-11-04T18:46:11.000Z', userId: 'user-20391',
        properties: { event: 'Receipt Emailed' },
      }],
      [{
        // no insert_id: derived; the first company group is the customer; ip, idfa and location are not kept
        id: 'b1b2fe5520c9df24bb06bec8333b1048', type: 'product.watch_tutorial', occurredAt: '2014-04-01T19:42:58.123Z', customerId: 'Acme', userId: '203201202',
        properties: {
          load_time: 0.8371, source: 'notification', account_id: 'acct-12', event: 'watch_tutorial',
          deviceId: 'C8F9E604-F01A-4BD9-95C6-8E5357DF265D', sessionId: 1396381378123, platform: 'iOS', os: 'Android', osVersion: '4.2.2',
          deviceModel: 'Samsung Galaxy S5', appVersion: '2.1.3', country: 'United States', region: 'California', city: 'San Francisco', language: 'English',
        },
      }],
      [{
        // a device-only event: the device id stands in for the user; KRW has no minor unit
        id: '5f0adeff-6668-4427-8d02-57d803a2b841', type: 'product.song_purchased', occurredAt: '2014-04-01T19:42:59.000Z',
        userId: 'C8F9E604-F01A-4BD9-95C6-8E5357DF265D',
        properties: { event: 'Song Purchased', deviceId: 'C8F9E604-F01A-4BD9-95C6-8E5357DF265D' },
        revenue: { amountMinor: 1500, currency: 'KRW' },
      }],
      [{
        // $set wins over $setOnce; other operations ($add) are not traits
        id: 'identify-20391-1', type: 'identity.user_identified', occurredAt: '2026-11-04T18:46:12.000Z', userId: 'user-20391',
        properties: { initial_source: 'ads', plan: 'pro', email: 'buyer@example.com' },
      }],
      [{
        id: 'groupidentify-acct-77', type: 'identity.account_identified', occurredAt: '2026-11-04T18:46:13.000Z', customerId: 'acct-77',
        properties: { name: 'Initech', plan: 'enterprise' },
      }],
    ]);
  });

  it('never copies the api_key', () => {
    expect(JSON.stringify(run(fixture()))).not.toContain('YOUR_API_KEY');
  });

  it.each([
    [{ revenue: 10 }, { amountMinor: 1000, currency: 'USD' }],
    [{ price: 2.5 }, { amountMinor: 250, currency: 'USD' }],
    [{ price: 0.1, quantity: 3, currency: 'BHD' }, { amountMinor: 300, currency: 'BHD' }],
    [{ revenue: -4.99, revenueType: 'refund' }, { amountMinor: -499, currency: 'USD' }],
  ])('revenue from %j', (over, revenue) => {
    expect(run({ events: [event(over)] })).toMatchObject([{ ok: true, events: [{ revenue }] }]);
  });

  it('takes plain user_properties as traits and the account group as the customer', () => {
    expect(run({ events: [event({ event_type: '$identify', user_properties: { plan: 'pro' }, groups: { account: ['a-1', 'a-2'] } })] })).toEqual([
      { ok: true, events: [{ id: 'i1', type: 'identity.user_identified', occurredAt: '2026-11-04T18:46:10.000Z', customerId: 'a-1', userId: 'user-20391', properties: { plan: 'pro' } }] },
    ]);
  });

  it('ignores a $groupidentify for a group type that is not an account', () => {
    expect(run({ events: [event({ event_type: '$groupidentify', groups: { team: 'blue' } })] })).toEqual([
      { ok: true, events: [], ignored: 'Amplitude $groupidentify for a group type other than account/company' },
    ]);
  });

  it.each([
    [{ event_type: undefined }, 'missing_field', 'events[0].event_type'],
    [{ user_id: undefined }, 'missing_field', 'events[0].user_id'],
    [{ user_id: '', device_id: '' }, 'missing_field', 'events[0].user_id'],
    [{ user_id: ['u'] }, 'invalid_field', 'events[0].user_id'],
    [{ time: undefined }, 'missing_field', 'events[0].time'],
    [{ time: 'soon' }, 'invalid_field', 'events[0].time'],
    [{ event_properties: 'x' }, 'invalid_field', 'events[0].event_properties'],
    [{ groups: 5 }, 'invalid_field', 'events[0].groups'],
    [{ revenue: 'ten' }, 'invalid_field', 'events[0].revenue'],
    [{ price: 1, quantity: 'two' }, 'invalid_field', 'events[0].quantity'],
    [{ revenue: 1, currency: 'euro' }, 'invalid_field', 'events[0].currency'],
    [{ event_type: '$groupidentify' }, 'missing_field', 'events[0].groups'],
  ])('refuses bad input with the field path (%#)', (over, code, field) => {
    expect(run({ events: [event(over)] })).toMatchObject([{ ok: false, rejection: { code, field } }]);
  });

  it('refuses an event without time (Amplitude would use its upload time; a pure normaliser cannot)', () => {
    const quickstart = { user_id: '203201202', device_id: 'C8F9E604-F01A-4BD9-95C6-8E5357DF265D', event_type: 'watch_tutorial' };
    expect(run({ api_key: 'YOUR_API_KEY', events: [quickstart] })).toEqual([
      { ok: false, rejection: { code: 'missing_field', field: 'events[0].time', message: 'events[0].time: is required' } },
    ]);
  });

  it('refuses a body without an events array', () => {
    expect(amplitudeConnector.items({ api_key: 'k', event: {} }, {})).toEqual({
      ok: false, rejection: { code: 'missing_field', field: 'events', message: 'events: is required' },
    });
    expect(amplitudeConnector.items([], {})).toMatchObject({ ok: false, rejection: { code: 'invalid_item', field: '' } });
    expect(amplitudeConnector.items({ events: 'x' }, {})).toMatchObject({ ok: false, rejection: { code: 'invalid_field', field: 'events' } });
  });

  it('refuses a non-object event at its index', () => {
    expect(run({ events: [event({}), null] })[1]).toMatchObject({ ok: false, rejection: { code: 'invalid_field', field: 'events[1]' } });
  });
});
