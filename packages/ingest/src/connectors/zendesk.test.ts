/**
 * Fixtures follow Zendesk's documented webhook payloads: the event-subscription envelope (`type`, `account_id`,
 * `id`, `time`, `zendesk_event_version`, `subject`, `detail`, `event`) and ticket `detail` properties from
 * developer.zendesk.com/api-reference/webhooks/event-types/webhook-event-types and .../ticket-events
 * (status_changed `event: { current, previous }`, comment_added `event.comment { id, body, is_public, author }`,
 * agent_assignment_changed `event: { current, previous }`); user-active-changed.json is that page's own example.
 * csat-trigger.json is the trigger body documented in docs/sources/zendesk.md, built from Zendesk placeholders
 * (`{{satisfaction.current_rating}}`, `{{ticket.updated_at_with_timestamp}}`). Signatures follow
 * developer.zendesk.com/documentation/webhooks/verifying: base64(HMAC-SHA256(TIMESTAMP + BODY)).
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SignedRequest } from './types.ts';
import { zendeskConnector as zendesk } from './zendesk.ts';

const raw = (name: string) => readFileSync(new URL(`./fixtures/zendesk/${name}.json`, import.meta.url), 'utf8');
const fixture = (name: string): Record<string, unknown> => JSON.parse(raw(name));
const ctx = { config: { secret: 'zd-secret' }, path: '' };

describe('zendesk normalise', () => {
  it('maps ticket.created to support.ticket_opened', () => {
    expect(zendesk.normalise(fixture('ticket-created'), ctx)).toEqual({
      ok: true,
      events: [
        {
          id: '01HNX4A2T9Q4R6M8Y2B5C7D9EF',
          type: 'support.ticket_opened',
          occurredAt: '2025-01-08T10:12:07.123Z',
          customerId: '9012345',
          userId: '8447388090495',
          properties: {
            ticketId: '5158',
            status: 'new',
            priority: 'high',
            channel: 'web_form',
            subject: 'Cannot login to mobile app',
            ticketType: 'incident',
            groupId: '360009876543',
            ticketCreatedAt: '2025-01-08T10:12:07.000Z',
          },
        },
      ],
    });
  });

  it('maps a status change to solved to support.ticket_solved', () => {
    expect(zendesk.normalise(fixture('ticket-status-solved'), ctx)).toEqual({
      ok: true,
      events: [
        {
          id: 'a8b9c1d2-3e4f-5a6b-7c8d-9e0f1a2b3c4d',
          type: 'support.ticket_solved',
          occurredAt: '2025-01-08T16:45:20.987Z',
          customerId: '9012345',
          userId: '8447388090495',
          properties: {
            ticketId: '5158',
            status: 'solved',
            previousStatus: 'open',
            change: 'status',
            priority: 'high',
            channel: 'web_form',
            subject: 'Cannot login to mobile app',
            ticketType: 'incident',
            assigneeId: '8447388090123',
            groupId: '360009876543',
            ticketCreatedAt: '2025-01-08T10:12:07.000Z',
          },
        },
      ],
    });
  });

  it('maps other status changes to support.ticket_updated, without a customer when there is no organization', () => {
    expect(zendesk.normalise(fixture('ticket-status-pending'), ctx)).toEqual({
      ok: true,
      events: [
        {
          id: '7f0c2d44-9b1e-4c55-8f3a-2a6d1e0b9c71',
          type: 'support.ticket_updated',
          occurredAt: '2025-01-08T12:00:00.000Z',
          customerId: undefined,
          userId: '8447388090495',
          properties: {
            ticketId: '5158',
            status: 'pending',
            previousStatus: 'open',
            change: 'status',
            priority: 'normal',
            channel: 'email',
            subject: 'Cannot login to mobile app',
            assigneeId: '8447388090123',
            ticketCreatedAt: '2025-01-08T10:12:07.000Z',
          },
        },
      ],
    });
  });

  it('maps a public comment to support.ticket_updated with the author role, never the body', () => {
    expect(zendesk.normalise(fixture('ticket-comment-public'), ctx)).toEqual({
      ok: true,
      events: [
        {
          id: 'd4f5c389-8f4a-4c2e-a1b9-8e4f39c71d52',
          type: 'support.ticket_updated',
          occurredAt: '2025-01-08T14:25:30.123Z',
          customerId: '9012345',
          userId: '8447388090495',
          properties: {
            ticketId: '5158',
            status: 'open',
            priority: 'high',
            channel: 'web_form',
            subject: 'Cannot login to mobile app',
            assigneeId: '8447388090123',
            ticketCreatedAt: '2025-01-08T10:12:07.000Z',
            change: 'comment',
            commentId: '9876543210',
            commentAuthorRole: 'agent',
          },
        },
      ],
    });
  });

  it('maps an agent assignment change to support.ticket_updated', () => {
    expect(zendesk.normalise(fixture('ticket-agent-assignment'), ctx)).toEqual({
      ok: true,
      events: [
        {
          id: '6c1f3b2a-7d8e-4f90-a1b2-c3d4e5f60718',
          type: 'support.ticket_updated',
          occurredAt: '2025-01-08T11:02:00.000Z',
          customerId: '9012345',
          userId: '20978392',
          properties: {
            ticketId: '5158',
            status: 'open',
            priority: 'low',
            channel: 'web',
            subject: 'Cannot login to mobile app',
            assigneeId: '235324',
            previousAssigneeId: '235323',
            groupId: '98738',
            ticketCreatedAt: '2025-01-08T10:12:07.000Z',
            change: 'assignee',
          },
        },
      ],
    });
  });

  it('maps a trigger-style CSAT body to support.satisfaction_rated with a deterministic id', () => {
    const first = zendesk.normalise(fixture('csat-trigger'), ctx);
    expect(first).toEqual({
      ok: true,
      events: [
        {
          id: expect.stringMatching(/^[0-9a-f]{32}$/),
          type: 'support.satisfaction_rated',
          occurredAt: '2025-01-09T08:15:00.000Z',
          customerId: '9012345',
          userId: '8447388090495',
          properties: { ticketId: '5158', score: 'good', comment: 'Quick and friendly, thanks!' },
        },
      ],
    });
    expect(zendesk.normalise(fixture('csat-trigger'), ctx)).toEqual(first);
    const bad = zendesk.normalise({ ...fixture('csat-trigger'), satisfaction: { score: 'Bad, I am unsatisfied' } }, ctx);
    expect(bad).toMatchObject({ ok: true, events: [{ properties: { score: 'bad' } }] });
    expect(bad.ok && first.ok && bad.events[0]?.id).not.toBe(first.ok && first.events[0]?.id);
    expect(zendesk.normalise({ ...fixture('csat-trigger'), satisfaction: { score: '4' } }, ctx)).toMatchObject({ ok: true, events: [{ properties: { score: 4 } }] });
  });

  it.each([
    ['ticket-comment-private', 'private comment (internal note)'],
    ['user-active-changed', 'Zendesk event zen:event-type:user.active_changed is not mapped'],
  ])('ignores %s', (name, ignored) => {
    expect(zendesk.normalise(fixture(name), ctx)).toEqual({ ok: true, events: [], ignored });
  });

  it('ignores unmapped ticket events and unrated CSAT surveys', () => {
    expect(zendesk.normalise({ ...fixture('ticket-created'), type: 'zen:event-type:ticket.priority_changed' }, ctx)).toMatchObject({ ok: true, events: [] });
    expect(zendesk.normalise({ ...fixture('csat-trigger'), satisfaction: { score: 'Offered' } }, ctx)).toEqual({
      ok: true,
      events: [],
      ignored: 'satisfaction survey offered but not rated yet',
    });
  });

  it.each([
    ['not an object', 'text', 'invalid_item', ''],
    ['missing type', { id: 'x', detail: {} }, 'missing_field', 'type'],
    ['missing id', { ...fixture('ticket-created'), id: undefined }, 'missing_field', 'id'],
    ['bad time', { ...fixture('ticket-created'), time: 'yesterday' }, 'invalid_field', 'time'],
    ['missing detail', { ...fixture('ticket-created'), detail: undefined }, 'missing_field', 'detail'],
    ['ticket id of the wrong type', { ...fixture('ticket-created'), detail: { id: true } }, 'invalid_field', 'detail.id'],
    ['status of the wrong type', { ...fixture('ticket-status-solved'), event: { current: 3 } }, 'invalid_field', 'event.current'],
    ['a CSAT score Tally cannot read', { ...fixture('csat-trigger'), satisfaction: { score: 'meh' } }, 'invalid_field', 'satisfaction.score'],
    ['a CSAT body without a ticket', { ...fixture('csat-trigger'), ticket_id: undefined }, 'missing_field', 'ticket_id'],
  ])('rejects %s', (_, item, code, field) => {
    expect(zendesk.normalise(item, ctx)).toMatchObject({ ok: false, rejection: { code, field } });
  });

  it('names the item path in rejections', () => {
    expect(zendesk.normalise({ ...fixture('ticket-created'), id: 7.5 }, { ...ctx, path: '[2]' })).toMatchObject({
      ok: false,
      rejection: { code: 'invalid_field', field: '[2].id' },
    });
  });

  it('takes one event per request body', () => {
    const body = fixture('ticket-created');
    expect(zendesk.items(body, ctx.config)).toEqual({ ok: true, items: [body], paths: [''] });
  });
});

describe('zendesk verify', () => {
  const secret = 'dGhpc19pc19hX3NlY3JldA';
  const now = Date.parse('2025-01-08T10:12:30Z');
  const timestamp = '2025-01-08T10:12:10Z';
  const body = raw('ticket-created');
  const sign = (ts: string, payload: string, key = secret) => createHmac('sha256', key).update(ts + payload).digest('base64');
  const request = (headers: Record<string, string | undefined>, rawBody = body): SignedRequest => ({
    method: 'POST',
    url: 'https://tally.example.com/v1/webhooks/zendesk',
    headers,
    rawBody,
  });
  const signed = (ts = timestamp, payload = body) => ({
    'x-zendesk-webhook-signature': sign(ts, payload),
    'x-zendesk-webhook-signature-timestamp': ts,
  });
  const verify = zendesk.verify!;

  it('accepts a valid signature', () => {
    expect(verify(request(signed()), { secret }, now)).toEqual({ ok: true });
  });

  it('refuses a tampered body', () => {
    expect(verify(request(signed(), body.replace('HIGH', 'LOW')), { secret }, now)).toMatchObject({ ok: false, code: 'signature_invalid' });
  });

  it('refuses a signature made with another secret', () => {
    expect(verify(request(signed()), { secret: 'another-secret' }, now)).toMatchObject({ ok: false, code: 'signature_invalid' });
  });

  it('refuses a timestamp swapped after signing', () => {
    const headers = { ...signed(), 'x-zendesk-webhook-signature-timestamp': '2025-01-08T10:12:20Z' };
    expect(verify(request(headers), { secret }, now)).toMatchObject({ ok: false, code: 'signature_invalid' });
  });

  it('refuses a stale timestamp, either way', () => {
    expect(verify(request(signed('2025-01-08T10:05:00Z')), { secret }, now)).toMatchObject({ ok: false, code: 'signature_stale' });
    expect(verify(request(signed('2025-01-08T10:20:00Z')), { secret }, now)).toMatchObject({ ok: false, code: 'signature_stale' });
    expect(verify(request(signed('2025-01-08T10:07:31Z')), { secret }, now)).toEqual({ ok: true });
  });

  it('refuses missing headers', () => {
    expect(verify(request({ 'x-zendesk-webhook-signature-timestamp': timestamp }), { secret }, now)).toMatchObject({ ok: false, code: 'signature_missing' });
    expect(verify(request({ 'x-zendesk-webhook-signature': sign(timestamp, body) }), { secret }, now)).toMatchObject({ ok: false, code: 'signature_missing' });
  });

  it('refuses when the source has no secret', () => {
    expect(verify(request(signed()), {}, now)).toEqual({ ok: false, code: 'signature_invalid', message: 'the zendesk source has no secret configured' });
    expect(verify(request(signed()), { secret: '  ' }, now)).toMatchObject({ ok: false, message: 'the zendesk source has no secret configured' });
  });

  it('accepts the signature of either webhook when the source holds several secrets (events + CSAT trigger)', () => {
    const csatBody = raw('csat-trigger');
    const csatHeaders = {
      'x-zendesk-webhook-signature': sign(timestamp, csatBody, 'trigger-webhook-secret'),
      'x-zendesk-webhook-signature-timestamp': timestamp,
    };
    const config = { secret: `${secret} trigger-webhook-secret` };
    expect(verify(request(signed()), config, now)).toEqual({ ok: true });
    expect(verify(request(csatHeaders, csatBody), config, now)).toEqual({ ok: true });
    expect(verify(request(csatHeaders, csatBody), { secret }, now)).toMatchObject({ ok: false, code: 'signature_invalid' });
  });

  it('refuses a signed timestamp that is not a time', () => {
    expect(verify(request(signed('soon')), { secret }, now)).toMatchObject({ ok: false, code: 'signature_invalid' });
  });
});
