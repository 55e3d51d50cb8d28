import { AGENTS, TICKET_TOPICS } from '../catalog.ts';
import { uuid7 } from '../ids.ts';
import type { SupportHappening } from '../model.ts';
import { iso, isoSeconds, sign, webhookRequest, type EncodeContext, type Outgoing } from './outgoing.ts';

/**
 * Zendesk ticket event webhooks (`zen:event-type:ticket.*`, one per request) and the trigger-style CSAT
 * body, signed as Zendesk signs: base64 HMAC-SHA256 of timestamp + body, in
 * `X-Zendesk-Webhook-Signature` with `X-Zendesk-Webhook-Signature-Timestamp`. The Zendesk organization id
 * is the account id and the requester id is the user id, which is how the connector joins them.
 */

const ZENDESK_ACCOUNT = 22_129_848;
const WEBHOOK_ID = '01HZDEMO0TALLY0WEBHOOK0001';
const GROUP_ID = '360009876543';

const STATUS: Record<SupportHappening['step'], string> = {
  opened: 'NEW',
  assigned: 'OPEN',
  agent_replied: 'OPEN',
  user_replied: 'OPEN',
  solved: 'SOLVED',
  rated: 'SOLVED',
};

function body(h: SupportHappening, ctx: EncodeContext): string {
  const { ticket, account } = h;
  const topic = TICKET_TOPICS[ticket.topic]!;
  const agent = AGENTS[ticket.agent]!;
  const requester = ticket.requester;
  if (h.step === 'rated') {
    const score = ticket.rating?.good ? "Good, I'm satisfied" : "Bad, I'm unsatisfied";
    const comment = ticket.rating?.good ? 'Thanks for the quick help!' : 'Took too long to get an answer.';
    return JSON.stringify({ ticket_id: String(ticket.number), requester_id: requester.id, organization_id: account.id, updated_at: isoSeconds(h.at), satisfaction: { score, comment } });
  }
  const detail = {
    actor_id: h.step === 'opened' || h.step === 'user_replied' ? requester.id : agent.zendeskId,
    assignee_id: h.step === 'opened' ? null : agent.zendeskId,
    brand_id: '360001234567',
    created_at: isoSeconds(ticket.openedAt),
    description: topic.subject,
    external_id: null,
    form_id: '360000123456',
    group_id: GROUP_ID,
    id: String(ticket.number),
    is_public: true,
    organization_id: account.id,
    priority: topic.priority.toUpperCase(),
    requester_id: requester.id,
    status: STATUS[h.step],
    subject: topic.subject,
    submitter_id: requester.id,
    tags: [topic.topic],
    type: topic.type.toUpperCase(),
    updated_at: isoSeconds(h.at),
    via: { channel: ticket.channel === 'email' ? 'email' : 'web_form' },
  };
  let type: string;
  let event: Record<string, unknown> = {};
  switch (h.step) {
    case 'opened':
      type = 'created';
      break;
    case 'assigned':
      type = 'agent_assignment_changed';
      event = { current: agent.zendeskId, previous: null };
      break;
    case 'agent_replied':
    case 'user_replied': {
      type = 'comment_added';
      const staff = h.step === 'agent_replied';
      const author = staff ? { id: Number(agent.zendeskId), is_staff: true, name: agent.name } : { id: Number(requester.id), is_staff: false, name: requester.name };
      const text = staff ? 'Thanks for reaching out, we are looking into it.' : 'Thanks, that helps. One more question though.';
      event = { comment: { id: ticket.number * 100 + h.stepIndex, body: text, is_public: true, author } };
      break;
    }
    default:
      type = 'status_changed';
      event = { current: 'SOLVED', previous: 'OPEN' };
  }
  return JSON.stringify({
    account_id: ZENDESK_ACCOUNT,
    detail,
    event,
    id: uuid7(h.at, account.index, h.seq, ctx.company.salts.support),
    subject: `zen:ticket:${ticket.number}`,
    time: iso(h.at),
    type: `zen:event-type:ticket.${type}`,
    zendesk_event_version: '2022-11-06',
  });
}

/** The request Zendesk would send for one ticket step, on the account's lane. */
export function zendeskRequest(h: SupportHappening, ctx: EncodeContext): Outgoing {
  const secret = ctx.secrets.zendesk;
  return webhookRequest('zendesk', body(h, ctx), 1, ctx, `zendesk:${h.account.id}`, (_url, raw, nowMs) => {
    const timestamp = isoSeconds(nowMs);
    return {
      'x-zendesk-webhook-id': WEBHOOK_ID,
      'x-zendesk-webhook-signature-timestamp': timestamp,
      'x-zendesk-webhook-signature': sign('sha256', secret, timestamp + raw, 'base64'),
    };
  });
}
