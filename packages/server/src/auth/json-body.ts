import { TallyError } from '@tally/core';
import type { Context } from 'hono';

/** The request body as JSON (`{}` when empty); `invalid_json` naming the body otherwise. */
export async function jsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new TallyError('invalid_json', `body: not valid JSON (${(err as Error).message})`, { field: 'body' });
  }
}
