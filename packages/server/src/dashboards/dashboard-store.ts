import { DASHBOARD_LIMITS, type DashboardLayout, type SavedDashboard } from '@tally/client-sdk';
import { TallyError, type SqlExecutor } from '@tally/core';

/** Whose dashboard: the tenant, the token's subject (the host app's user), and the dashboard's id. */
export interface DashboardKey {
  tenant: string;
  subject: string;
  id: string;
}

type Row = { layout: DashboardLayout; version: number; updated_ms: number };

const RETURNING = `RETURNING layout, version, (extract(epoch FROM updated_at) * 1000)::float8 AS updated_ms`;

const saved = (id: string, row: Row): SavedDashboard => ({
  id,
  layout: row.layout,
  version: Number(row.version),
  updatedAt: new Date(row.updated_ms).toISOString(),
});

/** The saved dashboard, or undefined when its user never saved it. */
export async function readDashboard(db: SqlExecutor, key: DashboardKey): Promise<SavedDashboard | undefined> {
  const [row] = await db.query<Row>(
    `SELECT layout, version, (extract(epoch FROM updated_at) * 1000)::float8 AS updated_ms FROM saved_dashboards
      WHERE tenant = $1 AND subject = $2 AND id = $3`,
    [key.tenant, key.subject, key.id],
  );
  return row ? saved(key.id, row) : undefined;
}

/**
 * Saves a layout with optimistic concurrency. With `version`, it replaces the stored layout only if that is
 * still at `version` (then version + 1); without, it creates the dashboard (version 1) only if none is saved and
 * the user has fewer than {@link DASHBOARD_LIMITS}.perUser. Throws `conflict` naming `version` when the stored
 * state is not the one the save was based on, `validation_failed` naming `id` past the per-user limit.
 */
export async function saveDashboard(
  db: SqlExecutor,
  key: DashboardKey,
  layout: DashboardLayout,
  version: number | undefined,
  now: number,
): Promise<{ dashboard: SavedDashboard; created: boolean }> {
  const at = new Date(now).toISOString();
  const json = JSON.stringify(layout);
  if (version !== undefined) {
    const [row] = await db.query<Row>(
      `UPDATE saved_dashboards SET layout = $4::jsonb, version = version + 1, updated_at = $5::timestamptz
        WHERE tenant = $1 AND subject = $2 AND id = $3 AND version = $6 ${RETURNING}`,
      [key.tenant, key.subject, key.id, json, at, version],
    );
    if (row) return { dashboard: saved(key.id, row), created: false };
    const current = await readDashboard(db, key);
    throw new TallyError('conflict', current
      ? `version: dashboard ${key.id} is at version ${current.version}, not ${version}; load it, apply the change again and save`
      : `version: dashboard ${key.id} is not saved yet; omit version to save it for the first time`, { field: 'version' });
  }
  const [row] = await db.query<Row>(
    `INSERT INTO saved_dashboards (tenant, subject, id, layout, version, created_at, updated_at)
     SELECT $1, $2, $3, $4::jsonb, 1, $5::timestamptz, $5::timestamptz
      WHERE (SELECT count(*) FROM saved_dashboards WHERE tenant = $1 AND subject = $2) < $6
     ON CONFLICT (tenant, subject, id) DO NOTHING ${RETURNING}`,
    [key.tenant, key.subject, key.id, json, at, DASHBOARD_LIMITS.perUser],
  );
  if (row) return { dashboard: saved(key.id, row), created: true };
  const current = await readDashboard(db, key);
  if (current) {
    throw new TallyError('conflict', `version: dashboard ${key.id} is saved already (version ${current.version}); send that version to replace it`, { field: 'version' });
  }
  throw new TallyError('validation_failed', `id: at most ${DASHBOARD_LIMITS.perUser} dashboards per user; reuse an id`, { field: 'id' });
}
