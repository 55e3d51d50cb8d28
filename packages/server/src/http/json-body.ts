import { TallyError } from '@tally/core';
import type { Context } from 'hono';

/**
 * The request body as JSON; `invalid_json` naming the body otherwise. With `empty`, a blank body reads as
 * that value instead of failing.
 */
export async function jsonBody(c: Context, options: { empty?: unknown } = {}): Promise<unknown> {
  const text = await c.req.text();
  if ('empty' in options && text.trim() === '') return options.empty;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new TallyError('invalid_json', `body: not valid JSON (${(err as Error).message})`, { field: 'body', cause: err });
  }
}
