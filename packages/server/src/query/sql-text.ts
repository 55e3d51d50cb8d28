import type { Granularity } from '@tally/client-sdk';

/**
 * Collects bound parameters while a statement is assembled: every value goes through {@link SqlParams.add}
 * and only its `$n` placeholder reaches the text. Identifiers in the text come from the catalog or are fixed.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  /** Binds a value; returns its placeholder, with a cast when given (`text[]`, `timestamptz`). */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }
}

/** A timestamptz expression as epoch milliseconds (float8, so both drivers return a number). */
export const epochMs = (expr: string): string => `(extract(epoch FROM ${expr}) * 1000)::float8`;

/** An ISO instant for a timestamptz parameter. */
export const iso = (ms: number): string => new Date(ms).toISOString();

/** Start of the local bucket holding a timestamptz column; the zone is a bound parameter. */
export function truncSql(column: string, granularity: Granularity, tzParam: string): string {
  return `(date_trunc('${granularity}', ${column} AT TIME ZONE ${tzParam}) AT TIME ZONE ${tzParam})`;
}
