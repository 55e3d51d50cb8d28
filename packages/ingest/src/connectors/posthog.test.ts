/**
 * Fixtures follow PostHog's capture API docs (posthog.com contents/docs/api/capture.mdx): single.json is the
 * "Single event" example; batch.json is the "Batch events" example (distinct_id inside properties,
 * `historical_migration`) with a batch `sent_at` as posthog-node sends it, plus the page's Pageview ($current_url),
 * Screen view ($screen_name), Groups ($groups), Identify ($set), Group identify ($group_type/$group_key/$group_set)
 * and Alias (properties.alias) examples; identify-legacy.json is the older post-only-endpoints.mdx Identify
 * sample (top-level $set, "2020-08-16 09:03:11.913767").
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { posthogConnector } from './posthog.ts';
import type { NormaliseResult } from './types.ts';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/posthog/${name}`, import.meta.url), 'utf8'));

function run(body: unknown): NormaliseResult[] {
  const split = posthogConnector.items(body, {});
  if (!split.ok) throw new Error(split.rejection.message);
  return split.items.map((item, i) => posthogConnector.normalise(item, { config: {}, path: split.paths[i] ?? '' }));
}
const capture = (over: Record<string, unknown>) => ({ event: 'clicked', distinct_id: 'u1', timestamp: '2024-03-15T14:30:00Z', uuid: 'e1', ...over });

describe('posthog connector', () => {
  it('is the batch source named posthog', () => {
    expect(posthogConnector).toMatchObject({ name: 'posthog', version: 1, transport: 'batch' });
  });

  it('maps the documented batch to canonical drafts', () => {
    expect(run(fixture('batch.json'))).toEqual([
      { ok: true, events: [{
        id: '0190a0b0-0000-7000-8000-000000000001', type: 'product.batched_event_name_1', occurredAt: '2024-03-15T14:30:00.000Z',
        userId: 'user distinct id', properties: { account_type: 'pro', event: 'batched_event_name_1' },
      }] },
      { ok: true, events: [{
        // no timestamp: the batch's sent_at; no uuid: a derived id
        id: 'c8be48d99a76273874aec82cfb36709f', type: 'product.batched_event_name_2', occurredAt: '2024-03-15T14:31:00.000Z',
        userId: 'user distinct id', properties: { account_type: 'pro', event: 'batched_event_name_2' },
      }] },
      { ok: true, events: [{
        // $ noise dropped ($set with its email, $device_id), useful ones renamed; the token never leaves
        id: '0190a0b0-0000-7000-8000-000000000003', type: 'product.report_exported', occurredAt: '2024-03-15T14:30:02.000Z',
        customerId: 'acme', userId: 'user_123',
        properties: { format: 'csv', url: 'https://app.example.com/reports', browser: 'Chrome', os: 'Mac OS X', library: 'web', event: 'Report Exported' },
      }] },
      { ok: true, events: [{
        id: '0190a0b0-0000-7000-8000-000000000004', type: 'product.page_viewed', occurredAt: '2024-03-15T14:30:03.000Z',
        customerId: 'acme', userId: 'user_123', properties: { url: 'https://posthog.com/docs/api/capture', path: '/docs/api/capture' },
      }] },
      { ok: true, events: [{
        id: '0190a0b0-0000-7000-8000-000000000005', type: 'product.screen_viewed', occurredAt: '2024-03-15T14:30:04.000Z',
        customerId: 'acme', userId: 'user_123', properties: { name: 'TheScreen', account_id: 'acme' },
      }] },
      { ok: true, events: [{
        // $set wins over $set_once; the email stays in identity traits
        id: '0190a0b0-0000-7000-8000-000000000006', type: 'identity.user_identified', occurredAt: '2024-03-15T14:30:05.000Z', userId: 'user_123',
        properties: { first_login: '2024-03-15', name: 'Max Hedgehog', email: 'max@example.com', anonymousId: '018e4a5f-anon' },
      }] },
      { ok: true, events: [{
        // the account is $group_key; distinct_id is a setup placeholder, not a person
        id: '0190a0b0-0000-7000-8000-000000000007', type: 'identity.account_identified', occurredAt: '2024-03-15T14:30:06.000Z', customerId: 'acme',
        properties: { name: 'Acme', subscription: 'premium', date_joined: '2024-01-01T00:00:00Z', groupType: 'company' },
      }] },
      { ok: true, events: [{
        // docs: 123 is merged into 456, which becomes the main distinct_id
        id: '0190a0b0-0000-7000-8000-000000000008', type: 'identity.user_aliased', occurredAt: '2024-03-15T14:30:07.000Z', userId: '456',
        properties: { previousId: '123' },
      }] },
      { ok: true, events: [], ignored: 'PostHog internal event $autocapture is not mapped to a Tally event' },
      { ok: true, events: [], ignored: 'PostHog internal event $feature_flag_called is not mapped to a Tally event' },
    ]);
  });

  it('never copies the api_key or token', () => {
    expect(JSON.stringify(run(fixture('batch.json')))).not.toContain('phc_project_api_key');
    expect(JSON.stringify(run(fixture('single.json')))).not.toContain('phc_project_api_key');
  });

  it('maps a single captured event', () => {
    expect(posthogConnector.items(fixture('single.json'), {})).toMatchObject({ ok: true, paths: [''] });
    expect(run(fixture('single.json'))).toEqual([{ ok: true, events: [{
      id: 'f98a65c710fbdcda5ca463a19d72c143', type: 'product.event_name', occurredAt: '2024-03-15T14:30:00.000Z',
      userId: 'user distinct id', properties: { account_type: 'pro', event: 'event name' },
    }] }]);
  });

  it('maps the older identify shape with a top-level $set', () => {
    expect(run(fixture('identify-legacy.json'))).toEqual([{ ok: true, events: [{
      id: '47e5d2f8c22e77cac3c5e1fdfcb7630e', type: 'identity.user_identified', occurredAt: '2020-08-16T09:03:11.913Z',
      userId: '1234', properties: { is_cool: 'true' },
    }] }]);
  });

  it('takes $groups.company, then $groups.account, then account_id as the customer', () => {
    const customer = (properties: unknown) => (run(capture({ properties }))[0] as { events: { customerId?: string }[] }).events[0]?.customerId;
    expect(customer({ $groups: { company: 'c', account: 'a' }, account_id: 'p' })).toBe('c');
    expect(customer({ $groups: { account: 'a' }, account_id: 'p' })).toBe('a');
    expect(customer({ $groups: { project: 'x' }, account_id: 'p' })).toBe('p');
    expect(customer({})).toBeUndefined();
  });

  it.each([
    [{ event: undefined }, 'missing_field', 'batch[0].event'],
    [{ distinct_id: undefined }, 'missing_field', 'batch[0].distinct_id'],
    [{ distinct_id: '' }, 'missing_field', 'batch[0].distinct_id'],
    [{ distinct_id: { id: 1 } }, 'invalid_field', 'batch[0].distinct_id'],
    [{ timestamp: undefined }, 'missing_field', 'batch[0].timestamp'],
    [{ timestamp: 'now' }, 'invalid_field', 'batch[0].timestamp'],
    [{ properties: 'x' }, 'invalid_field', 'batch[0].properties'],
    [{ event: '...' }, 'invalid_field', 'batch[0].event'],
    [{ event: '$groupidentify', properties: { $group_type: 'company' } }, 'missing_field', 'batch[0].properties.$group_key'],
    [{ event: '$groupidentify', properties: { $group_key: 'acme' } }, 'missing_field', 'batch[0].properties.$group_type'],
    [{ event: '$create_alias', properties: {} }, 'missing_field', 'batch[0].properties.alias'],
  ])('refuses bad input with the field path (%#)', (over, code, field) => {
    expect(run({ api_key: 'k', batch: [capture(over)] })).toMatchObject([{ ok: false, rejection: { code, field } }]);
  });

  it('ignores other $ events such as $pageleave', () => {
    expect(run(capture({ event: '$pageleave' }))).toEqual([{ ok: true, events: [], ignored: 'PostHog internal event $pageleave is not mapped to a Tally event' }]);
  });

  it('refuses a body that is not an event or a batch', () => {
    expect(posthogConnector.items('x', {})).toMatchObject({ ok: false, rejection: { code: 'invalid_item' } });
    expect(posthogConnector.items({ api_key: 'k', batch: 'x' }, {})).toMatchObject({ ok: false, rejection: { code: 'invalid_field', field: 'batch' } });
  });
});
