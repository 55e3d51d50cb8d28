/**
 * Fixtures follow Intercom's documented webhook notification envelope (developers.intercom.com "Webhooks" and
 * "Webhook models": `type: notification_event`, `app_id`, `data.item`, `id: notif_…`, `topic`, `created_at`,
 * delivery fields; the `ping` topic with `id: null`) wrapping the API 2.x Conversation model (REST API
 * reference "Conversation": `source`, `contacts { type: contact.list, contacts: [{ type, id, external_id }] }`,
 * `admin_assignee_id`, `team_assignee_id`, `statistics`, `custom_attributes`, `conversation_parts`,
 * `conversation_rating { rating, remark, created_at, contact, teammate }`). conversation-admin-closed-v1.json
 * is the API 1.x conversation (`user`, `assignee`, `conversation_message`). Signature: `X-Hub-Signature:
 * sha1=<hex HMAC-SHA1 of the raw body with the app's client secret>`.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { intercomConnector as intercom } from './intercom.ts';
import type { SignedRequest } from './types.ts';

const raw = (name: string) => readFileSync(new URL(`./fixtures/intercom/${name}.json`, import.meta.url), 'utf8');
const fixture = (name: string): Record<string, unknown> => JSON.parse(raw(name));
const ctx = { config: { secret: 'client-secret' }, path: '' };

describe('intercom normalise', () => {
  it('maps conversation.user.created to support.conversation_opened', () => {
    expect(intercom.normalise(fixture('conversation-user-created'), ctx)).toEqual({
      ok: true,
      events: [
        {
          id: 'notif_4e3504a3-ba3f-46dc-ab48-8e4d5bdfdf4e',
          type: 'support.conversation_opened',
          occurredAt: '2024-07-04T16:00:01.000Z',
          customerId: 'acct_acme',
          userId: 'user_jane_acme',
          properties: { conversationId: '147', state: 'open', priority: 'not_priority', channel: 'conversation', deliveredAs: 'customer_initiated' },
        },
      ],
    });
  });

  it('maps conversation.admin.replied to support.conversation_replied by an admin', () => {
    expect(intercom.normalise(fixture('conversation-admin-replied'), ctx)).toEqual({
      ok: true,
      events: [
        {
          id: 'notif_9b1c0d6e-2a47-4f7e-8c15-5d0e6b3a7f21',
          type: 'support.conversation_replied',
          occurredAt: '2024-07-04T16:05:01.000Z',
          customerId: '4821',
          userId: 'user_jane_acme',
          properties: {
            conversationId: '147',
            state: 'open',
            priority: 'priority',
            channel: 'conversation',
            deliveredAs: 'customer_initiated',
            adminAssigneeId: '991267893',
            teamAssigneeId: '5017690',
            timeToAdminReply: 300,
            author: 'admin',
            partId: '7288427271',
          },
        },
      ],
    });
  });

  it('maps conversation.user.replied to a user reply, using the Intercom contact id without an external_id', () => {
    expect(intercom.normalise(fixture('conversation-user-replied'), ctx)).toEqual({
      ok: true,
      events: [
        {
          id: 'notif_0c2d9a44-51e3-4b6f-9a0d-7e1f2c3b4a59',
          type: 'support.conversation_replied',
          occurredAt: '2024-07-04T16:10:01.000Z',
          customerId: undefined,
          userId: '6643703ffae7834d1792fd30',
          properties: { conversationId: '147', state: 'open', priority: 'not_priority', channel: 'email', deliveredAs: 'customer_initiated', author: 'user', partId: '7288429999' },
        },
      ],
    });
  });

  it('maps an API 1.x conversation.admin.closed to support.conversation_closed', () => {
    expect(intercom.normalise(fixture('conversation-admin-closed-v1'), ctx)).toEqual({
      ok: true,
      events: [
        {
          id: 'notif_2bc4bf3a-0064-4fb0-9e17-dc44d91bcb9b',
          type: 'support.conversation_closed',
          occurredAt: '2019-03-22T21:49:50.000Z',
          customerId: undefined,
          userId: '75067020-1204-495c-8edc-abb7d88bdd43',
          properties: { conversationId: '21322009097', state: 'closed', adminAssigneeId: '1957471', partId: '2824395628', closedBy: '1957471' },
        },
      ],
    });
  });

  it('maps conversation.rating.added to support.satisfaction_rated at the rating time', () => {
    expect(intercom.normalise(fixture('conversation-rating-added'), ctx)).toEqual({
      ok: true,
      events: [
        {
          id: 'notif_5d8e1f20-3b4c-4d5e-9f60-718293a4b5c6',
          type: 'support.satisfaction_rated',
          occurredAt: '2024-07-05T15:58:20.000Z',
          customerId: 'acct_acme',
          userId: 'user_jane_acme',
          properties: {
            conversationId: '147',
            state: 'closed',
            priority: 'not_priority',
            channel: 'conversation',
            deliveredAs: 'customer_initiated',
            adminAssigneeId: '991267893',
            timeToAdminReply: 300,
            timeToFirstClose: 7200,
            score: 5,
            comment: 'Sorted in minutes.',
            teammateId: '991267893',
          },
        },
      ],
    });
  });

  it('maps admin-initiated conversations as opened and operator (bot) replies as replies', () => {
    const created = { ...fixture('conversation-user-created'), topic: 'conversation.admin.single.created' };
    expect(intercom.normalise(created, ctx)).toMatchObject({ ok: true, events: [{ type: 'support.conversation_opened' }] });
    const operator = { ...fixture('conversation-admin-replied'), topic: 'conversation.operator.replied' };
    expect(intercom.normalise(operator, ctx)).toMatchObject({ ok: true, events: [{ type: 'support.conversation_replied', properties: { author: 'operator' } }] });
  });

  it.each([
    ['ping', 'Intercom topic ping is not mapped'],
    ['conversation-admin-noted', 'Intercom topic conversation.admin.noted is not mapped'],
  ])('ignores %s', (name, ignored) => {
    expect(intercom.normalise(fixture(name), ctx)).toEqual({ ok: true, events: [], ignored });
  });

  it('ignores conversation part tags and contact topics', () => {
    for (const topic of ['conversation_part.tag.created', 'contact.user.created', 'conversation.admin.assigned']) {
      expect(intercom.normalise({ ...fixture('conversation-user-created'), topic }, ctx)).toMatchObject({ ok: true, events: [] });
    }
  });

  it.each([
    ['not an object', [1, 2], 'invalid_item', ''],
    ['missing topic', { ...fixture('conversation-user-created'), topic: undefined }, 'missing_field', 'topic'],
    ['missing id', { ...fixture('conversation-user-created'), id: null }, 'missing_field', 'id'],
    ['created_at of the wrong type', { ...fixture('conversation-user-created'), created_at: 'soon' }, 'invalid_field', 'created_at'],
    ['missing item', { ...fixture('conversation-user-created'), data: {} }, 'missing_field', 'data.item'],
    ['conversation id of the wrong type', { ...fixture('conversation-user-created'), data: { item: { id: { x: 1 } } } }, 'invalid_field', 'data.item.id'],
    ['contacts that are not a list', { ...fixture('conversation-user-created'), data: { item: { id: '1', contacts: { contacts: 'x' } } } }, 'invalid_field', 'data.item.contacts.contacts'],
    ['a rating without a score', { ...fixture('conversation-rating-added'), data: { item: { id: '1', conversation_rating: { remark: 'ok' } } } }, 'missing_field', 'data.item.conversation_rating.rating'],
  ])('rejects %s', (_, item, code, field) => {
    expect(intercom.normalise(item, ctx)).toMatchObject({ ok: false, rejection: { code, field } });
  });

  it('takes one notification per request body', () => {
    const body = fixture('ping');
    expect(intercom.items(body, ctx.config)).toEqual({ ok: true, items: [body], paths: [''] });
  });
});

describe('intercom verify', () => {
  const secret = 'c5b7f0e2-client-secret';
  const body = raw('conversation-admin-replied');
  const sign = (payload: string, key = secret) => `sha1=${createHmac('sha1', key).update(payload).digest('hex')}`;
  const request = (headers: Record<string, string | undefined>, rawBody = body): SignedRequest => ({
    method: 'POST',
    url: 'https://tally.example.com/v1/webhooks/intercom',
    headers,
    rawBody,
  });
  const verify = intercom.verify!;
  const now = Date.parse('2030-01-01T00:00:00Z'); // Intercom signs no timestamp: any clock passes.

  it('accepts a valid signature, in either hex case', () => {
    expect(verify(request({ 'x-hub-signature': sign(body) }), { secret }, now)).toEqual({ ok: true });
    expect(verify(request({ 'x-hub-signature': sign(body).toUpperCase() }), { secret }, now)).toEqual({ ok: true });
  });

  it('refuses a tampered body', () => {
    expect(verify(request({ 'x-hub-signature': sign(body) }, body.replace('looking into', 'ignoring')), { secret }, now)).toMatchObject({
      ok: false,
      code: 'signature_invalid',
    });
  });

  it('refuses a signature made with another secret', () => {
    expect(verify(request({ 'x-hub-signature': sign(body, 'other') }), { secret }, now)).toMatchObject({ ok: false, code: 'signature_invalid' });
  });

  it('refuses a signature without the sha1= prefix', () => {
    expect(verify(request({ 'x-hub-signature': sign(body).slice(5) }), { secret }, now)).toMatchObject({ ok: false, code: 'signature_invalid' });
  });

  it('refuses a missing header', () => {
    expect(verify(request({}), { secret }, now)).toMatchObject({ ok: false, code: 'signature_missing' });
  });

  it('refuses when the source has no secret', () => {
    expect(verify(request({ 'x-hub-signature': sign(body) }), {}, now)).toEqual({
      ok: false,
      code: 'signature_invalid',
      message: 'the intercom source has no secret configured',
    });
  });
});
