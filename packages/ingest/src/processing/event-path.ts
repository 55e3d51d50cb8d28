import type { CanonicalEvent, EventMatch, EventPath } from '@tally/core';

/**
 * The value at a catalog path of an event as a dimension string or number: `type`, `source`, `customerId`,
 * `userId`, `revenue.amountMinor`, `revenue.currency`, `properties.a.b`. Objects and arrays count as absent.
 */
export function readPath(event: CanonicalEvent, path: EventPath): string | number | undefined {
  let value: unknown;
  if (path.startsWith('properties.')) {
    value = event.properties;
    for (const part of path.slice('properties.'.length).split('.')) {
      if (typeof value !== 'object' || value === null) return undefined;
      value = (value as Record<string, unknown>)[part];
    }
  } else if (path.startsWith('revenue.')) {
    value = event.revenue?.[path.slice('revenue.'.length) as 'amountMinor' | 'currency'];
  } else {
    value = (event as unknown as Record<string, unknown>)[path];
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

/** Whether an event satisfies a catalog match. */
export function matches(event: CanonicalEvent, match: EventMatch): boolean {
  if (match.types && !match.types.includes(event.type)) return false;
  if (match.typePrefix && !event.type.startsWith(match.typePrefix)) return false;
  if (match.where) {
    const value = readPath(event, match.where.path);
    if (value === undefined || !match.where.in.some((v) => String(v) === String(value))) return false;
  }
  return true;
}

/** Dimension values are capped so one hostile property cannot blow up a rollup key (core's one constant). */
export { MAX_DIMENSION_VALUE } from '@tally/core';
