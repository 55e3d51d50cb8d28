/**
 * The shared Segment-spec rules, on messages shaped like the spec's examples
 * (segment-docs src/connections/spec/common.md, track.md, group.md, alias.md).
 */
import { describe, expect, it } from 'vitest';
import { normaliseSpecMessage, splitSpecMessages } from './segment-spec.ts';

const track = (over: Record<string, unknown> = {}) => ({
  type: 'track', messageId: 'm1', userId: 'u1', event: 'Report Exported', timestamp: '2024-03-01T10:00:00Z', ...over,
});
const one = (item: unknown, path = 'batch[2]') => normaliseSpecMessage(item, path);
const draft = (item: unknown) => {
  const r = one(item);
  if (!r.ok) throw new Error(r.rejection.message);
  return r.events[0];
};

describe('normaliseSpecMessage', () => {
  it.each([
    [{ timestamp: '2024-03-01T10:00:00Z', originalTimestamp: '2024-03-01T09:00:00Z' }, '2024-03-01T10:00:00.000Z'],
    [{ timestamp: undefined, originalTimestamp: '2024-03-01T09:00:00Z', sentAt: '2024-03-01T08:00:00Z' }, '2024-03-01T09:00:00.000Z'],
    [{ timestamp: undefined, sentAt: '2024-03-01T08:00:00Z', receivedAt: '2024-03-01T07:00:00Z' }, '2024-03-01T08:00:00.000Z'],
    [{ timestamp: undefined, receivedAt: '2024-03-01T07:00:00+01:00' }, '2024-03-01T06:00:00.000Z'],
  ])('takes the event time in the spec order (%#)', (over, expected) => {
    expect(draft(track(over))?.occurredAt).toBe(expected);
  });

  it.each([
    [track({ timestamp: undefined }), 'missing_field', 'batch[2].timestamp', 'batch[2].timestamp: is required (or originalTimestamp, sentAt, receivedAt)'],
    [track({ timestamp: '2015-2-02T00:30:08.276Z' }), 'invalid_field', 'batch[2].timestamp', undefined],
    [track({ messageId: undefined }), 'missing_field', 'batch[2].messageId', 'batch[2].messageId: is required'],
    [track({ messageId: { id: 1 } }), 'invalid_field', 'batch[2].messageId', 'batch[2].messageId: expected a string, got object'],
    [track({ type: undefined }), 'missing_field', 'batch[2].type', 'batch[2].type: is required'],
    [track({ type: 3 }), 'invalid_field', 'batch[2].type', 'batch[2].type: expected a string, got number'],
    [track({ event: undefined }), 'missing_field', 'batch[2].event', 'batch[2].event: is required'],
    [track({ event: '!!!' }), 'invalid_field', 'batch[2].event', 'batch[2].event: event name "!!!" has no letters or digits to name an event type'],
    [track({ userId: undefined }), 'missing_field', 'batch[2].userId', 'batch[2].userId: userId or anonymousId is required'],
    [track({ properties: 'x' }), 'invalid_field', 'batch[2].properties', 'batch[2].properties: expected an object, got string'],
    [track({ context: [] }), 'invalid_field', 'batch[2].context', 'batch[2].context: expected an object, got an array'],
    [track({ properties: { revenue: 'lots' } }), 'invalid_field', 'batch[2].properties.revenue', 'batch[2].properties.revenue: expected an amount in major units, got "lots"'],
    [track({ properties: { revenue: 5, currency: 'dollars' } }), 'invalid_field', 'batch[2].properties.currency', 'batch[2].properties.currency: longer than 3 characters'],
    [{ ...track(), type: 'group', groupId: undefined }, 'missing_field', 'batch[2].groupId', 'batch[2].groupId: is required'],
    [{ ...track(), type: 'alias', previousId: undefined }, 'missing_field', 'batch[2].previousId', 'batch[2].previousId: is required'],
    [{ ...track(), type: 'alias', userId: undefined, anonymousId: 'a1', previousId: 'p' }, 'missing_field', 'batch[2].userId', 'batch[2].userId: is required'],
    ['text', 'invalid_field', 'batch[2]', 'batch[2]: expected an object, got string'],
  ])('refuses bad input with the field path (%#)', (item, code, field, message) => {
    const result = one(item);
    expect(result).toMatchObject({ ok: false, rejection: { code, field } });
    if (message && !result.ok) expect(result.rejection.message).toBe(message);
  });

  it('ignores message types the spec has but Tally does not map', () => {
    expect(one({ type: 'delete', userId: 'u1', timestamp: '2012-12-02T00:30:08.276Z' })).toEqual({
      ok: true, events: [], ignored: 'Segment "delete" messages are not mapped to Tally events',
    });
  });

  it('takes the customer from context.groupId, then properties.accountId, then properties.account_id', () => {
    const props = { accountId: 'from-props', account_id: 'from-snake' };
    expect(draft(track({ context: { groupId: 'from-context' }, properties: props }))?.customerId).toBe('from-context');
    expect(draft(track({ properties: props }))?.customerId).toBe('from-props');
    expect(draft(track({ properties: { account_id: 7 } }))?.customerId).toBe('7');
    expect(draft(track())).not.toHaveProperty('customerId');
  });

  it('lets a group call stand without a user', () => {
    expect(draft({ type: 'group', messageId: 'g1', groupId: 'acme', traits: { name: 'Acme', email: 'ops@acme.test' }, timestamp: '2024-03-01T10:00:00Z' })).toEqual({
      id: 'g1', type: 'identity.account_identified', occurredAt: '2024-03-01T10:00:00.000Z', customerId: 'acme', properties: { name: 'Acme', email: 'ops@acme.test' },
    });
  });

  it('keeps the slug rule for feature_used: only an event named so becomes product.feature_used', () => {
    expect(draft(track({ event: 'Feature Used', properties: { feature: 'export' } }))?.type).toBe('product.feature_used');
    expect(draft(track({ event: 'Used a Feature', properties: { feature: 'export' } }))?.type).toBe('product.used_a_feature');
  });

  it.each([
    [{ revenue: 19.99 }, { amountMinor: 1999, currency: 'USD' }],
    [{ revenue: '39.95', currency: 'eur' }, { amountMinor: 3995, currency: 'EUR' }],
    [{ revenue: 1.005, currency: 'USD' }, { amountMinor: 101, currency: 'USD' }],
    [{ revenue: 980, currency: 'KRW' }, { amountMinor: 980, currency: 'KRW' }],
    [{ revenue: 12.345, currency: 'KWD' }, { amountMinor: 12345, currency: 'KWD' }],
    [{ revenue: -5, currency: 'GBP' }, { amountMinor: -500, currency: 'GBP' }],
  ])('turns properties %j into revenue in minor units', (properties, revenue) => {
    expect(draft(track({ properties }))?.revenue).toEqual(revenue);
  });

  it('adds no revenue to tracks without it, nor to pages', () => {
    expect(draft(track())).not.toHaveProperty('revenue');
    expect(draft({ ...track({ properties: { revenue: 5 } }), type: 'page' })).not.toHaveProperty('revenue');
  });

  it('drops secrets everywhere and emails outside identity traits', () => {
    const properties = { plan: 'pro', email: 'a@b.test', password: 'x', nested: { api_key: 'k', keep: 1 }, access_token: 't' };
    expect(draft(track({ properties }))?.properties).toEqual({ plan: 'pro', nested: { keep: 1 }, event: 'Report Exported' });
    expect(draft({ ...track(), type: 'identify', traits: properties })?.properties).toEqual({ plan: 'pro', email: 'a@b.test', nested: { keep: 1 } });
  });

  it('reads a numeric messageId as text and an upper-case type', () => {
    expect(draft(track({ messageId: 42, type: 'Track' }))).toMatchObject({ id: '42', type: 'product.report_exported' });
  });
});

describe('splitSpecMessages', () => {
  it('merges the batch context under each message context', () => {
    const body = { batch: [{ a: 1 }, { context: { ip: '1.2.3.4', locale: 'de-DE' } }, 'x'], context: { locale: 'en-US', device: { type: 'ios' } } };
    expect(splitSpecMessages(body)).toEqual({
      ok: true,
      items: [
        { a: 1, context: { locale: 'en-US', device: { type: 'ios' } } },
        { context: { locale: 'de-DE', device: { type: 'ios' }, ip: '1.2.3.4' } },
        'x',
      ],
      paths: ['batch[0]', 'batch[1]', 'batch[2]'],
    });
  });

  it('takes one message or an array of them', () => {
    expect(splitSpecMessages({ type: 'track' })).toEqual({ ok: true, items: [{ type: 'track' }], paths: [''] });
    expect(splitSpecMessages([{ type: 'track' }])).toEqual({ ok: true, items: [{ type: 'track' }], paths: ['[0]'] });
  });
});
