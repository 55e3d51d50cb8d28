import { APP_ORIGIN } from '../catalog.ts';
import { uuid7 } from '../ids.ts';
import type { ProductEvent } from '../model.ts';
import { batchRequest, iso, type EncodeContext, type Outgoing } from './outgoing.ts';

/**
 * Segment-spec messages (track, page, identify, group) in one `{ batch, context }` body for
 * `POST /v1/ingest/tally`, as analytics-node batches them. The account rides in `context.groupId`.
 * Built as text: this is the hot path (most of the demo's events).
 */

const LIBRARY = '{"library":{"name":"analytics-node","version":"2.1.2"}}';

/** The messageId of a product event (shared by every product encoder). */
export const productEventId = (e: ProductEvent, ctx: EncodeContext): string => uuid7(e.at, e.account.index, e.counter, ctx.company.salts.product);

function message(e: ProductEvent, ctx: EncodeContext): string {
  const head = `"messageId":"${productEventId(e, ctx)}","timestamp":"${iso(e.at)}","userId":"${e.user.id}"`;
  const group = `"context":{"groupId":"${e.account.id}"}`;
  switch (e.kind) {
    case 'feature':
      return `{"type":"track",${head},"event":"Feature Used","properties":{"feature":"${e.name}","path":"${e.path}"},${group}}`;
    case 'page':
      return `{"type":"page",${head},"name":"${e.name}","properties":{"path":"${e.path}","url":"${APP_ORIGIN}${e.path}"},${group}}`;
    case 'track':
      return `{"type":"track",${head},"event":${JSON.stringify(e.name)},"properties":{"plan":"trial"},${group}}`;
    case 'identify': {
      const traits = { name: e.user.name, email: e.user.email, role: e.user.role, createdAt: iso(e.user.joinedAt) };
      return `{"type":"identify",${head},"traits":${JSON.stringify(traits)},${group}}`;
    }
    case 'group': {
      const a = e.account;
      const traits = { name: a.name, plan: e.plan, industry: a.industry, employees: a.employees, website: `https://${a.domain}`, createdAt: iso(a.signupAt) };
      return `{"type":"group",${head},"groupId":"${a.id}","traits":${JSON.stringify(traits)}}`;
    }
  }
}

/** One batch request of Segment-spec messages. */
export function segmentBatch(events: readonly ProductEvent[], ctx: EncodeContext): Outgoing {
  const body = `{"batch":[${events.map((e) => message(e, ctx)).join(',')}],"context":${LIBRARY}}`;
  return batchRequest('tally', body, events.length, ctx);
}
