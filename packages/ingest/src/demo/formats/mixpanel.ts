import { APP_ORIGIN } from '../catalog.ts';
import type { ProductEvent } from '../model.ts';
import { batchRequest, type EncodeContext, type Outgoing } from './outgoing.ts';
import { productEventId } from './segment.ts';

/**
 * Mixpanel's Import API format (a JSON array of `{ event, properties: { time, distinct_id, $insert_id, ... } }`)
 * for `POST /v1/ingest/mixpanel`. The account is the `company_id` group key. Mixpanel keeps group profiles
 * outside the event stream, so `group` calls have no Mixpanel event.
 */

function event(e: ProductEvent, ctx: EncodeContext): string | undefined {
  const head = `"time":${e.at},"distinct_id":"${e.user.id}","$insert_id":"${productEventId(e, ctx)}","company_id":"${e.account.id}","mp_lib":"web"`;
  switch (e.kind) {
    case 'feature':
      return `{"event":"Feature Used","properties":{${head},"feature":"${e.name}","$current_url":"${APP_ORIGIN}${e.path}"}}`;
    case 'page':
      return `{"event":"$mp_web_page_view","properties":{${head},"current_page_title":"${e.name}","$current_url":"${APP_ORIGIN}${e.path}"}}`;
    case 'track':
      return `{"event":${JSON.stringify(e.name)},"properties":{${head},"plan":"trial"}}`;
    case 'identify':
      return `{"event":"$identify","properties":{${head},"$identified_id":"${e.user.id}","$anon_id":"anon-${e.user.id}"}}`;
    case 'group':
      return undefined;
  }
}

/** One Import API request, or undefined when none of the events has a Mixpanel form. */
export function mixpanelBatch(events: readonly ProductEvent[], ctx: EncodeContext): Outgoing | undefined {
  const encoded = events.map((e) => event(e, ctx)).filter((s): s is string => s !== undefined);
  return encoded.length === 0 ? undefined : batchRequest('mixpanel', `[${encoded.join(',')}]`, encoded.length, ctx);
}
