/** Milliseconds in a UTC day. */
export const DAY_MS = 86_400_000;

/** The first instant (UTC) of the day holding `ms`. */
export function dayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** `2024-03-05` for any instant of that UTC day. */
export function formatDay(ms: number): string {
  return new Date(dayStart(ms)).toISOString().slice(0, 10);
}

/** The first instant of a `YYYY-MM-DD` day, or undefined when the text is not a real calendar date. */
export function parseDay(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  // Date.UTC rolls 2024-02-30 over to March: a real date formats back to the same text.
  return formatDay(ms) === text ? ms : undefined;
}

/** The first instant of the month after the one starting at `monthStartMs`. */
export function nextMonth(monthStartMs: number): number {
  const d = new Date(monthStartMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** `events-2024-03-05.ndjson.gz`: the archive file of a day, inside the archive folder. */
export function archiveFileName(day: string): string {
  return `events-${day}.ndjson.gz`;
}
