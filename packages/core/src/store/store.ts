/** A row as returned by a query: column name to value. */
export type Row = Record<string, unknown>;

/** Runs SQL with bound `$1, $2, …` parameters. Values are never interpolated into the text. */
export interface SqlExecutor {
  /** One statement with bound parameters; resolves with the rows. int8 values come back as numbers. */
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements separated by `;`, without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
}

/** What the store's database can do. */
export interface StoreCapabilities {
  adapter: 'postgres' | 'pglite';
  /** `server_version` of the database, for example `15.19` or `17.5` (PGlite). */
  serverVersion: string;
  /** The installed TimescaleDB version, or null when the extension is absent. */
  timescale: string | null;
}

/** One versioned migration. Versions apply in ascending order, each once, in its own transaction. */
export interface Migration {
  version: number;
  name: string;
  /**
   * The SQL, or a function of the database's capabilities for the few objects that differ between plain
   * Postgres/PGlite and TimescaleDB (the checksum covers the text chosen).
   */
  sql: string | ((capabilities: StoreCapabilities) => string);
}

/** What {@link Store.migrate} did. */
export interface MigrationReport {
  applied: number[];
  skipped: number[];
}

/**
 * The store port: SQL with transactions and versioned, idempotent migrations.
 * Adapters: Postgres (the `postgres` client) and PGlite (embedded, data folder on disk).
 */
export interface Store extends SqlExecutor {
  readonly adapter: 'postgres' | 'pglite';
  capabilities(): Promise<StoreCapabilities>;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * Applies the migrations not yet applied. Safe to call twice and from two processes at once; a migration
   * whose text changed after it was applied is refused with `migration_conflict`.
   */
  migrate(migrations: readonly Migration[]): Promise<MigrationReport>;
  close(): Promise<void>;
}
