import postgres from 'postgres';
import { TallyError } from '../errors.ts';
import { runMigrations } from './migrate.ts';
import type { Migration, MigrationReport, Row, SqlExecutor, Store, StoreCapabilities } from './store.ts';

/** Options for {@link openPostgresStore}. */
export interface PostgresStoreOptions {
  /** `postgres://user@host:5432/db` */
  url: string;
  /**
   * Schema for Tally's tables; created when absent and put first on the search path.
   * @default 'public'
   */
  schema?: string;
  /**
   * Connections in the pool.
   * @default 10
   */
  poolSize?: number;
}

const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;
const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED']);

function toTallyError(err: unknown): TallyError {
  const e = err as { code?: string; message?: string };
  if (e.code && CONNECTION_ERRORS.has(e.code)) {
    return new TallyError('store_unavailable', `postgres unreachable: ${e.message ?? e.code}`, { cause: err });
  }
  return new TallyError('store_query_failed', `postgres: ${e.message ?? String(err)}${e.code ? ` (${e.code})` : ''}`, {
    cause: err,
  });
}

function ignoreDuplicate(err: unknown): void {
  if ((err as { code?: string }).code !== '23505') throw toTallyError(err);
}

function executor(sql: postgres.Sql | postgres.TransactionSql): SqlExecutor {
  return {
    async query<T extends Row = Row>(text: string, params: readonly unknown[] = []): Promise<T[]> {
      try {
        const rows = await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[]);
        return rows as unknown as T[];
      } catch (err) {
        throw toTallyError(err);
      }
    },
    async exec(text: string): Promise<void> {
      try {
        await sql.unsafe(text).simple();
      } catch (err) {
        throw toTallyError(err);
      }
    },
  };
}

/**
 * Opens the Postgres adapter of the store port. The schema is created if needed; int8 columns come back as
 * numbers (counts stay well inside 2^53).
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const schema = options.schema ?? 'public';
  if (!SCHEMA.test(schema)) throw new TallyError('invalid_argument', `invalid schema: ${schema}`, { field: 'schema' });
  const sql = postgres(options.url, {
    max: options.poolSize ?? 10,
    onnotice: () => {},
    connection: { search_path: schema === 'public' ? 'public' : `${schema},public`, application_name: 'tally' },
    types: {
      int8: { to: 20, from: [20], serialize: (v: number) => String(v), parse: (v: string) => Number(v) },
      // As PGlite does: a string bound to a json parameter is JSON text already; anything else is encoded.
      json: {
        to: 114,
        from: [114, 3802],
        serialize: (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v)),
        parse: (v: string) => JSON.parse(v) as unknown,
      },
    },
  });
  const base = executor(sql);
  try {
    // Two processes may create the schema at the same instant: the loser sees a duplicate, which is fine.
    if (schema !== 'public') await sql.unsafe(`CREATE SCHEMA IF NOT EXISTS ${schema}`).catch(ignoreDuplicate);
    else await base.query('SELECT 1');
  } catch (err) {
    await sql.end({ timeout: 1 });
    throw err;
  }

  const transaction = async <T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> => {
    try {
      return (await sql.begin((tx) => fn(executor(tx)))) as T;
    } catch (err) {
      throw err instanceof TallyError ? err : toTallyError(err);
    }
  };

  const store: Store = {
    adapter: 'postgres',
    query: base.query,
    exec: base.exec,
    transaction,
    async capabilities(): Promise<StoreCapabilities> {
      const [row] = await base.query<{ server_version: string; timescale: string | null }>(
        `SELECT current_setting('server_version') AS server_version,
                (SELECT extversion FROM pg_extension WHERE extname = 'timescaledb') AS timescale`,
      );
      return { adapter: 'postgres', serverVersion: row?.server_version ?? 'unknown', timescale: row?.timescale ?? null };
    },
    migrate: async (migrations: readonly Migration[]): Promise<MigrationReport> =>
      runMigrations(transaction, migrations, await store.capabilities()),
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
  return store;
}
