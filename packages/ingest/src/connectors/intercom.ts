import { normaliseWith, Reader, splitItems } from './fields.ts';
import { hmac, invalid, missing, safeEqual } from './signatures.ts';
import type { Connector, EventDraft, NormaliseResult, SignedRequest, SourceConfig, VerifyResult } from './types.ts';

/**
 * Intercom webhook notifications (`type: notification_event`, `topic`, `id: notif_…`, `created_at`,
 * `data.item` = the conversation). Reads the API 2.x conversation model (`contacts.contacts[]`, `source`,
 * `admin_assignee_id`, `statistics`, `custom_attributes`) and falls back to the 1.x one (`user`, `assignee`).
 */

type Author = 'user' | 'admin' | 'operator';

const OPENED = new Set(['conversation.user.created', 'conversation.admin.single.created']);
const REPLIED: Readonly<Record<string, Author>> = {
  'conversation.user.replied': 'user',
  'conversation.admin.replied': 'admin',
  'conversation.operator.replied': 'operator', // Fin or a workflow bot
};
const CLOSED = 'conversation.admin.closed';
const RATED = 'conversation.rating.added';

const SIGNATURE_HEADER = 'x-hub-signature';

/** An id that may be absent, `null`, `""`, a string or an integer. */
function optionalId(r: Reader | undefined, key: string): string | undefined {
  return r && r.has(key) && r.raw(key) !== '' ? r.id(key) : undefined;
}

function compact(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
}

/** The person: the first contact's `external_id` (your user id) or Intercom id; API 1.x `user.user_id`/`id`. */
function contactId(conversation: Reader): string | undefined {
  const contacts = conversation.optionalObject('contacts');
  if (contacts?.has('contacts')) {
    const list = contacts.array('contacts');
    if (list.length > 0) {
      const first = new Reader(list[0], `${contacts.at('contacts')}[0]`);
      return optionalId(first, 'external_id') ?? first.id('id');
    }
  }
  const user = conversation.optionalObject('user');
  return user && (optionalId(user, 'user_id') ?? optionalId(user, 'id'));
}

/** The newest conversation part (a reply, a close), as Intercom sends only the parts of this change. */
function lastPart(conversation: Reader): Reader | undefined {
  const parts = conversation.optionalObject('conversation_parts');
  if (!parts?.has('conversation_parts')) return undefined;
  const list = parts.array('conversation_parts');
  return list.length > 0 ? new Reader(list[list.length - 1], `${parts.at('conversation_parts')}[${list.length - 1}]`) : undefined;
}

/** Conversation fields every draft carries. */
function conversationFields(conversation: Reader): Record<string, unknown> {
  const source = conversation.optionalObject('source');
  const statistics = conversation.optionalObject('statistics');
  const assignee = conversation.optionalObject('assignee'); // API 1.x
  const v1Admin = assignee?.optionalString('type') === 'admin' ? optionalId(assignee, 'id') : undefined;
  return {
    conversationId: conversation.id('id'),
    state: conversation.optionalString('state'),
    priority: conversation.optionalString('priority'),
    channel: source?.optionalString('type'),
    deliveredAs: source?.optionalString('delivered_as'),
    adminAssigneeId: optionalId(conversation, 'admin_assignee_id') ?? v1Admin,
    teamAssigneeId: optionalId(conversation, 'team_assignee_id'),
    timeToAdminReply: statistics?.optionalNumber('time_to_admin_reply'),
    timeToFirstClose: statistics?.optionalNumber('time_to_first_close'),
  };
}

interface Mapped {
  type: EventDraft['type'];
  extra: Record<string, unknown>;
  /** Who the event is about when it is not the conversation's contact (the rater). */
  userId?: string;
  /** When it happened when that is not the notification time (the rating time). */
  at?: string;
}

function classify(topic: string, conversation: Reader): Mapped {
  if (OPENED.has(topic)) return { type: 'support.conversation_opened', extra: {} };
  const author = REPLIED[topic];
  const part = lastPart(conversation);
  if (author) return { type: 'support.conversation_replied', extra: { author, partId: optionalId(part, 'id') } };
  if (topic === CLOSED) {
    const closedBy = optionalId(part?.optionalObject('author'), 'id');
    return { type: 'support.conversation_closed', extra: { partId: optionalId(part, 'id'), closedBy } };
  }
  // conversation.rating.added: the rating is on the conversation, from the contact who rated.
  const rating = conversation.object('conversation_rating');
  const contact = rating.optionalObject('contact');
  const remark = rating.optionalString('remark', { max: 100_000 })?.slice(0, 2000);
  return {
    type: 'support.satisfaction_rated',
    extra: { score: rating.integer('rating'), comment: remark, teammateId: optionalId(rating.optionalObject('teammate'), 'id') },
    userId: contact && (optionalId(contact, 'external_id') ?? optionalId(contact, 'id')),
    at: rating.optionalTime('created_at'),
  };
}

function normaliseNotification(r: Reader): NormaliseResult {
  const topic = r.string('topic', { max: 256 });
  if (!OPENED.has(topic) && !REPLIED[topic] && topic !== CLOSED && topic !== RATED) {
    return { ok: true, events: [], ignored: `Intercom topic ${topic} is not mapped` };
  }
  const id = r.string('id', { max: 256 });
  const createdAt = r.time('created_at');
  const conversation = r.object('data').object('item');
  const mapped = classify(topic, conversation);
  const custom = conversation.optionalObject('custom_attributes');
  const draft: EventDraft = {
    id,
    type: mapped.type,
    occurredAt: mapped.at ?? createdAt,
    customerId: optionalId(custom, 'account_id'),
    userId: mapped.userId ?? contactId(conversation),
    properties: compact({ ...conversationFields(conversation), ...mapped.extra }),
  };
  return { ok: true, events: [draft] };
}

/** Checks `x-hub-signature` = `sha1=` + hex HMAC-SHA1(client secret, rawBody). Intercom signs no timestamp. */
function verifyIntercom(request: SignedRequest, config: SourceConfig): VerifyResult {
  const header = request.headers[SIGNATURE_HEADER]?.trim();
  if (!header) return missing(`${SIGNATURE_HEADER} header is missing`);
  if (!config.secret) return invalid('the intercom source has no secret configured');
  if (!header.toLowerCase().startsWith('sha1=')) return invalid(`${SIGNATURE_HEADER} is not of the form sha1=<hex>`);
  const expected = hmac('sha1', config.secret, request.rawBody, 'hex');
  return safeEqual(expected, header.slice(5).toLowerCase()) ? { ok: true } : invalid('intercom signature does not match the body');
}

/**
 * Intercom: conversation.user.created / admin.single.created → support.conversation_opened; user/admin/
 * operator `.replied` → support.conversation_replied (properties.author); admin.closed →
 * support.conversation_closed; conversation.rating.added → support.satisfaction_rated. Other topics
 * (including `ping`) are ignored. customerId = `custom_attributes.account_id`; userId = the contact's
 * `external_id` ?? Intercom id; id = the notification id.
 */
export const intercomConnector: Connector = {
  name: 'intercom',
  version: 1,
  transport: 'webhook',
  items: (body) => splitItems(body, undefined),
  normalise: (item, ctx) => normaliseWith(() => normaliseNotification(new Reader(item, ctx.path))),
  verify: (request, config) => verifyIntercom(request, config),
};
