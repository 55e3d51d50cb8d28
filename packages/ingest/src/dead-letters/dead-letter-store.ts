import { buildInsertMany, type SqlExecutor, type Store } from '@tally/core';
import type { DeadLetter } from './dead-letter.ts';

/** A dead letter as listed by the admin API. */
export interface DeadLetterRow extends DeadLetter {
  replayedAt: string | null;
  replayResult: string | null;
}

/** Filters for listing and replaying. */
export interface DeadLetterFilter {
  tenant: string;
  source?: string;
  code?: string;
  /** Include ones already replayed. @default false */
  includeReplayed?: boolean;
  /** @default 100 */
  limit?: number;
}

const COLUMNS = [
  { name: 'id', type: 'text' },
  { name: 'tenant', type: 'text' },
  { name: 'source', type: 'text' },
  { name: 'received_at', type: 'timestamptz' },
  { name: 'code', type: 'text' },
  { name: 'field', type: 'text' },
  { name: 'message', type: 'text' },
  { name: 'connector_version', type: 'integer' },
  { name: 'payload', type: 'text' },
] as const;

/** Stores dead letters from the topic; a redelivered one is ignored. */
export async function saveDeadLetters(db: SqlExecutor, letters: readonly DeadLetter[]): Promise<void> {
  if (letters.length === 0) return;
  const rows = letters.map((l) => [l.id, l.tenant, l.source, l.receivedAt, l.code, l.field, l.message, l.connectorVersion, l.payload]);
  const { sql, params } = buildInsertMany('dead_letters', COLUMNS, rows, 'ON CONFLICT (id) DO NOTHING');
  await db.query(sql, params);
}

/** Newest first. */
export async function listDeadLetters(db: Store, filter: DeadLetterFilter): Promise<DeadLetterRow[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT id, tenant, source, received_at, code, field, message, connector_version, payload, replayed_at, replay_result
       FROM dead_letters
      WHERE tenant = $1 AND ($2::text IS NULL OR source = $2) AND ($3::text IS NULL OR code = $3)
        AND ($4::boolean OR replayed_at IS NULL)
      ORDER BY received_at DESC, id
      LIMIT $5`,
    [filter.tenant, filter.source ?? null, filter.code ?? null, filter.includeReplayed ?? false, filter.limit ?? 100],
  );
  return rows.map((r) => ({
    id: r.id as string,
    tenant: r.tenant as string,
    source: r.source as string,
    receivedAt: (r.received_at as Date).toISOString(),
    code: r.code as DeadLetter['code'],
    field: r.field as string,
    message: r.message as string,
    connectorVersion: r.connector_version as number,
    payload: r.payload as string,
    replayedAt: r.replayed_at ? (r.replayed_at as Date).toISOString() : null,
    replayResult: (r.replay_result as string | null) ?? null,
  }));
}

/** Records what a replay made of a dead letter; `replayed` marks it done. */
export async function markReplay(db: SqlExecutor, id: string, result: string, replayed: boolean): Promise<void> {
  await db.query(`UPDATE dead_letters SET replay_result = $2, replayed_at = CASE WHEN $3::boolean THEN now() ELSE replayed_at END WHERE id = $1`, [id, result, replayed]);
}
