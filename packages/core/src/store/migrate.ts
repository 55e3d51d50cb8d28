import { createHash } from 'node:crypto';
import { TallyError } from '../errors.ts';
import type { Migration, MigrationReport, SqlExecutor, StoreCapabilities } from './store.ts';

/** A fixed advisory-lock id, so two processes migrating one database take turns. */
const MIGRATION_LOCK_ID = 7_411_201;

function checksum(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

function validate(migrations: readonly Migration[]): Migration[] {
  const seen = new Set<number>();
  for (const m of migrations) {
    if (!Number.isInteger(m.version) || m.version < 1) {
      throw new TallyError('invalid_argument', `migration ${m.name}: invalid version ${m.version}`, { field: 'version' });
    }
    if (seen.has(m.version)) {
      throw new TallyError('invalid_argument', `migration version ${m.version} appears twice`, { field: 'version' });
    }
    seen.add(m.version);
  }
  return [...migrations].sort((a, b) => a.version - b.version);
}

/**
 * Applies migrations inside `transaction`, under an advisory lock. Shared by both store adapters.
 */
export async function runMigrations(
  transaction: <T>(fn: (tx: SqlExecutor) => Promise<T>) => Promise<T>,
  migrations: readonly Migration[],
  capabilities: StoreCapabilities,
): Promise<MigrationReport> {
  const ordered = validate(migrations);
  const report: MigrationReport = { applied: [], skipped: [] };
  await transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS tally_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const rows = await tx.query<{ version: number; checksum: string }>('SELECT version, checksum FROM tally_migrations');
    const applied = new Map(rows.map((r) => [Number(r.version), r.checksum]));
    for (const m of ordered) {
      const sql = typeof m.sql === 'function' ? m.sql(capabilities) : m.sql;
      const sum = checksum(sql);
      const existing = applied.get(m.version);
      if (existing !== undefined) {
        if (existing !== sum) {
          throw new TallyError(
            'migration_conflict',
            `migration ${m.version} (${m.name}) changed after it was applied; add a new migration instead`,
            { field: 'version' },
          );
        }
        report.skipped.push(m.version);
        continue;
      }
      await tx.exec(sql);
      await tx.query('INSERT INTO tally_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, sum]);
      report.applied.push(m.version);
    }
  });
  return report;
}
