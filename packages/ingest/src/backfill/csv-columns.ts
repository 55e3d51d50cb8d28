/**
 * The header of a backfill CSV: canonical columns `id`, `type`, `occurredAt`, `customerId`, `userId`,
 * `revenue.amountMinor`, `revenue.currency`, and any number of `properties.<name>` columns. Property values
 * stay text unless the header says `properties.<name>:number`.
 */
export type Column =
  | { kind: 'field'; name: 'id' | 'type' | 'occurredAt' | 'customerId' | 'userId' }
  | { kind: 'revenue'; name: 'amountMinor' | 'currency' }
  | { kind: 'property'; name: string; number: boolean };

const FIELDS = new Set(['id', 'type', 'occurredAt', 'customerId', 'userId']);
const REQUIRED = ['id', 'type', 'occurredAt'];
const PROPERTY = /^properties\.([^:]{1,128})(:number)?$/;
const EXPECTED = 'id, type, occurredAt, customerId, userId, revenue.amountMinor, revenue.currency or properties.<name>[:number]';

type Parsed<T> = ({ ok: true } & T) | { ok: false; message: string };

/** The columns of a header row, or why the header cannot be used (then no row of the file can). */
export function parseHeader(names: readonly string[]): Parsed<{ columns: Column[] }> {
  const columns: Column[] = [];
  const seen = new Set<string>();
  for (const raw of names) {
    const name = raw.trim();
    const property = PROPERTY.exec(name);
    const key = property ? `properties.${property[1]}` : name;
    if (seen.has(key)) return { ok: false, message: `duplicate column ${JSON.stringify(key)}` };
    seen.add(key);
    if (FIELDS.has(name)) columns.push({ kind: 'field', name: name as 'id' });
    else if (name === 'revenue.amountMinor') columns.push({ kind: 'revenue', name: 'amountMinor' });
    else if (name === 'revenue.currency') columns.push({ kind: 'revenue', name: 'currency' });
    else if (property) columns.push({ kind: 'property', name: property[1]!, number: property[2] !== undefined });
    else return { ok: false, message: `unknown column ${JSON.stringify(name)} (expected ${EXPECTED})` };
  }
  const missing = REQUIRED.filter((name) => !seen.has(name));
  if (missing.length > 0) return { ok: false, message: `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` };
  return { ok: true, columns };
}

/**
 * A backfill item from one row; empty cells are left out. `revenue.amountMinor` becomes a number when it is
 * an integer (otherwise it stays text and the backfill connector refuses it, naming the field).
 */
export function rowToItem(columns: readonly Column[], fields: readonly string[]): Parsed<{ item: Record<string, unknown> }> {
  if (fields.length !== columns.length) return { ok: false, message: `expected ${columns.length} fields, got ${fields.length}` };
  const item: Record<string, unknown> = {};
  const properties: Record<string, unknown> = {};
  let revenue: Record<string, unknown> | undefined;
  for (let i = 0; i < columns.length; i += 1) {
    const column = columns[i]!;
    const cell = fields[i]!;
    if (cell === '') continue;
    if (column.kind === 'field') item[column.name] = cell;
    else if (column.kind === 'revenue') {
      revenue ??= {};
      revenue[column.name] = column.name === 'amountMinor' && /^-?\d{1,16}$/.test(cell.trim()) ? Number(cell.trim()) : cell;
    } else if (column.number) {
      const value = cell.trim() === '' ? Number.NaN : Number(cell);
      if (!Number.isFinite(value)) return { ok: false, message: `properties.${column.name}: expected a number, got ${JSON.stringify(cell)}` };
      properties[column.name] = value;
    } else {
      properties[column.name] = cell;
    }
  }
  if (revenue) item.revenue = revenue;
  item.properties = properties;
  return { ok: true, item };
}
