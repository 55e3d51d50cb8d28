import { normaliseWith, Reader, splitItems } from './fields.ts';
import { hmac, invalid, missing, safeEqual, SIGNATURE_TOLERANCE_MS, stale } from './signatures.ts';
import type { Connector, EventDraft, NormaliseResult, SignedRequest, SourceConfig, VerifyResult } from './types.ts';
import { isSatisfactionTrigger, normaliseSatisfaction } from './zendesk-csat.ts';
import { clip, compact, zendeskId } from './zendesk-fields.ts';

/**
 * Zendesk webhooks subscribed to ticket events (`zen:event-type:ticket.*`), plus a trigger-style body for
 * satisfaction ratings (see zendesk-csat.ts). Payload shapes: developer.zendesk.com "Webhook event types"
 * and "Ticket events"; signatures: "Verifying webhook authenticity".
 */

const TICKET_EVENT = 'zen:event-type:ticket.';
const MAPPED = new Set(['created', 'status_changed', 'comment_added', 'agent_assignment_changed']);
const SOLVED = new Set(['solved', 'closed']);

const SIGNATURE_HEADER = 'x-zendesk-webhook-signature';
const TIMESTAMP_HEADER = 'x-zendesk-webhook-signature-timestamp';

const lower = (value: string | undefined) => value?.toLowerCase();

/** The ticket fields every draft carries, from the event's `detail` (the ticket after the change). */
function ticketFields(detail: Reader): Record<string, unknown> {
  return {
    ticketId: detail.id('id'),
    status: lower(detail.optionalString('status')),
    priority: lower(detail.optionalString('priority')),
    channel: detail.optionalObject('via')?.optionalString('channel'),
    subject: clip(detail.optionalString('subject', { max: 100_000 }), 500),
    ticketType: lower(detail.optionalString('type')),
    assigneeId: zendeskId(detail, 'assignee_id'),
    groupId: zendeskId(detail, 'group_id'),
    ticketCreatedAt: detail.optionalTime('created_at'),
  };
}

/** The canonical type and the change it records, from the event-specific `event` object; a string = ignored, why. */
function classify(kind: string, event: Reader | undefined, detail: Reader): { type: EventDraft['type']; extra: Record<string, unknown> } | string {
  switch (kind) {
    case 'created':
      return { type: 'support.ticket_opened', extra: {} };
    case 'status_changed': {
      const status = lower(event?.optionalString('current') ?? detail.optionalString('status'));
      const previousStatus = lower(event?.optionalString('previous'));
      const type = status && SOLVED.has(status) ? 'support.ticket_solved' : 'support.ticket_updated';
      return { type, extra: { change: 'status', status, previousStatus } };
    }
    case 'comment_added': {
      const comment = event?.optionalObject('comment');
      if (comment?.optionalBoolean('is_public') !== true) return 'private comment (internal note)';
      const staff = comment.optionalObject('author')?.optionalBoolean('is_staff');
      const role = staff === undefined ? undefined : staff ? 'agent' : 'end_user';
      return { type: 'support.ticket_updated', extra: { change: 'comment', commentId: comment.optionalId('id'), commentAuthorRole: role } };
    }
    default: {
      // agent_assignment_changed: event.current / event.previous are agent ids (null when unassigned).
      const assigneeId = (event && zendeskId(event, 'current')) ?? zendeskId(detail, 'assignee_id');
      return { type: 'support.ticket_updated', extra: { change: 'assignee', assigneeId, previousAssigneeId: event && zendeskId(event, 'previous') } };
    }
  }
}

function normaliseTicketEvent(r: Reader): NormaliseResult {
  const type = r.string('type', { max: 256 });
  const kind = type.startsWith(TICKET_EVENT) ? type.slice(TICKET_EVENT.length) : '';
  if (!MAPPED.has(kind)) return { ok: true, events: [], ignored: `Zendesk event ${type} is not mapped` };
  const id = r.string('id', { max: 256 });
  const occurredAt = r.time('time');
  const detail = r.object('detail');
  const mapped = classify(kind, r.optionalObject('event'), detail);
  if (typeof mapped === 'string') return { ok: true, events: [], ignored: mapped };
  const draft: EventDraft = {
    id,
    type: mapped.type,
    occurredAt,
    customerId: zendeskId(detail, 'organization_id'),
    userId: zendeskId(detail, 'requester_id'),
    properties: compact({ ...ticketFields(detail), ...mapped.extra }),
  };
  return { ok: true, events: [draft] };
}

/** A signature timestamp: ISO-8601 as Zendesk sends it, or Unix seconds/milliseconds. */
function timestampMs(text: string): number | undefined {
  const ms = /^\d{9,13}$/.test(text) ? Number(text) * (text.length <= 11 ? 1000 : 1) : Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * Checks `x-zendesk-webhook-signature` = base64(HMAC-SHA256(secret, timestamp + rawBody)) with the
 * timestamp from `x-zendesk-webhook-signature-timestamp`, at most five minutes from `nowMs`. Each Zendesk
 * webhook has its own signing secret and ticket events and the CSAT trigger need two webhooks, so
 * `config.secret` may hold several secrets separated by spaces or commas; one must match.
 */
function verifyZendesk(request: SignedRequest, config: SourceConfig, nowMs: number): VerifyResult {
  const signature = request.headers[SIGNATURE_HEADER]?.trim();
  const timestamp = request.headers[TIMESTAMP_HEADER]?.trim();
  if (!signature) return missing(`${SIGNATURE_HEADER} header is missing`);
  if (!timestamp) return missing(`${TIMESTAMP_HEADER} header is missing`);
  const secrets = config.secret?.split(/[\s,]+/).filter(Boolean) ?? [];
  if (secrets.length === 0) return invalid('the zendesk source has no secret configured');
  const matched = secrets.filter((secret) => safeEqual(hmac('sha256', secret, timestamp + request.rawBody, 'base64'), signature));
  if (matched.length === 0) return invalid('zendesk signature does not match the body');
  const at = timestampMs(timestamp);
  if (at === undefined) return invalid(`${TIMESTAMP_HEADER} is not a time: ${JSON.stringify(timestamp)}`);
  if (Math.abs(nowMs - at) > SIGNATURE_TOLERANCE_MS) return stale(`zendesk signature timestamp ${timestamp} is more than 5 minutes from now`);
  return { ok: true };
}

/**
 * Zendesk: `zen:event-type:ticket.created` → support.ticket_opened; `ticket.status_changed` → ticket_solved
 * (to solved/closed) or ticket_updated; public `ticket.comment_added` and `ticket.agent_assignment_changed`
 * → ticket_updated; a trigger-style CSAT body → support.satisfaction_rated. Everything else is ignored.
 * customerId = `detail.organization_id`, userId = `detail.requester_id`, id = the Zendesk event id.
 */
export const zendeskConnector: Connector = {
  name: 'zendesk',
  version: 1,
  transport: 'webhook',
  items: (body) => splitItems(body, undefined),
  normalise: (item, ctx) =>
    normaliseWith(() => {
      const r = new Reader(item, ctx.path);
      return isSatisfactionTrigger(r) ? normaliseSatisfaction(r) : normaliseTicketEvent(r);
    }),
  verify: verifyZendesk,
};
