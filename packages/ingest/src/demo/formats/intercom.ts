import { AGENTS, TICKET_TOPICS } from '../catalog.ts';
import { hexId, uuid7 } from '../ids.ts';
import type { SupportHappening, TicketStep } from '../model.ts';
import { seconds, sign, webhookRequest, type EncodeContext, type Outgoing } from './outgoing.ts';

/**
 * Intercom conversation notifications (API 2.x conversation model), one per request, signed as Intercom
 * signs: `X-Hub-Signature: sha1=<hex HMAC-SHA1 of the body>` with the app's client secret. The conversation's
 * `custom_attributes.account_id` is the account id; the contact's `external_id` is the user id.
 */

const APP_ID = 'nwm3tr1c';

const TOPIC: Record<TicketStep, string> = {
  opened: 'conversation.user.created',
  assigned: 'conversation.admin.assigned',
  agent_replied: 'conversation.admin.replied',
  user_replied: 'conversation.user.replied',
  solved: 'conversation.admin.closed',
  rated: 'conversation.rating.added',
};

function conversation(h: SupportHappening, ctx: EncodeContext): Record<string, unknown> {
  const { ticket, account } = h;
  const agent = AGENTS[ticket.agent]!;
  const user = ticket.requester;
  const contactId = hexId(24, ctx.company.salts.support, account.index, user.index);
  const contact = { type: 'contact', id: contactId, external_id: user.id };
  const closed = h.step === 'solved' || h.step === 'rated';
  const byAdmin = h.step !== 'opened' && h.step !== 'user_replied';
  const part = {
    type: 'conversation_part',
    id: String(ticket.number * 10 + h.stepIndex),
    part_type: h.step === 'solved' ? 'close' : h.step === 'assigned' ? 'assignment' : 'comment',
    body: h.step === 'agent_replied' ? '<p>Thanks for reaching out, looking into it now.</p>' : h.step === 'user_replied' ? '<p>Thanks! One more question.</p>' : null,
    created_at: seconds(h.at),
    updated_at: seconds(h.at),
    author: byAdmin ? { type: 'admin', id: agent.intercomId, name: agent.name } : { type: 'user', id: contactId, name: user.name },
  };
  const rated = h.step === 'rated' && ticket.rating;
  return {
    type: 'conversation',
    id: String(ticket.number),
    created_at: seconds(ticket.openedAt),
    updated_at: seconds(h.at),
    open: !closed,
    state: closed ? 'closed' : 'open',
    read: h.step !== 'opened',
    priority: 'not_priority',
    admin_assignee_id: h.step === 'opened' ? null : Number(agent.intercomId),
    team_assignee_id: null,
    source: { type: 'conversation', id: String(ticket.number * 10), delivered_as: 'customer_initiated', subject: '', body: `<p>${TICKET_TOPICS[ticket.topic]!.subject}</p>`, author: { type: 'user', id: contactId, name: user.name } },
    contacts: { type: 'contact.list', contacts: [contact] },
    custom_attributes: { account_id: account.id },
    conversation_rating: rated ? { rating: rated.score, remark: rated.good ? 'Sorted quickly.' : 'Slow answer.', created_at: seconds(h.at), contact, teammate: { type: 'admin', id: agent.intercomId } } : null,
    conversation_parts: { type: 'conversation_part.list', conversation_parts: h.step === 'opened' || h.step === 'rated' ? [] : [part], total_count: 1 },
  };
}

/** The request Intercom would send for one conversation step, on the account's lane. */
export function intercomRequest(h: SupportHappening, ctx: EncodeContext): Outgoing {
  const body = JSON.stringify({
    type: 'notification_event',
    app_id: APP_ID,
    data: { type: 'notification_event_data', item: conversation(h, ctx) },
    links: {},
    id: `notif_${uuid7(h.at, h.account.index, h.seq, ctx.company.salts.support)}`,
    topic: TOPIC[h.step],
    delivery_status: 'pending',
    delivery_attempts: 1,
    delivered_at: 0,
    first_sent_at: seconds(h.at),
    created_at: seconds(h.at),
    self: null,
  });
  const secret = ctx.secrets.intercom;
  return webhookRequest('intercom', body, 1, ctx, `intercom:${h.account.id}`, (_url, raw) => ({ 'x-hub-signature': `sha1=${sign('sha1', secret, raw, 'hex')}` }));
}
