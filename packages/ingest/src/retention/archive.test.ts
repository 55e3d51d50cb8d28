import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildInsertMany, listEventPartitions, ensureEventPartitions } from '@tally/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, STORE_KINDS, type TestStore } from '../../../../test/support/stores.ts';
import { archiveExpired } from './archive.ts';
import { scanArchiveFile } from './archive-file.ts';
import { DAY_MS } from './days.ts';
import { EVENT_COLUMNS, fromArchiveLine } from './event-rows.ts';
import { planArchive } from './plan.ts';
import type { RetentionProgress } from './progress.ts';
import { restoreArchive } from './restore.ts';
import { ARCHIVED_DAYS, HOT_DAYS, NOW, seed, snapshot } from './retention-fixture.ts';

describe.each(STORE_KINDS)('archive and restore of raw events (%s)', (kind) => {
  let t: TestStore;
  let dir: string;
  const archive = (extra: { now?: Date; hotDays?: number } = {}) =>
    archiveExpired(t.store, { archiveDir: dir, hotDays: HOT_DAYS, now: NOW, ...extra });
  const manifest = () => t.store.query<{ day: string; rows: number; dropped: boolean; restored: boolean }>(
    'SELECT day::text AS day, rows, dropped_at IS NOT NULL AS dropped, restored_at IS NOT NULL AS restored FROM archive_files ORDER BY day',
  );
  const partitions = async () => (await listEventPartitions(t.store)).map((p) => p.name);

  beforeEach(async () => {
    t = await openTestStore(kind);
    dir = await mkdtemp(join(tmpdir(), 'tally-archive-'));
    await seed(t.store);
  });
  afterEach(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('archives expired days, drops only wholly expired months, restores them exactly, and reruns as a no-op', async () => {
    const events = await snapshot(t.store, 'events');
    const eventIds = await snapshot(t.store, 'event_ids');
    const rollups = await snapshot(t.store, 'rollup_day');
    const seen: RetentionProgress[] = [];

    const first = await archiveExpired(t.store, { archiveDir: dir, hotDays: HOT_DAYS, now: NOW, onProgress: (p) => seen.push(p) });
    expect(first).toEqual({ days: 6, rows: 8, bytes: expect.any(Number), droppedPartitions: ['events_2024_03', 'events_2024_04'], held: [], skipped: [] });
    expect(seen.filter((p) => p.phase === 'write').at(-1)).toMatchObject({ day: '2024-05-10', done: 5, total: 6, rows: 8 });

    const files = (await readdir(dir)).sort();
    expect(files).toEqual(Object.keys(ARCHIVED_DAYS).map((d) => `events-${d}.ndjson.gz`));
    let bytes = 0;
    for (const [day, rows] of Object.entries(ARCHIVED_DAYS)) {
      const digest = await scanArchiveFile(join(dir, `events-${day}.ndjson.gz`));
      expect(digest.rows).toBe(rows);
      bytes += digest.bytes;
      const [entry] = await t.store.query('SELECT path, rows, sha256, bytes FROM archive_files WHERE day = $1::date', [day]);
      expect(entry).toEqual({ path: `events-${day}.ndjson.gz`, rows, sha256: digest.sha256, bytes: digest.bytes });
    }
    expect(first.bytes).toBe(bytes);
    expect(await manifest()).toEqual(
      Object.entries(ARCHIVED_DAYS).map(([day, rows]) => ({ day, rows, dropped: !day.startsWith('2024-05'), restored: false })),
    );
    expect(await partitions()).not.toContain('events_2024_03');
    expect((await partitions())[0]).toBe('events_2024_05');
    // May 2024 is not wholly expired: its archived days stay in events with the hot rows.
    const left = await t.store.query<{ id: string; day: string }>(
      `SELECT id, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM events ORDER BY occurred_at`,
    );
    expect(left.map((r) => r.day)).toEqual(['2024-05-02', '2024-05-10', '2024-05-11', '2025-06-10', '2025-06-15']);
    expect(await snapshot(t.store, 'event_ids')).toEqual(eventIds);
    expect(await snapshot(t.store, 'rollup_day')).toEqual(rollups);

    const mtimes = await Promise.all(files.map(async (f) => (await stat(join(dir, f))).mtimeMs));
    expect(await archive()).toEqual({ days: 0, rows: 0, bytes: 0, droppedPartitions: [], held: [], skipped: [] });
    expect(await Promise.all(files.map(async (f) => (await stat(join(dir, f))).mtimeMs))).toEqual(mtimes);

    const restored = await restoreArchive(t.store, { archiveDir: dir, from: '2024-03-01', to: '2024-05-31', now: NOW });
    expect(restored).toEqual({ days: 6, rows: 8 });
    expect(await snapshot(t.store, 'events')).toEqual(events);
    expect((await manifest()).every((m) => m.restored)).toBe(true);
    // Restoring again changes nothing.
    await restoreArchive(t.store, { archiveDir: dir, from: '2024-03-01', to: '2024-05-31', now: NOW });
    expect(await snapshot(t.store, 'events')).toEqual(events);

    // Restored days are held for a week of archive runs, then dropped again without rewriting their files.
    const held = await archive();
    expect(held).toMatchObject({ days: 0, droppedPartitions: [], held: Object.keys(ARCHIVED_DAYS) });
    expect(await snapshot(t.store, 'events')).toEqual(events);
    const later = await archive({ now: new Date(NOW.getTime() + 8 * DAY_MS), hotDays: HOT_DAYS + 8 });
    expect(later).toEqual({ days: 0, rows: 0, bytes: 0, droppedPartitions: ['events_2024_03', 'events_2024_04'], held: [], skipped: [] });
    expect(await Promise.all(files.map(async (f) => (await stat(join(dir, f))).mtimeMs))).toEqual(mtimes);
    expect(await snapshot(t.store, 'event_ids')).toEqual(eventIds);
    expect(await snapshot(t.store, 'rollup_day')).toEqual(rollups);
  });

  it('refuses a corrupt archive file on restore, naming it, and changes nothing', async () => {
    await archive();
    const before = await snapshot(t.store, 'events');
    const manifestBefore = await manifest();
    const tampered = join(dir, 'events-2024-03-20.ndjson.gz');
    await writeFile(tampered, gzipSync('{"tenant":"acme","id":"forged"}\n'));
    await expect(restoreArchive(t.store, { archiveDir: dir, from: '2024-03-01', to: '2024-04-30' })).rejects.toThrow(
      `archive file ${tampered} is corrupt`,
    );
    await writeFile(tampered, 'not gzip at all');
    await expect(restoreArchive(t.store, { archiveDir: dir, from: '2024-03-20', to: '2024-03-20' })).rejects.toThrow(tampered);
    expect(await snapshot(t.store, 'events')).toEqual(before);
    expect(await manifest()).toEqual(manifestBefore);
    expect(await partitions()).not.toContain('events_2024_03');
  });

  it('rewrites an archived day whose file went missing before its month was dropped', async () => {
    await expect(archive({ hotDays: 0 })).rejects.toThrow('hotDays: expected a whole number ≥ 1, got 0');
    await archive();
    await rm(join(dir, 'events-2024-05-02.ndjson.gz'));
    const again = await archive();
    expect(again).toMatchObject({ days: 1, rows: 1, droppedPartitions: [], skipped: [] });
    expect((await scanArchiveFile(join(dir, 'events-2024-05-02.ndjson.gz'))).rows).toBe(1);
  });

  it('keeps a month holding rows ingested after it was dropped, until a restore merges them in', async () => {
    await archive();
    await ensureEventPartitions((fn) => t.store.transaction(fn), await t.store.capabilities(), [Date.UTC(2024, 2, 1)]);
    const late = EVENT_COLUMNS.map((c) => ({ tenant: 'acme', id: 'late', source: 'segment', type: 'product.used', occurred_at: '2024-03-05T15:00:00.000Z', received_at: '2025-06-15T00:00:00.000Z', customer_id: 'c1', user_id: null, properties: {}, revenue_minor: null, currency: null, schema_version: 1 })[c.name as 'id']);
    const { sql, params } = buildInsertMany('events', EVENT_COLUMNS, [late]);
    await t.store.query(sql, params);

    const blocked = await archive();
    expect(blocked.skipped).toEqual([expect.stringContaining('2024-03-05: 1 rows were ingested after the day was archived and dropped')]);
    expect(await partitions()).toContain('events_2024_03');
    expect((await planArchive(t.store, { hotDays: HOT_DAYS, now: NOW })).partitions).toEqual([]);

    await restoreArchive(t.store, { archiveDir: dir, from: '2024-03-05', to: '2024-03-05', now: NOW });
    const [{ n }] = await t.store.query<{ n: number }>(`SELECT count(*) AS n FROM events WHERE occurred_at < '2024-03-06'`) as [{ n: number }];
    expect(n).toBe(4);
    const after = await archive({ now: new Date(NOW.getTime() + 8 * DAY_MS), hotDays: HOT_DAYS + 8 });
    expect(after).toMatchObject({ days: 1, rows: 4, droppedPartitions: ['events_2024_03'], skipped: [] });
    const ids: string[] = [];
    await scanArchiveFile(join(dir, 'events-2024-03-05.ndjson.gz'), async (lines) => {
      for (const line of lines) ids.push(String(fromArchiveLine(line, 'test')[1]));
    });
    expect(ids.sort()).toEqual(['e1', 'e1', 'e2', 'late']);
  });
});
