import { LIVE_CLOSE, LIVE_MAX_MESSAGES_PER_MINUTE, LIVE_MAX_SUBSCRIPTIONS, LIVE_REFUSALS_BEFORE_CLOSE, type QueryRequest } from '@tally/client-sdk';
import { z } from 'zod';
import { MAX_SUBSCRIPTION_ID_LENGTH } from '../live/live-messages.ts';
import { jsonSchemaOf, type JsonSchema } from './json-schema.ts';
import { queryResponseSchema } from './response-schemas.ts';

// The live socket's messages (`LiveClientMessage`, `LiveServerMessage` in client-sdk/src/wire/live.ts), declared
// for the OpenAPI document; the tests check the inferred types match the wire types.

/** Stands for the `QueryRequest` component (the server validates it as `POST /v1/query` does). */
const queryRequest = z.custom<QueryRequest>();
const id = z.string().min(1).max(MAX_SUBSCRIPTION_ID_LENGTH).describe('Subscription id, chosen by the client.');

/** `LiveClientMessage`: what a client sends, as JSON text frames. */
export const liveClientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth'), token: z.string().describe('An embed token. First, within 10 s; again with a fresh token before `expiresAt`.') }),
  z.object({
    type: z.literal('subscribe'),
    id,
    query: queryRequest,
    widget: z.string().optional().describe('Tag name of the widget asking; required when the token has a `widgets` claim.'),
  }),
  z.object({ type: z.literal('unsubscribe'), id }),
  z.object({ type: z.literal('ping') }),
]);

/** `LiveServerMessage`: what the server sends. */
export const liveServerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), expiresAt: z.string().describe('When the socket closes (4403) unless a fresh token comes.') }),
  z.object({ type: z.literal('result'), id, result: queryResponseSchema }),
  z.object({
    type: z.literal('error'),
    id: id.optional().describe('The subscription (or refused message) it is about.'),
    code: z.string().describe('An ApiErrorCode, e.g. forbidden, forbidden_widget, validation_failed, rate_limited.'),
    message: z.string(),
    field: z.string().optional(),
  }),
  z.object({ type: z.literal('pong') }),
  z.object({ type: z.literal('heartbeat') }),
]);

/** The two message schemas as OpenAPI components, the query and its answer as `$ref`s to theirs. */
export function liveMessageComponents(): Record<string, JsonSchema> {
  const refs = new Map<z.ZodType, string>([[queryRequest, 'QueryRequest'], [queryResponseSchema, 'QueryResponse']]);
  return {
    LiveClientMessage: jsonSchemaOf(liveClientMessageSchema, 'output', refs),
    LiveServerMessage: jsonSchemaOf(liveServerMessageSchema, 'output', refs),
  };
}

const CLOSE_MEANINGS: Record<keyof typeof LIVE_CLOSE, string> = {
  unauthorized: 'no valid `auth` in time, or a bad token: get a new token before reconnecting',
  tokenExpired: 'the token expired and no fresh one came',
  badMessage: 'a frame that is not JSON or not a known message',
  tooManySubscriptions: `more than ${LIVE_MAX_SUBSCRIPTIONS} subscriptions`,
  tokenRevoked: 'the token was revoked: get a new token before reconnecting',
  tooManyMessages: `more than ${LIVE_MAX_MESSAGES_PER_MINUTE} messages a minute per token, and ${LIVE_REFUSALS_BEFORE_CLOSE} more after \`rate_limited\` errors`,
  goingAway: 'the server is stopping: reconnect with backoff',
};

/** The description of `GET /v1/live`: the protocol in short, and every close code. */
export const LIVE_DESCRIPTION = [
  'Connect with `Upgrade: websocket` and exchange JSON text frames: the client sends `LiveClientMessage`s, the server',
  '`LiveServerMessage`s (both in `components/schemas`, and in the operation\'s `x-tally-messages`). Send',
  '`{ "type": "auth", "token": … }` first; the server answers `ready`. `{ "type": "subscribe", "id": …, "query": QueryRequest }`',
  'is answered with `result` now and whenever the data changes (at most every 250 ms), or `error` with an ApiErrorCode.',
  `Each token may send ${LIVE_MAX_MESSAGES_PER_MINUTE} messages a minute (past it: \`error\` \`rate_limited\`). Close codes:`,
  ...Object.entries(LIVE_CLOSE).map(([name, code]) => `\`${code}\` ${CLOSE_MEANINGS[name as keyof typeof LIVE_CLOSE]}.`),
].join(' ');
