import type { LiveClientMessage } from '@tally/client-sdk';
import { z } from 'zod';

/**
 * A {@link LiveClientMessage} as received: the shape is checked here, the query of a `subscribe` by the
 * query service (so its `validation_failed` names the field, as on `POST /v1/query`).
 */
export type ReceivedLiveMessage =
  | Exclude<LiveClientMessage, { type: 'subscribe' }>
  | { type: 'subscribe'; id: string; query: unknown; widget?: string };

/** Longest subscription id a client may choose. */
export const MAX_SUBSCRIPTION_ID_LENGTH = 128;

const id = z.string().min(1).max(MAX_SUBSCRIPTION_ID_LENGTH);
const messageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth'), token: z.string().min(1) }),
  z.object({ type: z.literal('subscribe'), id, query: z.unknown(), widget: z.string().min(1).max(64).optional() }),
  z.object({ type: z.literal('unsubscribe'), id }),
  z.object({ type: z.literal('ping') }),
]);

/** The message in a text frame, or undefined when it is not JSON or not a known message. */
export function parseLiveMessage(text: string): ReceivedLiveMessage | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = messageSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const message = parsed.data;
  if (message.type !== 'subscribe') return message;
  return { type: 'subscribe', id: message.id, query: message.query, ...(message.widget !== undefined ? { widget: message.widget } : {}) };
}
