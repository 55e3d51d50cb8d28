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
}

export interface FeatureRow extends ActivityRow {
  feature: string;
}

/**
 * `user_activity_daily` and `feature_activity_daily` rows of one batch: presence, one row per key. Keys in
 * `seen` (written by an earlier committed batch of this process) are left out: the row is already there.
 */
export class ActivityDeltas {
  readonly #users = new Map<string, ActivityRow>();
  readonly #features = new Map<string, FeatureRow>();
  readonly #seen: SeenKeys;

  constructor(seen: SeenKeys = new SeenKeys()) {
    this.#seen = seen;
  }

  addEvent(event: CanonicalEvent, atMs: number): void {
    if (!isActivity(event)) return;
    const day = utcDay(atMs);
    const customerId = event.customerId ?? '';
    const key = `${event.tenant}\u0000${day}\u0000${event.userId}\u0000${customerId}`;
    if (!this.#users.has(key) && !this.#seen.has(key)) this.#users.set(key, { tenant: event.tenant, day, userId: event.userId, customerId });

    const feature = event.type === 'product.feature_used' ? event.properties.feature : undefined;
    if (typeof feature !== 'string' || feature === '') return;
    const name = feature.slice(0, MAX_DIMENSION_VALUE);
    const fkey = `${key}\u0000${name}`;
    if (!this.#features.has(fkey) && !this.#seen.has(fkey)) this.#features.set(fkey, { tenant: event.tenant, day, userId: event.userId, customerId, feature: name });
  }

  users(): ActivityRow[] {
    return sortedValues(this.#users);
  }

  features(): FeatureRow[] {
    return sortedValues(this.#features);
  }

  /** After the batch committed: its keys are known to be stored. */
  committed(): void {
    for (const key of this.#users.keys()) this.#seen.add(key);
    for (const key of this.#features.keys()) this.#seen.add(key);
  }
}

/**
 * Activity keys this process knows are stored, bounded: two generations of at most `limit` keys each; a
 * forgotten key costs one `ON CONFLICT DO NOTHING` row, never a wrong answer.
 */
export class SeenKeys {
  #current = new Set<string>();
  #previous = new Set<string>();
  readonly #limit: number;

  constructor(limit = 250_000) {
    this.#limit = limit;
  }

  has(key: string): boolean {
    return this.#current.has(key) || this.#previous.has(key);
  }

  add(key: string): void {
    if (this.#current.size >= this.#limit) {
      this.#previous = this.#current;
      this.#current = new Set();
    }
    this.#current.add(key);
  }
}

function sortedValues<T>(map: Map<string, T>): T[] {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}
