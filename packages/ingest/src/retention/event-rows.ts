import { TallyError, type ColumnSpec, type Row } from '@tally/core';

/** The columns of `events`, in table order: the keys of every archived line and the restore's insert. */
export const EVENT_COLUMNS: readonly ColumnSpec[] = [
  { name: 'tenant', type: 'text' },
  { name: 'id', type: 'text' },
  { name: 'source', type: 'text' },
  { name: 'type', type: 'text' },
  { name: 'occurred_at', type: 'timestamptz' },
  { name: 'received_at', type: 'timestamptz' },
  { name: 'customer_id', type: 'text' },
  { name: 'user_id', type: 'text' },
  { name: 'properties', type: 'jsonb' },
  { name: 'revenue_minor', type: 'bigint' },
  { name: 'currency', type: 'text' },
  { name: 'schema_version', type: 'integer' },
];

// Timestamps leave the database as ISO text in UTC: milliseconds as JavaScript writes them, and
// microseconds only when the value has them, so no precision is lost on the way back.
const iso = (column: string) => `CASE WHEN date_part('microseconds', ${column})::bigint % 1000 = 0
  THEN to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  ELSE to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') END AS ${column}`;

/** The select list that reads an `events` row in archive form. */
export const EVENT_SELECT_LIST = EVENT_COLUMNS.map((c) => (c.type === 'timestamptz' ? iso(c.name) : c.name)).join(', ');

/** One archived line (without its newline): the row as a JSON object with the columns in table order. */
export function toArchiveLine(row: Row): string {
  const ordered: Record<string, unknown> = {};
  for (const c of EVENT_COLUMNS) ordered[c.name] = row[c.name] ?? null;
  return JSON.stringify(ordered);
}

const TYPE_OF: Record<ColumnSpec['type'], (v: unknown) => boolean> = {
  text: (v) => typeof v === 'string',
  timestamptz: (v) => typeof v === 'string',
  integer: (v) => Number.isInteger(v),
  bigint: (v) => Number.isInteger(v),
  jsonb: () => true,
  'double precision': (v) => typeof v === 'number',
  boolean: (v) => typeof v === 'boolean',
  uuid: (v) => typeof v === 'string',
  date: (v) => typeof v === 'string',
};
const NULLABLE = new Set(['customer_id', 'user_id', 'revenue_minor', 'currency']);

/**
 * The values of one archived line, in {@link EVENT_COLUMNS} order, for `buildInsertMany`. Throws
 * `invalid_argument` naming `where` (file and line) when the line is not an archived event row.
 */
export function fromArchiveLine(line: string, where: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (err) {
    throw new TallyError('invalid_argument', `${where}: not valid JSON (${(err as Error).message})`, { field: where, cause: err });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new TallyError('invalid_argument', `${where}: expected an object`, { field: where });
  }
  const record = parsed as Record<string, unknown>;
  return EVENT_COLUMNS.map((c) => {
    const v = record[c.name];
    if (v === null && NULLABLE.has(c.name)) return null;
    if (v === undefined || v === null || !TYPE_OF[c.type](v)) {
      throw new TallyError('invalid_argument', `${where}: ${c.name}: expected ${c.type}, got ${JSON.stringify(v) ?? 'nothing'}`, { field: where });
    }
    return v;
  });
}
