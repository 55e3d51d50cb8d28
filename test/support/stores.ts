/**
 * Migrated stores of both adapters for tests that must give the same answer on each: Postgres in a fresh
 * schema of this run's database (dropped by `close`), and an in-memory PGlite.
 */
import postgres from 'postgres';
import { MIGRATIONS, openPGliteStore, openPostgresStore, type Store } from '@tally/core';
import { testDatabaseUrl, uniqueName } from './services.ts';

export type StoreKind = 'postgres' | 'pglite';
export const STORE_KINDS: readonly StoreKind[] = ['postgres', 'pglite'];

export interface TestStore {
  store: Store;
  /** Closes the store and removes what it created. */
  close(): Promise<void>;
}

/** A fresh, migrated store of the given kind. */
export async function openTestStore(kind: StoreKind): Promise<TestStore> {
  if (kind === 'pglite') {
    const store = await openPGliteStore();
    await store.migrate(MIGRATIONS);
    return { store, close: () => store.close() };
  }
  const schema = uniqueName('t');
  const store = await openPostgresStore({ url: testDatabaseUrl(), schema, poolSize: 4 });
  await store.migrate(MIGRATIONS);
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
