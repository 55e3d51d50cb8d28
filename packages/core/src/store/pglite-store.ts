import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { TallyError } from '../errors.ts';
import { runMigrations } from './migrate.ts';
import type { Migration, MigrationReport, Row, SqlExecutor, Store, StoreCapabilities } from './store.ts';

/** Options for {@link openPGliteStore}. */
export interface PGliteStoreOptions {
  /** Folder that holds the database. Omit for an in-memory database (lost on close). */
  dataDir?: string;
}

function toTallyError(err: unknown): TallyError {
  const e = err as { code?: string; message?: string };
  return new TallyError('store_query_failed', `pglite: ${e.message ?? String(err)}${e.code ? ` (${e.code})` : ''}`, {
    cause: err,
  });
}

function executor(db: PGlite | Transaction): SqlExecutor {
  return {
    async query<T extends Row = Row>(text: string, params: readonly unknown[] = []): Promise<T[]> {
      try {
        const result = await db.query<T>(text, params as unknown[]);
        return result.rows;
      } catch (err) {
        throw toTallyError(err);
      }
    },
    async exec(text: string): Promise<void> {
      try {
        await db.exec(text);
      } catch (err) {
        throw toTallyError(err);
      }
    },
  };
}

/**
 * Opens the embedded adapter of the store port: Postgres compiled to WebAssembly, in a data folder on disk.
 * One PGlite instance is one connection; PGlite queues concurrent callers, and a transaction holds the
 * connection until it ends.
 */
export async function openPGliteStore(options: PGliteStoreOptions = {}): Promise<Store> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  let db: PGlite;
  try {
    db = await PGlite.create(options.dataDir, {
      parsers: { 20: (value: string) => Number(value) },
    });
  } catch (err) {
    throw new TallyError('store_unavailable', `pglite could not open ${options.dataDir ?? 'memory'}: ${String(err)}`, {
      cause: err,
    });
  }
  const base = executor(db);
  const transaction = async <T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> => {
    try {
      return await db.transaction((tx) => fn(executor(tx)));
    } catch (err) {
      throw err instanceof TallyError ? err : toTallyError(err);
    }
  };

  const store: Store = {
    adapter: 'pglite',
    query: base.query,
    exec: base.exec,
    transaction,
    async capabilities(): Promise<StoreCapabilities> {
      const [row] = await base.query<{ server_version: string }>(`SELECT current_setting('server_version') AS server_version`);
      // TimescaleDB is not available for PGlite: the plain path is used.
      return { adapter: 'pglite', serverVersion: row?.server_version ?? 'unknown', timescale: null };
    },
    migrate: async (migrations: readonly Migration[]): Promise<MigrationReport> =>
      runMigrations(transaction, migrations, await store.capabilities()),
    async close() {
      if (!db.closed) await db.close();
    },
  };
  return store;
}
