import { normaliseWith, reject, Reader, splitItems } from './fields.ts';
import { hmac, invalid, missing, safeEqual, SIGNATURE_TOLERANCE_MS, stale } from './signatures.ts';
import type { Connector, EventDraft, NormaliseResult, SignedRequest, SourceConfig, VerifyResult } from './types.ts';

/**
 * HubSpot Webhooks API notifications → CRM events. A request is an array of up to 100 events, signed
 * with the app's client secret (`config.secret`, signature v3). Company events become
 * `crm.account_updated`, deal events `crm.deal_updated`; see docs/sources/hubspot.md.
 */
export const hubspotConnector: Connector = {
  name: 'hubspot',
  version: 1,
  transport: 'webhook',
  items: (body) => splitItems(body, undefined),
  normalise: (item, ctx) => normaliseWith(() => normaliseEvent(new Reader(item, ctx.path))),
  verify: verifyHubSpot,
};

/** The characters HubSpot's v3 scheme decodes in the request URI before signing it. */
const DECODED = /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi;

/** The request URI as HubSpot signs it: the percent-escapes of `: / ? @ ! $ ' ( ) * , ;` decoded, nothing else. */
export function hubspotSignedUri(url: string): string {
  return url.replace(DECODED, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * Checks `x-hubspot-signature-v3` = base64(HMAC-SHA256(secret, method + uri + rawBody + timestamp)) with
 * `x-hubspot-request-timestamp` in milliseconds, refused when more than five minutes from `nowMs`.
 */
export function verifyHubSpot(request: SignedRequest, config: SourceConfig, nowMs: number): VerifyResult {
  if (!config.secret) return invalid('hubspot: the source has no client secret configured');
  const signature = request.headers['x-hubspot-signature-v3'];
  const timestamp = request.headers['x-hubspot-request-timestamp'];
  if (!signature) return missing('hubspot: no x-hubspot-signature-v3 header');
  if (!timestamp) return missing('hubspot: no x-hubspot-request-timestamp header');
  if (!/^\d{1,15}$/.test(timestamp)) return invalid('hubspot: x-hubspot-request-timestamp is not a time in milliseconds');
  const source = `${request.method.toUpperCase()}${hubspotSignedUri(request.url)}${request.rawBody}${timestamp}`;
  if (!safeEqual(signature.trim(), hmac('sha256', config.secret, source, 'base64'))) {
    return invalid('hubspot: the v3 signature does not match the request');
  }
  if (Math.abs(nowMs - Number(timestamp)) > SIGNATURE_TOLERANCE_MS) {
    return stale(`hubspot: request timestamp ${timestamp} is more than five minutes from now`);
  }
  return { ok: true };
}

/** Generic (`object.*`) subscriptions name the object by type id: 0-2 companies, 0-3 deals. */
const OBJECT_TYPE_IDS: Record<string, string> = { '0-2': 'company', '0-3': 'deal' };

/** Well-known HubSpot properties and the canonical change key each also fills (the raw name is kept too). */
const CANONICAL_KEYS: Record<string, string> = {
  hubspot_owner_id: 'owner',
  lifecyclestage: 'stage',
  dealstage: 'stage',
  name: 'name',
  dealname: 'name',
  hs_health_score: 'healthScore',
};

function normaliseEvent(event: Reader): NormaliseResult | EventDraft[] {
  const eventId = event.id('eventId');
  const subscriptionType = event.string('subscriptionType');
  const occurredAt = event.time('occurredAt');
  const dot = subscriptionType.indexOf('.');
  const prefix = subscriptionType.slice(0, dot);
  const action = subscriptionType.slice(dot + 1);
  const object = prefix === 'object' ? OBJECT_TYPE_IDS[event.optionalString('objectTypeId') ?? ''] : prefix;
  if ((object !== 'company' && object !== 'deal') || (action !== 'propertyChange' && action !== 'creation')) {
    return { ok: true, events: [], ignored: `hubspot subscription type ${subscriptionType} is not mapped` };
  }
  const objectId = event.id('objectId');
  const changes: Record<string, unknown> = {};
  if (action === 'propertyChange') {
    const name = event.string('propertyName', { max: 256 });
    const value = event.raw('propertyValue') ?? null;
    if (typeof value === 'object' && value !== null) reject('invalid_field', event.at('propertyValue'), 'expected a string, number or boolean');
    changes[name] = value;
    const canonical = CANONICAL_KEYS[name];
    if (canonical === 'healthScore') {
      const score = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof score === 'number' && score >= 0 && score <= 100) changes.healthScore = score;
    } else if (canonical) {
      changes[canonical] = value;
    }
  }
  const draft: EventDraft = {
    // HubSpot documents eventId as not guaranteed unique, so the portal and subscription make it so.
    id: `${event.id('portalId')}:${event.id('subscriptionId')}:${eventId}`,
    type: object === 'company' ? 'crm.account_updated' : 'crm.deal_updated',
    occurredAt,
    properties: Object.fromEntries(
      Object.entries({
        ...(object === 'deal' ? { dealId: objectId } : {}),
        changes,
        created: action === 'creation' ? true : undefined,
        changeSource: event.optionalString('changeSource'),
        hubspotEventId: eventId,
      }).filter(([, v]) => v !== undefined),
    ),
  };
  // Deal notifications do not carry the deal's company, so deal events have no customer.
  return [object === 'company' ? { ...draft, customerId: objectId } : draft];
}
