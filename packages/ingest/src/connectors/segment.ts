import { hmac, invalid, missing, safeEqual } from './signatures.ts';
import { normaliseSpecMessage, splitSpecMessages } from './segment-spec.ts';
import type { Connector, SignedRequest, SourceConfig, VerifyResult } from './types.ts';

/**
 * The HMAC-SHA1 Segment computes when Webhooks (Actions) batches: over `JSON.stringify` of the FIRST event
 * only (Twilio support article "How Segment computes x-signature for batched webhooks"; action-destinations
 * `webhook/index.ts` signs `payload.data`). Only trusted when the source opts in, because it leaves the
 * other events of the batch unsigned.
 */
function firstEventSignature(secret: string, rawBody: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(rawBody);
    return Array.isArray(parsed) && parsed.length > 0 ? hmac('sha1', secret, JSON.stringify(parsed[0]), 'hex') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies `X-Signature`: hex HMAC-SHA1 of the raw body with the destination's shared secret. Segment's
 * scheme has no timestamp, so there is no staleness check; a replayed message keeps its `messageId` and is
 * deduplicated. Set `options.acceptFirstEventSignature: true` to accept batched Webhooks (Actions) requests.
 */
function verifySegment(request: SignedRequest, config: SourceConfig): VerifyResult {
  const secret = config.secret;
  if (!secret) return invalid('the segment source has no secret configured');
  const header = request.headers['x-signature']?.trim();
  if (!header) return missing('x-signature header is missing');
  const expected = [hmac('sha1', secret, request.rawBody, 'hex')];
  if (config.options?.acceptFirstEventSignature === true) {
    const first = firstEventSignature(secret, request.rawBody);
    if (first) expected.push(first);
  }
  const given = header.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  return given.some((sig) => expected.some((e) => safeEqual(sig, e))) ? { ok: true } : invalid('x-signature does not match the body');
}

/**
 * Segment's Webhooks destination (classic or Actions with the default "whole event" data mapping):
 * Segment-spec messages POSTed to `/v1/webhooks/segment`, one per request or a JSON array when batching.
 * The mapping is the `tally` connector's (see segment-spec.ts and docs/sources/segment.md).
 */
export const segmentConnector: Connector = {
  name: 'segment',
  version: 1,
  transport: 'webhook',
  items: (body) => splitSpecMessages(body),
  normalise: (item, ctx) => normaliseSpecMessage(item, ctx.path),
  verify: (request, config) => verifySegment(request, config),
};
