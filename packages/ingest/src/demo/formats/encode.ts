import type { CrmHappening, DemoVendor, Happening, ProductEvent, ProductVendor } from '../model.ts';
import { amplitudeBatch } from './amplitude.ts';
import { chargebeeRequest } from './chargebee.ts';
import { hubspotRequests } from './hubspot.ts';
import { intercomRequest } from './intercom.ts';
import { mixpanelBatch } from './mixpanel.ts';
import type { EncodeContext, Outgoing } from './outgoing.ts';
import { posthogBatch } from './posthog.ts';
import { salesforceRequests } from './salesforce.ts';
import { segmentBatch } from './segment.ts';
import { stripeRequests } from './stripe.ts';
import { zendeskRequest } from './zendesk.ts';

/** Product events per batch request. */
export const PRODUCT_BATCH = 500;

const PRODUCT_ENCODERS: Record<ProductVendor, (events: readonly ProductEvent[], ctx: EncodeContext) => Outgoing | undefined> = {
  tally: segmentBatch,
  posthog: posthogBatch,
  amplitude: amplitudeBatch,
  mixpanel: mixpanelBatch,
};

/**
 * Product events (in time order) as batch requests per vendor, at most {@link PRODUCT_BATCH} events each,
 * keeping time order within each vendor. Vendors not in `vendors` are skipped.
 */
export function productRequests(events: readonly ProductEvent[], ctx: EncodeContext, vendors: ReadonlySet<DemoVendor>): Outgoing[] {
  const pending = new Map<ProductVendor, ProductEvent[]>();
  const out: Outgoing[] = [];
  const flush = (vendor: ProductVendor, list: ProductEvent[]) => {
    const request = PRODUCT_ENCODERS[vendor](list, ctx);
    if (request) out.push(request);
  };
  for (const e of events) {
    const vendor = e.account.vendors.product;
    if (!vendors.has(vendor)) continue;
    let list = pending.get(vendor);
    if (!list) pending.set(vendor, (list = []));
    list.push(e);
    if (list.length === PRODUCT_BATCH) {
      flush(vendor, list);
      pending.set(vendor, []);
    }
  }
  for (const [vendor, list] of pending) if (list.length > 0) flush(vendor, list);
  return out;
}

/**
 * Billing, CRM and support happenings (in time order) as each vendor sends them: one webhook per Stripe,
 * Chargebee, Zendesk or Intercom event (in order per account), HubSpot arrays and Salesforce batches.
 */
export function happeningRequests(happenings: readonly Happening[], ctx: EncodeContext, vendors: ReadonlySet<DemoVendor>): Outgoing[] {
  const out: Outgoing[] = [];
  const hubspot: CrmHappening[] = [];
  const salesforce: CrmHappening[] = [];
  for (const h of happenings) {
    if (h.kind === 'billing') {
      const vendor = h.account.vendors.billing;
      if (!vendors.has(vendor)) continue;
      if (vendor === 'stripe') out.push(...stripeRequests(h, ctx));
      else {
        const request = chargebeeRequest(h, ctx);
        if (request) out.push(request);
      }
    } else if (h.kind === 'crm') {
      const vendor = h.account.vendors.crm;
      if (vendors.has(vendor)) (vendor === 'hubspot' ? hubspot : salesforce).push(h);
    } else {
      const vendor = h.account.vendors.support;
      if (!vendors.has(vendor)) continue;
      out.push(vendor === 'zendesk' ? zendeskRequest(h, ctx) : intercomRequest(h, ctx));
    }
  }
  out.push(...hubspotRequests(hubspot, ctx), ...salesforceRequests(salesforce, ctx));
  return out;
}
