/**
 * Fixtures follow Mixpanel's Import API (https://developer.mixpanel.com/reference/import-events): the first
 * two events of import.json and all of import.ndjson are the page's "Request Format" example verbatim; the
 * others add documented properties ($insert_id, token, $groups, default $-properties), the Create Identity
 * `$identify` payload ($identified_id/$anon_id, reference/create-identity) and the Create Alias payload
 * (distinct_id/alias, reference/identity-create-alias).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mixpanelConnector } from './mixpanel.ts';
import type { NormaliseResult } from './types.ts';

const raw = (name: string) => readFileSync(new URL(`./fixtures/mixpanel/${name}`, import.meta.url), 'utf8');

function run(body: unknown): NormaliseResult[] {
  const split = mixpanelConnector.items(body, {});
  if (!split.ok) throw new Error(split.rejection.message);
  return split.items.map((item, i) => mixpanelConnector.normalise(item, { config: {}, path: split.paths[i] ?? '' }));
}

const documented = [
  {
    ok: true,
    events: [{
      id: '29fc2962-6d9c-455d-95ad-95b84f09b9e4', type: 'product.signup', occurredAt: '2021-04-18T03:27:57.000Z',
      userId: '91304156-cafc-4673-a237-623d1129c801', properties: { 'Referred by': 'Friend', URL: 'mixpanel.com/signup', event: 'Signup' },
    }],
  },
  {
    ok: true,
    events: [{
      id: '935d87b1-00cd-41b7-be34-b9d98dd08b42', type: 'product.purchase', occurredAt: '2021-04-18T03:27:57.000Z',
      userId: '91304156-cafc-4673-a237-623d1129c801', properties: { Item: 'Coffee', Amount: 5, event: 'Purchase' },
    }],
  },
];

describe('mixpanel connector', () => {
  it('is the batch source named mixpanel', () => {
    expect(mixpanelConnector).toMatchObject({ name: 'mixpanel', version: 1, transport: 'batch' });
  });

  it('maps the Import API example and the other documented shapes', () => {
    expect(run(JSON.parse(raw('import.json')))).toEqual([
      ...documented,
      {
        ok: true,
        events: [{
          // the first company of $groups is the customer; $ and mp_ internals go, the useful ones are renamed; the token never leaves
          id: 'a1b2c3d4-0000-4000-8000-000000000001', type: 'product.report_exported', occurredAt: '2021-04-18T03:28:00.000Z',
          customerId: 'acme', userId: 'user_123',
          properties: { browser: 'Chrome', browserVersion: 120, os: 'Mac OS X', url: 'https://app.example.com/reports', library: 'web', format: 'csv', event: 'Report Exported' },
        }],
      },
      {
        ok: true,
        events: [{
          id: 'a1b2c3d4-0000-4000-8000-000000000002', type: 'product.page_viewed', occurredAt: '2021-04-18T03:28:01.000Z',
          customerId: 'acme', userId: 'user_123',
          properties: { company_id: 'acme', url: 'https://app.example.com/home', current_page_title: 'Home' },
        }],
      },
      {
        ok: true,
        events: [{
          // no $insert_id: a deterministic id from event, distinct_id and time; distinct_id "" means no user
          id: '7a52f6ddae1c62fb8f079c7c552d8258', type: 'product.plan_viewed', occurredAt: '2021-04-18T03:28:02.000Z',
          customerId: '42', properties: { account_id: 42, event: 'Plan Viewed' },
        }],
      },
      {
        ok: true,
        events: [{
          id: 'a1b2c3d4-0000-4000-8000-000000000003', type: 'identity.user_identified', occurredAt: '2021-04-18T03:28:03.000Z',
          userId: 'user_123', properties: { anonymousId: '$device:18f0c5b3' },
        }],
      },
      {
        ok: true,
        events: [{
          // alias is the new id that resolves to the existing distinct_id
          id: 'a1b2c3d4-0000-4000-8000-000000000004', type: 'identity.user_aliased', occurredAt: '2021-04-18T03:28:04.000Z',
          userId: 'your_id', properties: { previousId: 'other_distinct_id' },
        }],
      },
      { ok: true, events: [], ignored: 'Mixpanel internal event $merge is not mapped to a Tally event' },
    ]);
    expect(raw('import.json')).toContain('YOUR_PROJECT_TOKEN');
    expect(JSON.stringify(run(JSON.parse(raw('import.json'))))).not.toContain('YOUR_PROJECT_TOKEN');
  });

  it('reads the NDJSON form of the same example', () => {
    expect(mixpanelConnector.items(raw('import.ndjson'), {})).toMatchObject({ ok: true, paths: ['[0]', '[1]'] });
    expect(run(raw('import.ndjson'))).toEqual(documented);
  });

  it('derives the same id for a retried event without $insert_id', () => {
    const item = { event: 'Plan Viewed', properties: { time: 1618716482, distinct_id: 'u1' } };
    const again = { event: 'Plan Viewed', properties: { time: 1618716482000, distinct_id: 'u1', extra: true } };
    const id = (x: unknown) => (run([x])[0] as { events: { id: string }[] }).events[0]?.id;
    expect(id(item)).toMatch(/^[0-9a-f]{32}$/);
    expect(id(again)).toBe(id(item));
    expect(id({ ...item, event: 'Other' })).not.toBe(id(item));
  });

  it.each([
    [{ properties: { time: 1618716477, distinct_id: 'u' } }, 'missing_field', '[0].event'],
    [{ event: 'X', properties: { distinct_id: 'u' } }, 'missing_field', '[0].properties.time'],
    [{ event: 'X', properties: { time: 'yesterday', distinct_id: 'u' } }, 'invalid_field', '[0].properties.time'],
    [{ event: 'X', properties: { time: 1618716477 } }, 'missing_field', '[0].properties.distinct_id'],
    [{ event: 'X', properties: { time: 1618716477, distinct_id: { id: 1 } } }, 'invalid_field', '[0].properties.distinct_id'],
    [{ event: 'X' }, 'missing_field', '[0].properties'],
    [{ event: 'X', properties: [] }, 'invalid_field', '[0].properties'],
    [{ event: 'X', properties: { time: 1618716477, distinct_id: 'u', $groups: 'acme' } }, 'invalid_field', '[0].properties.$groups'],
    [{ event: '???', properties: { time: 1618716477, distinct_id: 'u' } }, 'invalid_field', '[0].event'],
    [{ event: '$identify', properties: { time: 1618716477 } }, 'missing_field', '[0].properties.$identified_id'],
    [{ event: '$create_alias', properties: { time: 1618716477, distinct_id: 'u' } }, 'missing_field', '[0].properties.alias'],
    ['not json', 'invalid_field', '[0]'],
  ])('refuses bad input with the field path (%#)', (item, code, field) => {
    expect(run([item])).toMatchObject([{ ok: false, rejection: { code, field } }]);
  });

  it('refuses an NDJSON line that is not JSON at its line index', () => {
    const text = `${raw('import.ndjson').split('\n')[0]}\n{broken\n`;
    expect(run(text)[1]).toMatchObject({ ok: false, rejection: { code: 'invalid_field', field: '[1]' } });
  });

  it('refuses a body that is not events at all', () => {
    expect(mixpanelConnector.items(42, {})).toMatchObject({ ok: false, rejection: { code: 'invalid_item' } });
  });
});
