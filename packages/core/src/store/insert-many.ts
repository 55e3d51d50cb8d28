import { TallyError } from '../errors.ts';

/** A column of a batched insert: its name and SQL type (used for the array cast). */
export interface ColumnSpec {
  name: string;
  type: 'text' | 'integer' | 'bigint' | 'double precision' | 'boolean' | 'timestamptz' | 'jsonb' | 'uuid' | 'date';
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Builds one `INSERT … SELECT FROM unnest(…)` statement for many rows: one bound array per column, so a
 * batch of thousands of rows is one round trip with a handful of parameters on both Postgres and PGlite.
 * `jsonb` values are passed as JSON text.
 *
 * @example
 * const { sql, params } = buildInsertMany('events', [{ name: 'id', type: 'text' }], [['a'], ['b']], 'ON CONFLICT DO NOTHING');
 * await store.query(sql, params);
 */
export function buildInsertMany(
  table: string,
  columns: readonly ColumnSpec[],
  rows: readonly (readonly unknown[])[],
  suffix = '',
): { sql: string; params: unknown[][] } {
  if (!IDENT.test(table)) throw new TallyError('invalid_argument', `invalid table: ${table}`, { field: 'table' });
  for (const c of columns) {
    if (!IDENT.test(c.name)) throw new TallyError('invalid_argument', `invalid column: ${c.name}`, { field: 'columns' });
  }
  const params: unknown[][] = columns.map(() => new Array<unknown>(rows.length));
  rows.forEach((row, r) => {
    if (row.length !== columns.length) {
      throw new TallyError('invalid_argument', `row ${r}: expected ${columns.length} values, got ${row.length}`, {
        field: `rows[${r}]`,
      });
    }
    columns.forEach((c, i) => {
      const v = row[i];
      params[i]![r] = c.type === 'jsonb' && v !== null && v !== undefined ? JSON.stringify(v) : (v ?? null);
    });
  });
  const names = columns.map((c) => c.name).join(', ');
  const arrays = columns
    .map((c, i) => `$${i + 1}::${c.type === 'jsonb' ? 'text' : c.type}[]`)
    .join(', ');
  const select = columns.map((c, i) => (c.type === 'jsonb' ? `c${i}::jsonb` : `c${i}`)).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  const sql = `INSERT INTO ${table} (${names}) SELECT ${select} FROM unnest(${arrays}) AS t(${aliases}) ${suffix}`.trim();
  return { sql, params };
}
