import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, zonedCalendar } from './zoned-calendar.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const at = (s: string) => Date.parse(s);

describe('zonedCalendar', () => {
  it('truncates to UTC hour, day, Monday week and month', () => {
    const utc = zonedCalendar('UTC');
    const t = at('2026-11-20T12:34:56Z'); // a Friday
    expect(iso(utc.truncate(t, 'hour'))).toBe('2026-11-20T12:00:00.000Z');
    expect(iso(utc.truncate(t, 'day'))).toBe('2026-11-20T00:00:00.000Z');
    expect(iso(utc.truncate(t, 'week'))).toBe('2026-11-16T00:00:00.000Z');
    expect(iso(utc.truncate(at('2026-11-16T00:00:00Z'), 'week'))).toBe('2026-11-16T00:00:00.000Z');
    expect(iso(utc.truncate(at('2026-11-22T23:59:59Z'), 'week'))).toBe('2026-11-16T00:00:00.000Z');
    expect(iso(utc.truncate(t, 'month'))).toBe('2026-11-01T00:00:00.000Z');
  });

  it('follows local midnights across a DST change, like Postgres date_trunc AT TIME ZONE', () => {
    const paris = zonedCalendar('Europe/Paris');
    expect(iso(paris.truncate(at('2026-10-24T12:00:00Z'), 'day'))).toBe('2026-10-23T22:00:00.000Z'); // CEST
    expect(iso(paris.truncate(at('2026-10-26T12:00:00Z'), 'day'))).toBe('2026-10-25T23:00:00.000Z'); // CET
    expect(iso(paris.add(at('2026-10-24T22:00:00Z'), 'day', 1))).toBe('2026-10-25T23:00:00.000Z'); // a 25-hour day
    expect(iso(paris.truncate(at('2026-11-01T00:30:00Z'), 'month'))).toBe('2026-10-31T23:00:00.000Z');
    expect(iso(paris.truncate(at('2026-03-29T12:00:00Z'), 'week'))).toBe('2026-03-22T23:00:00.000Z');
    const kolkata = zonedCalendar('Asia/Kolkata');
    expect(iso(kolkata.truncate(at('2026-11-20T12:10:00Z'), 'hour'))).toBe('2026-11-20T11:30:00.000Z');
    expect(iso(kolkata.truncate(at('2026-11-20T12:10:00Z'), 'day'))).toBe('2026-11-19T18:30:00.000Z');
  });

  it('knows IANA names', () => {
    expect(canonicalTimeZone('Europe/Paris')).toBe('Europe/Paris');
    expect(canonicalTimeZone('Mars/Olympus')).toBeUndefined();
  });
});
