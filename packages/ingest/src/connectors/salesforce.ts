import { toMinorUnits } from './currency-digits.ts';
import { normaliseWith, reject, Reader, splitItems } from './fields.ts';
import type { Connector, EventDraft, NormaliseResult } from './types.ts';

/**
 * Salesforce Change Data Capture events for Account and Opportunity, relayed as JSON by a CometD or
 * Pub/Sub API subscriber to `POST /v1/ingest/salesforce` (API key). Body: `{ events: [...] }` or an array;
 * each item is a change event (`{ ChangeEventHeader, …fields }`) or its envelope (`{ payload, event }`).
 * See docs/sources/salesforce.md.
 */
export const salesforceConnector: Connector = {
  name: 'salesforce',
  version: 1,
  transport: 'batch',
  items: (body) => splitItems(body, 'events'),
  normalise: (item, ctx) => normaliseWith(() => normaliseChange(new Reader(item, ctx.path))),
};

/** Audit fields every change touches; they say nothing about the account or deal. */
const SYSTEM_FIELDS = new Set(['LastModifiedDate', 'LastModifiedById', 'SystemModstamp', 'CreatedDate', 'CreatedById', 'LastReferencedDate', 'LastViewedDate']);

/** Standard fields that also fill a canonical change key (the field's own name is kept too). */
const CANONICAL_KEYS: Record<string, string> = { OwnerId: 'owner', Name: 'name', StageName: 'stage' };

/** The custom Account field that holds Tally's account id, when the org has one. */
const TALLY_ACCOUNT_FIELD = 'Tally_Account_Id__c';

const CHANGE_TYPES = new Set(['CREATE', 'UPDATE', 'DELETE', 'UNDELETE']);

function normaliseChange(item: Reader): NormaliseResult | EventDraft[] {
  const event = !item.has('ChangeEventHeader') && item.has('payload') ? item.object('payload') : item;
  const header = event.object('ChangeEventHeader');
  const entity = header.string('entityName');
  const changeType = header.string('changeType');
  if (entity !== 'Account' && entity !== 'Opportunity') {
    return { ok: true, events: [], ignored: `salesforce ${entity} changes are not mapped` };
  }
  if (!CHANGE_TYPES.has(changeType)) {
    // GAP_* and GAP_OVERFLOW events say only that records changed; the subscriber must re-read them.
    return { ok: true, events: [], ignored: `salesforce ${changeType} events carry no field values` };
  }
  const transactionKey = header.string('transactionKey', { max: 200 });
  const sequenceNumber = header.integer('sequenceNumber');
  const occurredAt = header.time('commitTimestamp');
  const recordIds = strings(header, 'recordIds').filter((id) => !id.endsWith('*'));
  if (recordIds.length === 0) return { ok: true, events: [], ignored: 'salesforce change names no individual record' };

  const changes = changeType === 'DELETE' ? {} : readChanges(event, header, changeType);
  if (entity === 'Opportunity') addAmount(event, changes);
  const common = {
    changeType,
    changes,
    created: changeType === 'CREATE' || undefined,
    deleted: changeType === 'DELETE' || undefined,
    changedBy: header.optionalString('commitUser', { max: 256 }),
  };
  const tallyAccount = entity === 'Account' ? event.optionalString(TALLY_ACCOUNT_FIELD, { max: 256 }) : undefined;
  const opportunityAccount = entity === 'Opportunity' ? event.optionalString('AccountId', { max: 256 }) : undefined;

  return recordIds.map((recordId, i) => {
    const properties = entity === 'Account' ? { salesforceAccountId: recordId, ...common } : { dealId: recordId, ...common };
    const customerId = entity === 'Account' ? (tallyAccount ?? recordId) : opportunityAccount;
    return {
      id: `${transactionKey}:${sequenceNumber}${recordIds.length > 1 ? `#${i + 1}` : ''}`,
      type: entity === 'Account' ? 'crm.account_updated' : 'crm.deal_updated',
      occurredAt,
      ...(customerId ? { customerId } : {}),
      properties: Object.fromEntries(Object.entries(properties).filter(([, v]) => v !== undefined)),
    };
  });
}

/**
 * The changed values: for an update, the fields `changedFields` names (compound ones as `BillingAddress.City`)
 * with the value the event carries, `null` for those in `nulledFields`; for a create or undelete, every
 * field with a value. Fields the event does not carry are left out, as are audit fields.
 */
function readChanges(event: Reader, header: Reader, changeType: string): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  const changed = header.has('changedFields') ? strings(header, 'changedFields') : [];
  if (changeType === 'UPDATE' && changed.length > 0) {
    const nulled = new Set(header.has('nulledFields') ? strings(header, 'nulledFields') : []);
    for (const field of changed) {
      if (SYSTEM_FIELDS.has(field)) continue;
      const value = nulled.has(field) ? null : valueAt(event.value, field);
      if (value !== undefined) changes[field] = value;
    }
  } else {
    for (const [field, value] of Object.entries(event.value)) {
      if (field === 'ChangeEventHeader' || SYSTEM_FIELDS.has(field)) continue;
      const pruned = prune(value);
      if (pruned !== undefined) changes[field] = pruned;
    }
  }
  for (const [field, key] of Object.entries(CANONICAL_KEYS)) {
    if (field in changes) changes[key] = changes[field];
  }
  return changes;
}

/** `amountMinor` and `currency` beside `Amount` (major units; CurrencyIsoCode only in multi-currency orgs). */
function addAmount(event: Reader, changes: Record<string, unknown>): void {
  if (changes.Amount === undefined || changes.Amount === null) return;
  const amount = event.number('Amount');
  const currency = event.has('CurrencyIsoCode') ? event.currency('CurrencyIsoCode') : 'USD';
  const amountMinor = toMinorUnits(amount, currency);
  if (!Number.isSafeInteger(amountMinor)) reject('invalid_field', event.at('Amount'), `amount ${amount} is out of range`);
  changes.amountMinor = amountMinor;
  changes.currency = currency;
}

function strings(reader: Reader, key: string): string[] {
  return reader.array(key).map((value, i) => {
    if (typeof value !== 'string' || value === '') reject('invalid_field', `${reader.at(key)}[${i}]`, `expected a string, got ${JSON.stringify(value)}`);
    return value;
  });
}

/** The value at a dotted field path (`BillingAddress.City`), or undefined when the event lacks it or it is null. */
function valueAt(root: Record<string, unknown>, path: string): unknown {
  let at: unknown = root;
  for (const key of path.split('.')) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at === null ? undefined : prune(at);
}

/** Drops nulls from compound values (Pub/Sub renders every unset subfield as null); undefined when nothing is left. */
function prune(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) return value;
  const kept = Object.entries(value).flatMap(([k, v]) => {
    const p = prune(v);
    return p === undefined ? [] : [[k, p] as const];
  });
  return kept.length ? Object.fromEntries(kept) : undefined;
}
