import type { CanonicalEvent } from '@tally/core';
import { utcDay } from './buckets.ts';
import { MAX_DIMENSION_VALUE } from './event-path.ts';

/** Events that make a user active: product telemetry with a user id (README "Active users"). */
export function isActivity(event: CanonicalEvent): event is CanonicalEvent & { userId: string } {
  return event.userId !== undefined && event.type.startsWith('product.');
}

export interface ActivityRow {
  tenant: string;
  day: string;
  userId: string;
  customerId: string;
  events: number;
}

export interface FeatureRow extends ActivityRow {
  feature: string;
}

/** `user_activity_daily` and `feature_activity_daily` changes of one batch, one row per key. */
export class ActivityDeltas {
  readonly #users = new Map<string, ActivityRow>();
  readonly #features = new Map<string, FeatureRow>();

  addEvent(event: CanonicalEvent, atMs: number): void {
    if (!isActivity(event)) return;
    const day = utcDay(atMs);
    const customerId = event.customerId ?? '';
    const key = `${event.tenant}\u0000${day}\u0000${event.userId}\u0000${customerId}`;
    const row = this.#users.get(key);
    if (row) row.events += 1;
    else this.#users.set(key, { tenant: event.tenant, day, userId: event.userId, customerId, events: 1 });

    const feature = event.type === 'product.feature_used' ? event.properties.feature : undefined;
    if (typeof feature !== 'string' || feature === '') return;
    const name = feature.slice(0, MAX_DIMENSION_VALUE);
    const fkey = `${key}\u0000${name}`;
    const frow = this.#features.get(fkey);
    if (frow) frow.events += 1;
    else this.#features.set(fkey, { tenant: event.tenant, day, userId: event.userId, customerId, feature: name, events: 1 });
  }

  users(): ActivityRow[] {
    return sortedValues(this.#users);
  }

  features(): FeatureRow[] {
    return sortedValues(this.#features);
  }
}

function sortedValues<T>(map: Map<string, T>): T[] {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}
