import type { Granularity } from '@tally/client-sdk';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Calendar arithmetic in one IANA time zone, on epoch milliseconds: bucket starts (local hour, day,
 * Monday-start week, month) and steps of whole local units. Postgres' `date_trunc(unit, t AT TIME ZONE tz)`
 * gives the same instants, which is what lets SQL and these bucket lists meet.
 */
export interface ZonedCalendar {
  readonly timezone: string;
  /** Start of the bucket holding `ms`. */
  truncate(ms: number, granularity: Granularity): number;
  /** `ms` moved by `n` local units (hours are absolute; days, weeks and months follow the wall clock). */
  add(ms: number, unit: Granularity, n: number): number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone, hourCycle: 'h23',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** The zone's canonical name, or undefined when Intl does not know it. */
export function canonicalTimeZone(timezone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: timezone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** UTC offset (ms) of the zone at an instant. */
function offsetAt(timezone: string, ms: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timezone).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The calendar of one zone; `UTC` takes a fast path. */
export function zonedCalendar(timezone: string): ZonedCalendar {
  const utc = timezone === 'UTC';
  const offset = (ms: number) => (utc ? 0 : offsetAt(timezone, ms));
  // Wall clock as a UTC instant, and back (the second look settles instants next to a DST change).
  const toWall = (ms: number) => ms + offset(ms);
  const fromWall = (wall: number) => {
    const first = wall - offset(wall);
    const second = wall - offset(first);
    return second;
  };
  const truncateWall = (wall: number, g: Granularity): number => {
    const d = new Date(wall);
    switch (g) {
      case 'hour': return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours());
      case 'day': return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      case 'week': return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - ((d.getUTCDay() + 6) % 7) * DAY_MS;
      case 'month': return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    }
  };
  return {
    timezone,
    truncate(ms, g) {
      if (g === 'hour') {
        const t = fromWall(truncateWall(toWall(ms), 'hour'));
        return t > ms ? t - HOUR_MS : t;
      }
      return fromWall(truncateWall(toWall(ms), g));
    },
    add(ms, unit, n) {
      if (unit === 'hour') return ms + n * HOUR_MS;
      const d = new Date(toWall(ms));
      const wall = unit === 'month'
        ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes())
        : Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + n * (unit === 'week' ? 7 : 1), d.getUTCHours(), d.getUTCMinutes());
      return fromWall(wall);
    },
  };
}
