import { describe, expect, it } from 'vitest';
import { archiveFileName, dayStart, formatDay, nextMonth, parseDay } from './days.ts';

describe('UTC days', () => {
  it('parses real calendar dates only', () => {
    expect(parseDay('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseDay('2023-02-29')).toBeUndefined();
    expect(parseDay('2024-13-01')).toBeUndefined();
    expect(parseDay('2024-3-5')).toBeUndefined();
    expect(parseDay('2024-03-05T00:00:00Z')).toBeUndefined();
  });

  it('formats, truncates and steps days and months', () => {
    expect(formatDay(Date.parse('2024-03-05T23:59:59.999Z'))).toBe('2024-03-05');
    expect(dayStart(Date.parse('2024-03-05T12:00:00Z'))).toBe(Date.UTC(2024, 2, 5));
    expect(nextMonth(Date.UTC(2024, 11, 1))).toBe(Date.UTC(2025, 0, 1));
    expect(archiveFileName('2024-03-05')).toBe('events-2024-03-05.ndjson.gz');
  });
});
