import { APP_ORIGIN } from '../catalog.ts';
import type { ProductEvent } from '../model.ts';
import { batchRequest, type EncodeContext, type Outgoing } from './outgoing.ts';
import { productEventId } from './segment.ts';

/**
 * Amplitude's HTTP V2 format (`{ api_key, events: [{ user_id, event_type, time, insert_id, groups, ... }] }`)
 * for `POST /v1/ingest/amplitude`. The account is the `account` group; times are epoch milliseconds.
 */

/** The demo project's Amplitude key, as SDKs put it in the body (ingest never copies it). */
const API_KEY = 'amp_tally_demo';

function event(e: ProductEvent, ctx: EncodeContext): string {
  const head = `"user_id":"${e.user.id}","time":${e.at},"insert_id":"${productEventId(e, ctx)}","platform":"Web","groups":{"account":"${e.account.id}"}`;
  switch (e.kind) {
    case 'feature':
      return `{"event_type":"Feature Used",${head},"event_properties":{"feature":"${e.name}","path":"${e.path}"}}`;
    case 'page':
      return `{"event_type":"Page Viewed",${head},"event_properties":{"name":"${e.name}","path":"${e.path}","url":"${APP_ORIGIN}${e.path}"}}`;
    case 'track':
      return `{"event_type":${JSON.stringify(e.name)},${head},"event_properties":{"plan":"trial"}}`;
    case 'identify': {
      const set = { name: e.user.name, email: e.user.email, role: e.user.role };
      return `{"event_type":"$identify",${head},"user_properties":{"$set":${JSON.stringify(set)}}}`;
    }
    case 'group': {
      const a = e.account;
      const set = { name: a.name, plan: e.plan, industry: a.industry, employees: a.employees };
      return `{"event_type":"$groupidentify",${head},"group_properties":{"$set":${JSON.stringify(set)}}}`;
    }
  }
}

/** One batch request in Amplitude's HTTP V2 format. */
export function amplitudeBatch(events: readonly ProductEvent[], ctx: EncodeContext): Outgoing {
  const body = `{"api_key":"${API_KEY}","events":[${events.map((e) => event(e, ctx)).join(',')}],"options":{"min_id_length":5}}`;
  return batchRequest('amplitude', body, events.length, ctx);
}
