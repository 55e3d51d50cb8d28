import { APP_ORIGIN } from '../catalog.ts';
import type { ProductEvent } from '../model.ts';
import { batchRequest, iso, type EncodeContext, type Outgoing } from './outgoing.ts';
import { productEventId } from './segment.ts';

/**
 * PostHog's batch capture format (`{ api_key, batch: [{ event, distinct_id, timestamp, uuid, properties }] }`)
 * for `POST /v1/ingest/posthog`. The account is the `company` group (`$groups.company`); `$identify` and
 * `$groupidentify` carry traits as posthog-js sends them.
 */

/** The demo project's PostHog key, as SDKs put it in the body (ingest never copies it). */
const API_KEY = 'phc_tally_demo';

function event(e: ProductEvent, ctx: EncodeContext): string {
  const head = `"distinct_id":"${e.user.id}","timestamp":"${iso(e.at)}","uuid":"${productEventId(e, ctx)}"`;
  const page = `"$current_url":"${APP_ORIGIN}${e.path}","$pathname":"${e.path}","$groups":{"company":"${e.account.id}"},"$lib":"web"`;
  switch (e.kind) {
    case 'feature':
      return `{"event":"Feature Used",${head},"properties":{"feature":"${e.name}",${page}}}`;
    case 'page':
      return `{"event":"$pageview",${head},"properties":{"title":"${e.name}",${page}}}`;
    case 'track':
      return `{"event":${JSON.stringify(e.name)},${head},"properties":{"plan":"trial",${page}}}`;
    case 'identify': {
      const set = { name: e.user.name, email: e.user.email, role: e.user.role };
      return `{"event":"$identify",${head},"properties":{"$set":${JSON.stringify(set)},"$groups":{"company":"${e.account.id}"}}}`;
    }
    case 'group': {
      const a = e.account;
      const set = { name: a.name, plan: e.plan, industry: a.industry, employees: a.employees };
      return `{"event":"$groupidentify",${head},"properties":{"$group_type":"company","$group_key":"${a.id}","$group_set":${JSON.stringify(set)}}}`;
    }
  }
}

/** One batch request in PostHog's format. */
export function posthogBatch(events: readonly ProductEvent[], ctx: EncodeContext): Outgoing {
  const body = `{"api_key":"${API_KEY}","historical_migration":false,"batch":[${events.map((e) => event(e, ctx)).join(',')}]}`;
  return batchRequest('posthog', body, events.length, ctx);
}
