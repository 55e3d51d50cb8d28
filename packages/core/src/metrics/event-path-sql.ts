import type { EventPath } from './metric.ts';

/** Dimension values longer than this are cut, by the aggregator and by every raw read that must match it. */
export const MAX_DIMENSION_VALUE = 200;

/**
 * The SQL expression over a row of `events` for a catalog path (`type`, `revenue.currency`,
 * `properties.a.b`, …), as text; objects and arrays count as absent (NULL), as in the aggregator.
 * `jsonPath` renders a `properties` path as a `text[]` literal or a bound parameter.
 */
export function eventPathSql(path: EventPath, jsonPath: (parts: string[]) => string): string {
  switch (path) {
    case 'type': return 'type';
    case 'source': return 'source';
    case 'customerId': return 'customer_id';
    case 'userId': return 'user_id';
    case 'revenue.amountMinor': return 'revenue_minor::text';
    case 'revenue.currency': return 'currency';
  }
  if (!path.startsWith('properties.')) throw new Error(`unsupported catalog path ${path}`);
  const json = `properties #> ${jsonPath(path.slice('properties.'.length).split('.'))}`;
  return `(CASE WHEN jsonb_typeof(${json}) IN ('string', 'number', 'boolean') THEN ${json} #>> '{}' END)`;
}
