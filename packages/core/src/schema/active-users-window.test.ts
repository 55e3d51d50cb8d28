import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl, uniqueName } from '../../../../test/support/services.ts';
import { openPGliteStore } from '../store/pglite-store.ts';
import { openPostgresStore } from '../store/postgres-store.ts';
import type { Store } from '../store/store.ts';
import { ACTIVE_USER_WINDOWS, MIGRATION_6_WINDOWS } from './active-users-window.ts';
import { MIGRATIONS } from './migrations.ts';

/** (tenant, user, customer, day) presence rows written before the upgrade. */
const PRESENCE: [string, string, string, string][] = [
  ['acme', 'u1', 'c1', '2026-10-01'],
  ['acme', 'u1', 'c1', '2026-10-02'],
  ['acme', 'u1', 'c2', '2026-10-02'],
  ['acme', 'u1', 'c1', '2026-10-20'],
  ['acme', 'u2', 'c1', '2026-10-05'],
  ['acme', 'u2', '', '2026-11-30'],
  ['acme', 'u3', 'c2', '2026-10-09'],
  ['globex', 'u1', 'g1', '2026-10-02'],
];

/** The rows by definition: a user active on day a counts in window W on days a … a + W − 1. */
function expected(): string[] {
  const sets = new Map<string, Set<string>>();
  const add = (key: string, user: string) => {
    let s = sets.get(key);
    if (!s) sets.set(key, (s = new Set()));
    s.add(user);
  };
  for (const [tenant, user, customer, day] of PRESENCE) {
    for (const w of MIGRATION_6_WINDOWS) {
      for (let k = 0; k < w; k++) {
        const d = new Date(Date.parse(day) + k * 86_400_000).toISOString().slice(0, 10);
        add(`${tenant}|${w}|all||${d}`, user);
        add(`${tenant}|${w}|customer|${customer}|${d}`, user);
      }
    }
  }
  return [...sets].map(([key, users]) => `${key}|${users.size}`).sort();
}

type Kind = 'postgres' | 'pglite';

async function open(kind: Kind): Promise<{ store: Store; close(): Promise<void> }> {
  if (kind === 'pglite') {
    const store = await openPGliteStore();
    return { store, close: () => store.close() };
  }
  const schema = uniqueName('t');
  const store = await openPostgresStore({ url: testDatabaseUrl(), schema, poolSize: 2 });
  return {
    store,
    async close() {
      await store.close();
      const sql = postgres(testDatabaseUrl(), { max: 1, onnotice: () => {} });
      await sql.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await sql.end();
    },
  };
}

describe.each(['postgres', 'pglite'] as const)('migration 6 on %s', (kind) => {
  let t: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    t = await open(kind);
  });
  afterAll(() => t.close());

  it('back-fills active users per window from the activity an upgraded database already holds', async () => {
    await t.store.migrate(MIGRATIONS.filter((m) => m.version < 6));
    await t.store.query(
      `INSERT INTO user_activity_daily (tenant, user_id, customer_id, day) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[])`,
      [0, 1, 2, 3].map((i) => PRESENCE.map((p) => p[i])),
    );
    expect(await t.store.migrate(MIGRATIONS.filter((m) => m.version <= 6))).toEqual({ applied: [6], skipped: [1, 2, 3, 4, 5] });
    const rows = await t.store.query<{ key: string }>(
      `SELECT tenant || '|' || window_days || '|' || scope || '|' || customer_id || '|' || to_char(day, 'YYYY-MM-DD') || '|' || users AS key FROM active_users_window`,
    );
    expect(rows.map((r) => r.key).sort()).toEqual(expected());
  });
});

describe('active user windows', () => {
  it('are the catalog\'s, and every one of them was back-filled by a migration', () => {
    expect(ACTIVE_USER_WINDOWS).toEqual([1, 7, 30]);
    // A window added to the catalog needs a migration that back-fills it (activeUsersWindowSql([w])).
    expect(MIGRATION_6_WINDOWS).toEqual(expect.arrayContaining([...ACTIVE_USER_WINDOWS]));
  });
});
