import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildInsertMany, ensureEventPartitions, MIGRATIONS, openPGliteStore, type ColumnSpec } from '@tally/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-testing.ts';

const DAY_MS = 86_400_000;
const COLUMNS: ColumnSpec[] = [
  { name: 'tenant', type: 'text' },
  { name: 'id', type: 'text' },
  { name: 'source', type: 'text' },
  { name: 'type', type: 'text' },
  { name: 'occurred_at', type: 'timestamptz' },
  { name: 'received_at', type: 'timestamptz' },
  { name: 'properties', type: 'jsonb' },
  { name: 'schema_version', type: 'integer' },
];

describe('tally archive and tally restore', () => {
  let dir: string;
  const run = (argv: string[]) => runCli(dir, argv);
  // Noon UTC 100 and 101 days ago: expired with a 30-day hot window, whatever today is.
  const old = [100, 101].map((d) => new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS - d * DAY_MS + DAY_MS / 2));
  const day = (d: Date) => d.toISOString().slice(0, 10);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tally-cli-archive-'));
    const store = await openPGliteStore({ dataDir: join(dir, 'pglite') });
    try {
      await store.migrate(MIGRATIONS);
      await ensureEventPartitions((fn) => store.transaction(fn), await store.capabilities(), old.map((d) => d.getTime()));
      const rows = old.flatMap((d, i) => [0, 1].map((n) => ['acme', `e${i}${n}`, 'segment', 'product.used', d.toISOString(), d.toISOString(), { n }, 1]));
      const { sql, params } = buildInsertMany('events', COLUMNS, rows);
      await store.query(sql, params);
    } finally {
      await store.close();
    }
  }, 60_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('lists what it would archive, archives with progress, and restores the range', async () => {
    const dry = await run(['archive', '--hot-days', '30', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toEqual(expect.arrayContaining([`${day(old[1]!)}  2 rows  write`, `${day(old[0]!)}  2 rows  write`]));
    expect(await readdir(dir)).not.toContain('archive');

    const archived = await run(['archive', '--hot-days', '30']);
    expect(archived.code).toBe(0);
    expect(JSON.parse(archived.out[0]!)).toMatchObject({ days: 2, rows: 4, skipped: [] });
    expect(archived.err[0]).toMatch(/^archive: write \d{4}-\d{2}-\d{2} \(day 1\/2\), \d+ rows so far$/);
    expect((await readdir(join(dir, 'archive'))).sort()).toEqual(old.map((d) => `events-${day(d)}.ndjson.gz`).reverse());

    const restored = await run(['restore', '--from', day(old[1]!), '--to', day(old[0]!)]);
    expect(restored.code).toBe(0);
    expect(JSON.parse(restored.out[0]!)).toEqual({ days: 2, rows: 4 });

    const file = join(dir, 'archive', `events-${day(old[0]!)}.ndjson.gz`);
    await writeFile(file, 'not gzip');
    const refused = await run(['restore', '--from', day(old[0]!), '--to', day(old[0]!)]);
    expect(refused.code).toBe(1);
    expect(refused.err.join('\n')).toContain(`tally restore: archive file ${file} is corrupt`);
  }, 60_000);

  it.each([
    [['archive', '--hot-dayz', '3'], "Unknown option '--hot-dayz'"],
    [['archive', '--hot-days', 'abc'], '--hot-days: expected a whole number 1-3650, got "abc"'],
    [['archive', '--hot-days', '0'], '--hot-days: expected a whole number 1-3650, got "0"'],
    [['archive', 'now'], 'Unexpected argument'],
    [['restore', '--to', '2024-03-01'], '--from: is required'],
    [['restore', '--from', '2024-02-30', '--to', '2024-03-01'], '--from: expected a date YYYY-MM-DD, got "2024-02-30"'],
    [['restore', '--from', '2024-03-01', '--to', 'March'], '--to: expected a date YYYY-MM-DD, got "March"'],
    [['restore', '--from', '2024-03-02', '--to', '2024-03-01'], '--to: 2024-03-01 is before --from 2024-03-02'],
  ])('refuses %j with exit code 2, naming the flag', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toContain(message);
  });

  it('shows the help of both commands', async () => {
    expect((await run(['archive', '--help'])).out.join('\n')).toContain('--hot-days <n>');
    expect((await run(['restore', '--help'])).out.join('\n')).toContain('--from <day>');
  });
});
