import { createHash } from 'node:crypto';
import { reject, type Reader } from './fields.ts';
import { clip, compact, zendeskId } from './zendesk-fields.ts';
import type { EventDraft, NormaliseResult } from './types.ts';

/**
 * Zendesk's event-subscription webhooks have no satisfaction-rating event, so CSAT arrives from a ticket
 * trigger ("Satisfaction is Good/Bad" or "Satisfaction changed") whose webhook body the admin writes with
 * placeholders (see docs/sources/zendesk.md):
 *
 * ```json
 * { "ticket_id": "{{ticket.id}}", "requester_id": "{{ticket.requester.id}}",
 *   "organization_id": "{{ticket.organization.id}}", "updated_at": "{{ticket.updated_at_with_timestamp}}",
 *   "satisfaction": { "score": "{{satisfaction.current_rating}}", "comment": "{{satisfaction.current_comment}}" } }
 * ```
 */
export function isSatisfactionTrigger(r: Reader): boolean {
  return !r.has('type') && r.has('satisfaction');
}

/** A normalised CSAT score: `good`/`bad` (Zendesk's classic rating) or 1-5 (customizable CSAT). */
export type SatisfactionScore = 'good' | 'bad' | number;

/**
 * The score of a rating, `undefined` when the survey was only offered (nothing to count yet). Zendesk
 * renders `{{satisfaction.current_rating}}` as text such as `Good` or `Bad, I'm unsatisfied`.
 */
export function satisfactionScore(value: unknown, field: string): SatisfactionScore | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5) return value;
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (text === 'offered' || text === 'unoffered') return undefined;
    if (text.startsWith('good')) return 'good';
    if (text.startsWith('bad')) return 'bad';
    if (/^[1-5]$/.test(text)) return Number(text);
  }
  return reject('invalid_field', field, `expected good, bad or 1-5, got ${JSON.stringify(value)}`);
}

/**
 * One `support.satisfaction_rated` draft from a trigger-style CSAT payload. The trigger has no event id,
 * so the id is derived from the ticket, the score and the update time: a retried delivery gets the same id.
 */
export function normaliseSatisfaction(r: Reader): NormaliseResult {
  const ticketId = r.id('ticket_id');
  const occurredAt = r.time('updated_at');
  const rating = r.object('satisfaction');
  const score = satisfactionScore(rating.raw('score'), rating.at('score'));
  if (score === undefined) return { ok: true, events: [], ignored: 'satisfaction survey offered but not rated yet' };
  const rawComment = rating.raw('comment');
  const comment = typeof rawComment === 'string' ? clip(rawComment.trim() || undefined, 2000) : undefined;
  const id = createHash('sha256').update(`csat|${ticketId}|${String(score)}|${occurredAt}`).digest('hex').slice(0, 32);
  const draft: EventDraft = {
    id,
    type: 'support.satisfaction_rated',
    occurredAt,
    customerId: zendeskId(r, 'organization_id'),
    userId: zendeskId(r, 'requester_id'),
    properties: compact({ ticketId, score, comment }),
  };
  return { ok: true, events: [draft] };
}
