import type { CrmHappening } from '../model.ts';
import { sign, webhookRequest, type EncodeContext, type Outgoing } from './outgoing.ts';

/**
 * HubSpot Webhooks API notifications: arrays of up to 100 company events (`company.creation`,
 * `company.propertyChange` for owner, lifecycle stage and health score), signed with signature v3:
 * base64 HMAC-SHA256 of method + URL + body + timestamp, with the timestamp in milliseconds. The HubSpot
 * company id (`objectId`) is the account id, which is what the connector takes as the customer.
 */

const APP_ID = 1_160_452;
/** One webhook subscription per thing the app listens to, as a HubSpot app configures them. */
const SUBSCRIPTIONS = { creation: 2101, name: 2102, owner: 2103, stage: 2104, health: 2105 } as const;
const BATCH = 100;

type Notification = Record<string, unknown>;

/** Each seed's company has its own HubSpot portal (so another seed's events never share an id). */
const portalOf = (ctx: EncodeContext) => 40_000_000 + (ctx.company.salts.crm % 9_000_000);

function notifications(h: CrmHappening, ctx: EncodeContext): Notification[] {
  const objectId = Number(h.account.id);
  const out: Notification[] = [];
  const base = (kind: keyof typeof SUBSCRIPTIONS, k: number) => ({
    objectId,
    eventId: objectId * 10_000_000 + (h.seq % 1_250_000) * 8 + k,
    subscriptionId: SUBSCRIPTIONS[kind],
    portalId: portalOf(ctx),
    appId: APP_ID,
    occurredAt: h.at + k,
  });
  const change = (kind: 'name' | 'owner' | 'stage' | 'health', k: number, propertyName: string, propertyValue: string, changeSource: string) => {
    out.push({ ...base(kind, k), propertyName, propertyValue, changeSource, subscriptionType: 'company.propertyChange', attemptNumber: 0 });
  };
  if (h.type === 'created') {
    out.push({ ...base('creation', 0), changeFlag: 'CREATED', changeSource: 'INTEGRATION', subscriptionType: 'company.creation', attemptNumber: 0 });
    change('name', 1, 'name', h.account.name, 'INTEGRATION');
  }
  const { owner, stage, health } = h.changes;
  if (owner) change('owner', 2, 'hubspot_owner_id', owner.hubspotId, 'CRM_UI');
  if (stage) change('stage', 3, 'lifecyclestage', stage, 'AUTOMATION_PLATFORM');
  if (health !== undefined) change('health', 4, 'hs_health_score', String(health), 'AUTOMATION_PLATFORM');
  return out;
}

/** HubSpot's requests for a day's CRM happenings of HubSpot accounts: arrays of at most 100 notifications. */
export function hubspotRequests(happenings: readonly CrmHappening[], ctx: EncodeContext): Outgoing[] {
  const all = happenings.flatMap((h) => notifications(h, ctx));
  const secret = ctx.secrets.hubspot;
  const out: Outgoing[] = [];
  for (let i = 0; i < all.length; i += BATCH) {
    const chunk = all.slice(i, i + BATCH);
    out.push(
      webhookRequest('hubspot', JSON.stringify(chunk), chunk.length, ctx, 'hubspot', (url, body, nowMs) => ({
        'x-hubspot-signature-v3': sign('sha256', secret, `POST${url}${body}${nowMs}`, 'base64'),
        'x-hubspot-request-timestamp': String(nowMs),
        'x-hubspot-signature-version': 'v3',
      })),
    );
  }
  return out;
}
