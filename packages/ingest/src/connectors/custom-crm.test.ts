/**
 * The custom CRM source has no vendor: its payload is Tally's own documented shape (docs/sources/custom-crm.md),
 * `{ records: [...] }` or an array of arbitrary JSON records, read through the declarative mapping in
 * `config.options.mapping`. The fixture is a typical CRM export: nested account, owner and billing objects.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { customCrmConnector, parseCustomCrmMapping } from './custom-crm.ts';
import type { SourceConfig } from './types.ts';

type Json = Record<string, unknown>;
const body = JSON.parse(readFileSync(new URL('./fixtures/custom-crm/records.json', import.meta.url), 'utf8')) as { records: Json[] };
const mapping = {
  id: 'change_id',
  customerId: 'account.id',
  occurredAt: 'updated_at',
  name: 'account.name',
  owner: 'owner.id',
  stage: 'lifecycle',
  healthScore: 'health',
  mrr: 'billing.mrr',
  currency: 'billing.currency',
  properties: ['segment', 'region'],
};
const config: SourceConfig = { options: { mapping } };
const normalise = (item: unknown, path = 'records[0]', cfg = config) => customCrmConnector.normalise(item, { config: cfg, path });

describe('custom-crm normalise', () => {
  it('maps each record through the mapping', () => {
    const split = customCrmConnector.items(body, config);
    if (!split.ok) throw new Error('split failed');
    expect(split.paths).toEqual(['records[0]', 'records[1]', 'records[2]']);
    const [first, second, third] = split.items.map((item, i) => normalise(item, split.paths[i]));
    expect(first).toEqual({
      ok: true,
      events: [
        {
          id: 'chg_1001',
          type: 'crm.account_updated',
          occurredAt: '2026-03-01T10:00:00.000Z',
          customerId: 'acct_acme',
          properties: {
            changes: { owner: 'usr_17', stage: 'customer', name: 'Acme Corp', healthScore: 82, mrrMinor: 125050, currency: 'EUR', segment: 'enterprise', region: 'EMEA' },
          },
        },
      ],
    });
    expect(second).toEqual({
      ok: true,
      events: [
        {
          id: expect.stringMatching(/^[0-9a-f]{32}$/),
          type: 'crm.account_updated',
          occurredAt: '2026-03-01T10:01:00.000Z',
          customerId: '4711',
          properties: { changes: { name: 'Initech', healthScore: 35.5, mrrMinor: 9900, currency: 'USD' } },
        },
      ],
    });
    expect(third).toEqual({
      ok: false,
      rejection: { code: 'invalid_field', field: 'records[2].health', message: 'records[2].health: expected a health score from 0 to 100, got 140' },
    });
  });

  it('derives the same id for the same record, whatever its key order', () => {
    const record = body.records[1]!;
    const reordered = Object.fromEntries(Object.entries(record).reverse());
    const a = normalise(record);
    const b = normalise(reordered);
    const c = normalise({ ...record, health: 36 });
    if (!a.ok || !b.ok || !c.ok) throw new Error('expected events');
    expect(b.events[0]!.id).toBe(a.events[0]!.id);
    expect(c.events[0]!.id).not.toBe(a.events[0]!.id);
  });

  it('works with only the required keys and an array body', () => {
    const minimal: SourceConfig = { options: { mapping: { customerId: 'account.id', occurredAt: 'updated_at' } } };
    expect(customCrmConnector.items([body.records[0]], minimal)).toMatchObject({ ok: true, paths: ['[0]'] });
    expect(normalise(body.records[0], '[0]', minimal)).toMatchObject({ ok: true, events: [{ customerId: 'acct_acme', properties: { changes: {} } }] });
  });

  it.each([
    ['not an object', 'x', 'invalid_field', 'records[0]'],
    ['no customer id', { updated_at: '2026-03-01' }, 'missing_field', 'records[0].account.id'],
    ['a customer id object', { account: { id: { x: 1 } }, updated_at: '2026-03-01' }, 'invalid_field', 'records[0].account.id'],
    ['no time', { account: { id: 'a' } }, 'missing_field', 'records[0].updated_at'],
    ['a bad time', { account: { id: 'a' }, updated_at: 'last week' }, 'invalid_field', 'records[0].updated_at'],
    ['a health score as text', { account: { id: 'a' }, updated_at: '2026-03-01', health: '80' }, 'invalid_field', 'records[0].health'],
    ['a negative health score', { account: { id: 'a' }, updated_at: '2026-03-01', health: -1 }, 'invalid_field', 'records[0].health'],
    ['an mrr as text', { account: { id: 'a' }, updated_at: '2026-03-01', billing: { mrr: '12' } }, 'invalid_field', 'records[0].billing.mrr'],
    ['a bad currency', { account: { id: 'a' }, updated_at: '2026-03-01', billing: { mrr: 12, currency: 'euros' } }, 'invalid_field', 'records[0].billing.currency'],
    ['an object as the stage', { account: { id: 'a' }, updated_at: '2026-03-01', lifecycle: { a: 1 } }, 'invalid_field', 'records[0].lifecycle'],
  ])('refuses %s', (_, item, code, field) => {
    expect(normalise(item)).toMatchObject({ ok: false, rejection: { code, field } });
  });
});

describe('custom-crm mapping', () => {
  it.each([
    ['no options', undefined, 'missing_field', 'config.options.mapping'],
    ['no mapping', {}, 'missing_field', 'config.options.mapping'],
    ['a mapping that is not an object', { mapping: 'account.id' }, 'invalid_field', 'config.options.mapping'],
    ['no customerId', { mapping: { occurredAt: 'updated_at' } }, 'missing_field', 'config.options.mapping.customerId'],
    ['no occurredAt', { mapping: { customerId: 'account.id' } }, 'missing_field', 'config.options.mapping.occurredAt'],
    ['a bad path', { mapping: { customerId: 'account..id', occurredAt: 'updated_at' } }, 'invalid_field', 'config.options.mapping.customerId'],
    ['a number as a path', { mapping: { customerId: 'account.id', occurredAt: 'updated_at', healthScore: 7 } }, 'invalid_field', 'config.options.mapping.healthScore'],
    ['a bad extra path', { mapping: { customerId: 'a', occurredAt: 'b', properties: ['ok', 'not ok'] } }, 'invalid_field', 'config.options.mapping.properties[1]'],
    ['an unknown key', { mapping: { customerId: 'a', occurredAt: 'b', healthscore: 'h' } }, 'invalid_field', 'config.options.mapping.healthscore'],
  ])('refuses %s', (_, options, code, field) => {
    expect(parseCustomCrmMapping(options as Json | undefined)).toMatchObject({ ok: false, rejection: { code, field } });
  });

  it('refuses the whole request, and each item, when the mapping is bad', () => {
    const bad: SourceConfig = { options: { mapping: { customerId: 'account.id' } } };
    const expected = { ok: false, rejection: { code: 'missing_field', field: 'config.options.mapping.occurredAt' } };
    expect(customCrmConnector.items(body, bad)).toMatchObject(expected);
    expect(normalise(body.records[0], 'records[0]', bad)).toMatchObject(expected);
  });

  it('returns the parsed mapping', () => {
    expect(parseCustomCrmMapping({ mapping })).toEqual({ ok: true, mapping });
  });
});
