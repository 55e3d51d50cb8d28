import { SALES_REPS } from '../catalog.ts';
import { salesforceId, uuid7 } from '../ids.ts';
import type { CrmHappening } from '../model.ts';
import { batchRequest, iso, type EncodeContext, type Outgoing } from './outgoing.ts';

/**
 * Salesforce Change Data Capture events for Account, as a CometD subscriber relays them (`{ events: [...] }`
 * to `POST /v1/ingest/salesforce` with the ingest key). The org enriches Account change events with the
 * custom field `Tally_Account_Id__c` (the account id), which is where the connector takes the customer from.
 * Stage and health live in the custom fields `Customer_Stage__c` and `Health_Score__c`.
 */

const BATCH = 200;
/** The integration user that writes computed fields. */
const AUTOMATION_USER = '0055e000004AUTOAAO';

function changeEvent(h: CrmHappening, ctx: EncodeContext): Record<string, unknown> {
  const a = h.account;
  const { owner, stage, health } = h.changes;
  const fields: Record<string, unknown> = {};
  const changed: string[] = [];
  const set = (name: string, value: unknown) => {
    fields[name] = value;
    changed.push(name);
  };
  if (h.type === 'created') {
    Object.assign(fields, {
      Name: a.name,
      Type: 'Prospect',
      Industry: a.industry,
      NumberOfEmployees: a.employees,
      Website: `https://${a.domain}`,
      BillingAddress: { Country: a.country },
      CreatedDate: iso(h.at),
      CreatedById: (owner ?? SALES_REPS[0]!).salesforceId,
    });
  }
  if (owner) set('OwnerId', owner.salesforceId);
  if (stage) set('Customer_Stage__c', stage);
  if (health !== undefined) set('Health_Score__c', health);
  const commitUser = h.type === 'created' || owner ? (owner ?? SALES_REPS[0]!).salesforceId : AUTOMATION_USER;
  return {
    schema: 'Xq3n8Ve2pRzDemoAccountSchema',
    payload: {
      ChangeEventHeader: {
        entityName: 'Account',
        recordIds: [salesforceId('001', ctx.company.salts.crm, a.index)],
        changeType: h.type === 'created' ? 'CREATE' : 'UPDATE',
        changeOrigin: h.type === 'created' ? 'com/salesforce/api/rest/61.0' : 'com/salesforce/api/soap/61.0;client=SfdcInternalAPI/',
        transactionKey: uuid7(h.at, a.index, h.seq, ctx.company.salts.crm),
        sequenceNumber: 1,
        commitTimestamp: h.at,
        commitNumber: h.at * 1000 + (h.seq % 1000),
        commitUser,
        changedFields: h.type === 'created' ? [] : [...changed, 'LastModifiedDate'],
        nulledFields: [],
        diffFields: [],
      },
      ...fields,
      Tally_Account_Id__c: a.id,
      LastModifiedDate: iso(h.at),
      LastModifiedById: commitUser,
    },
    event: { replayId: Math.floor(h.at / 1000) },
  };
}

/** The subscriber's requests for a day's CRM happenings of Salesforce accounts. */
export function salesforceRequests(happenings: readonly CrmHappening[], ctx: EncodeContext): Outgoing[] {
  const out: Outgoing[] = [];
  for (let i = 0; i < happenings.length; i += BATCH) {
    const chunk = happenings.slice(i, i + BATCH);
    out.push(batchRequest('salesforce', JSON.stringify({ events: chunk.map((h) => changeEvent(h, ctx)) }), chunk.length, ctx, 'salesforce'));
  }
  return out;
}
