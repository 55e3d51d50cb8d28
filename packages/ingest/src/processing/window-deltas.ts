/**
 * Active users per trailing window, incrementally. A user active on day a counts in window W on days
 * a … a + W − 1; a day joining the user's active days adds +1 on exactly the days it covers that the user's
 * other active days did not. Days are day numbers (days since 1970-01-01, UTC).
 */

/** One user's presence on a day, within a customer ('' = events without a customer). */
export interface PresenceDay {
  day: number;
  customerId: string;
}

/** Days on which one user newly counts in window `windowDays`: over every customer (scope `all`) or within `customerId`. */
export interface WindowDelta {
  windowDays: number;
  scope: 'all' | 'customer';
  /** '' for scope `all`. */
  customerId: string;
  /** Ascending day numbers, each +1 user. */
  days: number[];
}

/** A row of `active_users_window` to add to: +users on `day`. */
export interface WindowRow {
  tenant: string;
  windowDays: number;
  scope: 'all' | 'customer';
  customerId: string;
  day: number;
  users: number;
}

/** Whether some day of `sorted` (ascending) lies in [x − window + 1, x]. */
function covered(sorted: readonly number[], x: number, window: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && sorted[lo - 1]! > x - window;
}

const ascending = (days: Iterable<number>) => [...new Set(days)].sort((a, b) => a - b);

/**
 * The days on which a user newly counts in a `window`-day trailing window when `added` days join `existing`
 * ones (ascending, each once). Existing days only matter within `window − 1` days of an added one.
 */
export function newlyCoveredDays(existing: readonly number[], added: readonly number[], window: number): number[] {
  const before = ascending(existing);
  const out: number[] = [];
  let next = -Infinity;
  for (const a of ascending(added)) {
    for (let x = Math.max(a, next); x < a + window; x++) if (!covered(before, x, window)) out.push(x);
    next = Math.max(next, a + window);
  }
  return out;
}

/**
 * One user's window changes when `added` presence rows join `existing` ones: per window, for the user over
 * every customer (a day is new there only if no customer had it) and within each customer of an added row.
 */
export function userWindowDeltas(existing: readonly PresenceDay[], added: readonly PresenceDay[], windows: readonly number[]): WindowDelta[] {
  if (added.length === 0) return [];
  const out: WindowDelta[] = [];
  const emit = (scope: WindowDelta['scope'], customerId: string, before: number[], after: number[]) => {
    for (const windowDays of windows) {
      const days = newlyCoveredDays(before, after, windowDays);
      if (days.length > 0) out.push({ windowDays, scope, customerId, days });
    }
  };
  emit('all', '', existing.map((p) => p.day), added.map((p) => p.day));
  const customers = new Set(added.map((p) => p.customerId));
  for (const c of [...customers].sort()) {
    emit('customer', c, existing.filter((p) => p.customerId === c).map((p) => p.day), added.filter((p) => p.customerId === c).map((p) => p.day));
  }
  return out;
}

/** Window changes of a batch, summed per row: however many users touch a row, it is one upsert. */
export class WindowDeltas {
  /** Per (tenant, window, scope, customer): day → users. */
  readonly #groups = new Map<string, { tenant: string; windowDays: number; scope: WindowDelta['scope']; customerId: string; days: Map<number, number> }>();

  /** Adds one user's changes. */
  add(tenant: string, deltas: readonly WindowDelta[]): void {
    for (const d of deltas) {
      const key = `${tenant}\u0000${d.windowDays}\u0000${d.scope}\u0000${d.customerId}`;
      let group = this.#groups.get(key);
      if (!group) this.#groups.set(key, (group = { tenant, windowDays: d.windowDays, scope: d.scope, customerId: d.customerId, days: new Map() }));
      for (const day of d.days) group.days.set(day, (group.days.get(day) ?? 0) + 1);
    }
  }

  /** The rows sorted by the table's key (tenant, window, scope, customer, day): concurrent writers lock rows in one order. */
  rows(): WindowRow[] {
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const groups = [...this.#groups.values()].sort(
      (a, b) => cmp(a.tenant, b.tenant) || a.windowDays - b.windowDays || cmp(a.scope, b.scope) || cmp(a.customerId, b.customerId),
    );
    const out: WindowRow[] = [];
    for (const g of groups) {
      for (const day of [...g.days.keys()].sort((a, b) => a - b)) {
        out.push({ tenant: g.tenant, windowDays: g.windowDays, scope: g.scope, customerId: g.customerId, day, users: g.days.get(day)! });
      }
    }
    return out;
  }
}
