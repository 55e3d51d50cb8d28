import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTallyError } from '../errors.ts';
import { buildInsertMany } from './insert-many.ts';
import type { Migration, Store } from './store.ts';

/** Opens a store on a fresh schema or folder and says how to remove it afterwards. */
export type OpenTestStore = () => Promise<{ store: Store; open: () => Promise<Store>; cleanup: () => Promise<void> }>;

const migrations: Migration[] = [
  { version: 1, name: 'create accounts', sql: 'CREATE TABLE accounts (id text PRIMARY KEY, name text NOT NULL, seats bigint NOT NULL DEFAULT 0)' },
  { version: 2, name: 'create notes', sql: 'CREATE TABLE notes (id serial PRIMARY KEY, body jsonb NOT NULL, at timestamptz NOT NULL);\nCREATE INDEX notes_at ON notes (at)' },
];

/** The store port's contract: every adapter passes the same suite. */
export function describeStoreContract(name: string, openTestStore: OpenTestStore): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let open: () => Promise<Store>;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      ({ store, open, cleanup } = await openTestStore());
    }, 60_000);
    afterAll(async () => {
      await store?.close();
      await cleanup?.();
    });

    it('applies migrations once; running them again changes nothing', async () => {
      const first = await store.migrate(migrations);
      expect(first).toEqual({ applied: [1, 2], skipped: [] });
      await store.query('INSERT INTO accounts (id, name) VALUES ($1, $2)', ['a1', 'Acme']);
      const second = await store.migrate(migrations);
      expect(second).toEqual({ applied: [], skipped: [1, 2] });
      expect(await store.query('SELECT id, name FROM accounts')).toEqual([{ id: 'a1', name: 'Acme' }]);
    });

    it('refuses a migration whose text changed after it was applied', async () => {
      const changed = [{ ...migrations[0]!, sql: 'CREATE TABLE accounts (id text)' }];
      await expect(store.migrate(changed)).rejects.toSatisfy((err) => isTallyError(err, 'migration_conflict'));
    });

    it('applies a later migration and rolls back a failing one whole', async () => {
      const bad: Migration = { version: 4, name: 'half', sql: 'CREATE TABLE half (id int);\nSELECT * FROM no_such_table' };
      await expect(store.migrate([...migrations, bad])).rejects.toSatisfy((err) => isTallyError(err, 'store_query_failed'));
      expect(await store.query(`SELECT to_regclass('half') AS t`)).toEqual([{ t: null }]);
      const good: Migration = { version: 3, name: 'add plan', sql: 'ALTER TABLE accounts ADD COLUMN plan text' };
      expect(await store.migrate([...migrations, good])).toEqual({ applied: [3], skipped: [1, 2] });
    });

    it('binds parameters: hostile text is stored verbatim, never executed', async () => {
      const hostile = "x'); DROP TABLE accounts; --";
      await store.query('INSERT INTO accounts (id, name) VALUES ($1, $2)', ['evil', hostile]);
      const rows = await store.query<{ name: string }>('SELECT name FROM accounts WHERE id = $1', ['evil']);
      expect(rows).toEqual([{ name: hostile }]);
    });

    it('returns int8 as numbers, jsonb as objects and timestamptz as dates', async () => {
      await store.query('INSERT INTO notes (body, at) VALUES ($1::jsonb, $2)', [JSON.stringify({ a: [1, 'two'] }), '2026-03-01T10:00:00Z']);
      const [row] = await store.query<{ n: number; body: unknown; at: Date }>('SELECT count(*) AS n, min(body::text)::jsonb AS body, min(at) AS at FROM notes');
      expect(row).toEqual({ n: 1, body: { a: [1, 'two'] }, at: new Date('2026-03-01T10:00:00Z') });
    });

    it('commits a transaction that resolves and rolls back one that throws', async () => {
      await store.transaction(async (tx) => {
        await tx.query('INSERT INTO accounts (id, name) VALUES ($1, $2)', ['t1', 'Kept']);
      });
      await expect(
        store.transaction(async (tx) => {
          await tx.query('INSERT INTO accounts (id, name) VALUES ($1, $2)', ['t2', 'Lost']);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      const rows = await store.query<{ id: string }>("SELECT id FROM accounts WHERE id IN ('t1', 't2') ORDER BY id");
      expect(rows.map((r) => r.id)).toEqual(['t1']);
    });

    it('inserts a batch in one statement and ignores duplicates on conflict', async () => {
      const rows = Array.from({ length: 2500 }, (_, i) => [`b${i}`, `Batch ${i}`, i]);
      const cols = [
        { name: 'id', type: 'text' },
        { name: 'name', type: 'text' },
        { name: 'seats', type: 'bigint' },
      ] as const;
      const insert = buildInsertMany('accounts', cols, rows, 'ON CONFLICT (id) DO NOTHING');
      await store.query(insert.sql, insert.params);
      const again = buildInsertMany('accounts', cols, rows.slice(0, 10), 'ON CONFLICT (id) DO NOTHING RETURNING id');
      expect(await store.query(again.sql, again.params)).toEqual([]);
      const [sum] = await store.query<{ n: number; seats: number }>("SELECT count(*) AS n, sum(seats)::bigint AS seats FROM accounts WHERE id LIKE 'b%'");
      expect(sum).toEqual({ n: 2500, seats: (2499 * 2500) / 2 });
    });

    it('reports its capabilities, TimescaleDB included', async () => {
      const caps = await store.capabilities();
      expect(caps.adapter).toBe(store.adapter);
      expect(caps.serverVersion).toMatch(/^\d+/);
      expect(caps.timescale === null || /^\d+\.\d+/.test(caps.timescale)).toBe(true);
    });

    it('keeps committed data across close and reopen', async () => {
      await store.close();
      store = await open();
      const rows = await store.query<{ id: string }>("SELECT id FROM accounts WHERE id = 't1'");
      expect(rows).toEqual([{ id: 't1' }]);
      expect((await store.migrate(migrations)).applied).toEqual([]);
    }, 60_000);

    it('answers a bad query with a clear error and stays usable', async () => {
      await expect(store.query('SELECT * FROM nowhere')).rejects.toSatisfy(
        (err) => isTallyError(err, 'store_query_failed') && /nowhere/.test((err as Error).message),
      );
      expect(await store.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    });
  });
}
