/**
 * Fixtures follow the documented Change Data Capture event message
 * (https://developer.salesforce.com/docs/atlas.en-us.change_data_capture.meta/change_data_capture/cdc_event_fields_header.htm
 * and "Example: Delivered Enriched Event Messages", cdc_enrich_event_example.htm): a ChangeEventHeader
 * (entityName, recordIds, changeType, changedFields, nulledFields, changeOrigin, transactionKey,
 * sequenceNumber, commitTimestamp in ms, commitNumber, commitUser) beside the field values. The CometD
 * envelope is `{ schema, payload, event: { replayId } }`; the Pub/Sub API sample (pub-sub-api-node-client
 * README) is `{ replayId, payload }` with every unchanged field rendered as null.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { salesforceConnector } from './salesforce.ts';

type Json = Record<string, unknown>;
const load = (name: string): Json => JSON.parse(readFileSync(new URL(`./fixtures/salesforce/${name}.json`, import.meta.url), 'utf8')) as Json;
const normalise = (item: unknown, path = 'events[0]') => salesforceConnector.normalise(item, { config: {}, path });

describe('salesforce normalise', () => {
  it('maps an enriched CometD Account update: changed fields only, customer from Tally_Account_Id__c', () => {
    expect(normalise(load('account-update-cometd'), '')).toEqual({
      ok: true,
      events: [
        {
          id: '0005e192-9e62-2554-3880-3c3718bd6308:1',
          type: 'crm.account_updated',
          occurredAt: '2026-03-01T10:00:00.000Z',
          customerId: 'acct_acme',
          properties: {
            salesforceAccountId: '001RM000004UF9sYAG',
            changeType: 'UPDATE',
            changes: { OwnerId: '0055e000003ABCdAAO', Rating: 'Hot', owner: '0055e000003ABCdAAO' },
            changedBy: '005RM000001hv4SYAQ',
          },
        },
      ],
    });
  });

  it('maps a batch of Pub/Sub and flat events', () => {
    const split = salesforceConnector.items(load('batch'), {});
    if (!split.ok) throw new Error('split failed');
    expect(split.paths).toEqual(['events[0]', 'events[1]', 'events[2]', 'events[3]', 'events[4]', 'events[5]']);
    expect(split.items.map((item, i) => normalise(item, split.paths[i]))).toEqual([
      {
        ok: true,
        events: [
          {
            id: '000046c7-a642-11e2-c29b-229c6786473e:1',
            type: 'crm.account_updated',
            occurredAt: '2026-03-01T10:01:00.000Z',
            customerId: '0014H00002LbR7QQAV',
            properties: {
              salesforceAccountId: '0014H00002LbR7QQAV',
              changeType: 'UPDATE',
              changes: { 'BillingAddress.State': 'CA', Website: null },
              changedBy: '00558000000yFyDAAU',
            },
          },
        ],
      },
      {
        ok: true,
        events: [
          {
            id: '0001a2b3-c4d5-e6f7-0809-0a0b0c0d0e0f:1',
            type: 'crm.deal_updated',
            occurredAt: '2026-03-01T10:02:00.000Z',
            customerId: '001RM000004UF9sYAG',
            properties: {
              dealId: '0065e00000AbCdEAAV',
              changeType: 'CREATE',
              changes: {
                Name: 'Acme — 50 seats',
                AccountId: '001RM000004UF9sYAG',
                StageName: 'Prospecting',
                Amount: 12500.5,
                CurrencyIsoCode: 'EUR',
                Probability: 10,
                CloseDate: '2026-04-30',
                OwnerId: '0055e000003ABCdAAO',
                owner: '0055e000003ABCdAAO',
                name: 'Acme — 50 seats',
                stage: 'Prospecting',
                amountMinor: 1250050,
                currency: 'EUR',
              },
              created: true,
              changedBy: '00558000000yFyDAAU',
            },
          },
        ],
      },
      {
        ok: true,
        events: [1, 2].map((n) => ({
          id: `0001a2b3-c4d5-e6f7-0809-1a1b1c1d1e1f:3#${n}`,
          type: 'crm.deal_updated',
          occurredAt: '2026-03-01T10:03:00.000Z',
          properties: {
            dealId: n === 1 ? '0065e00000AbCdEAAV' : '0065e00000AbCdFAAV',
            changeType: 'UPDATE',
            changes: { StageName: 'Closed Won', stage: 'Closed Won' },
            changedBy: '00558000000yFyDAAU',
          },
        })),
      },
      {
        ok: true,
        events: [
          {
            id: '0005e1af-70bd-cce1-59c2-00f45864bbfb:1',
            type: 'crm.account_updated',
            occurredAt: '2026-03-01T10:04:00.000Z',
            customerId: '001RM000004UF9tYAG',
            properties: { salesforceAccountId: '001RM000004UF9tYAG', changeType: 'DELETE', changes: {}, deleted: true, changedBy: '005RM000001hv4SYAQ' },
          },
        ],
      },
      { ok: true, events: [], ignored: 'salesforce Contact changes are not mapped' },
      { ok: true, events: [], ignored: 'salesforce GAP_UPDATE events carry no field values' },
    ]);
  });

  it('defaults the currency to USD and uses the currency’s minor digits', () => {
    const [, create] = (load('batch').events as Json[]) as [Json, Json];
    const { CurrencyIsoCode: _, ...usd } = create;
    expect(normalise(usd)).toMatchObject({ ok: true, events: [{ properties: { changes: { amountMinor: 1250050, currency: 'USD' } } }] });
    expect(normalise({ ...create, CurrencyIsoCode: 'JPY', Amount: 1500000 })).toMatchObject({
      ok: true,
      events: [{ properties: { changes: { amountMinor: 1500000, currency: 'JPY' } } }],
    });
  });

  it('accepts a bare array body and skips wildcard record ids', () => {
    const [, , update] = (load('batch').events as Json[]) as [Json, Json, Json];
    expect(salesforceConnector.items([update], {})).toMatchObject({ ok: true, paths: ['[0]'] });
    const header = { ...(update.ChangeEventHeader as Json), recordIds: ['006*'] };
    expect(normalise({ ...update, ChangeEventHeader: header })).toEqual({ ok: true, events: [], ignored: 'salesforce change names no individual record' });
  });

  it.each([
    ['not an object', 42, 'invalid_field', 'events[0]'],
    ['no header', { Name: 'Acme' }, 'missing_field', 'events[0].ChangeEventHeader'],
    ['no transactionKey', { ChangeEventHeader: { entityName: 'Account', changeType: 'UPDATE', recordIds: ['001'], sequenceNumber: 1, commitTimestamp: 1772359200000 } }, 'missing_field', 'events[0].ChangeEventHeader.transactionKey'],
    ['recordIds not strings', { ChangeEventHeader: { entityName: 'Account', changeType: 'UPDATE', recordIds: [1], transactionKey: 't', sequenceNumber: 1, commitTimestamp: 1772359200000 } }, 'invalid_field', 'events[0].ChangeEventHeader.recordIds[0]'],
    ['commitTimestamp as a word', { ChangeEventHeader: { entityName: 'Account', changeType: 'UPDATE', recordIds: ['001'], transactionKey: 't', sequenceNumber: 1, commitTimestamp: 'now' } }, 'invalid_field', 'events[0].ChangeEventHeader.commitTimestamp'],
    ['an Amount as text', { ChangeEventHeader: { entityName: 'Opportunity', changeType: 'CREATE', recordIds: ['006'], transactionKey: 't', sequenceNumber: 1, commitTimestamp: 1772359200000 }, Amount: '12.5' }, 'invalid_field', 'events[0].Amount'],
  ])('refuses %s', (_, item, code, field) => {
    expect(normalise(item)).toMatchObject({ ok: false, rejection: { code, field } });
  });

  it('refuses a body that is not a list or an object', () => {
    expect(salesforceConnector.items({ events: 'x' }, {})).toMatchObject({ ok: false, rejection: { code: 'invalid_field', field: 'events' } });
    expect(salesforceConnector.verify).toBeUndefined();
  });
});
