import type { Reader } from './fields.ts';

/** Zendesk ids of "nothing" (`""`, `0`) are absent. */
export function zendeskId(r: Reader, key: string): string | undefined {
  const v = r.raw(key);
  if (v === undefined || v === null || v === '' || v === 0 || v === '0') return undefined;
  return r.id(key);
}

/** Drops undefined values so properties stay plain JSON. */
export function compact(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
}

/** `text` cut to `max` characters (free text is kept, not refused, when long). */
export function clip(text: string | undefined, max: number): string | undefined {
  return text === undefined || text.length <= max ? text : text.slice(0, max);
}
