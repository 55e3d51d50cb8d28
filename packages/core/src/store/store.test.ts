import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { testDatabaseUrl, uniqueName } from '../../../../test/support/services.ts';
import { isTallyError } from '../errors.ts';
import { buildInsertMany } from './insert-many.ts';
import { openPGliteStore } from './pglite-store.ts';
import { openPostgresStore } from './postgres-store.ts';
import { describeStoreContract } from './store.contract.ts';

describeStoreContract('postgres', async () => {
  const schema = uniqueName('t_store');
  const open = () => openPostgresStore({ url: testDatabaseUrl(), schema, poolSize: 4 });
  return {
    store: await open(),
    open,
    async cleanup() {
      const sql = postgres(testDatabaseUrl(), { max: 1, onnotice: () => {} });
      await sql.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await sql.end();
    },
  };
});

describeStoreContract('pglite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tally-pglite-'));
  const open = () => openPGliteStore({ dataDir: dir });
  return { store: await open(), open, cleanup: () => rm(dir, { recursive: true, force: true }) };
});

describe('postgres store', () => {
  it('takes turns when two processes migrate at once', async () => {
    const schema = uniqueName('t_race');
    const [a, b] = await Promise.all([
      openPostgresStore({ url: testDatabaseUrl(), schema }),
      openPostgresStore({ url: testDatabaseUrl(), schema }),
    ]);
    try {
      const m = [{ version: 1, name: 'one', sql: 'CREATE TABLE one (id int)' }];
      const reports = await Promise.all([a.migrate(m), b.migrate(m)]);
      expect(reports.map((r) => r.applied.length).sort()).toEqual([0, 1]);
    } finally {
      await a.exec(`DROP SCHEMA ${schema} CASCADE`);
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('says the database is unreachable', async () => {
    await expect(openPostgresStore({ url: 'postgres://nobody@127.0.0.1:1/none' })).rejects.toSatisfy((err) =>
      isTallyError(err, 'store_unavailable'),
    );
  });

  it('refuses a schema name that is not an identifier', async () => {
    await expect(openPostgresStore({ url: testDatabaseUrl(), schema: 'x; DROP' })).rejects.toSatisfy((err) =>
      isTallyError(err, 'invalid_argument'),
    );
  });
});

describe('buildInsertMany', () => {
  it('refuses identifiers that could inject SQL and rows of the wrong width', () => {
    expect(() => buildInsertMany('t; drop', [{ name: 'a', type: 'text' }], [])).toThrow(/invalid table/);
    expect(() => buildInsertMany('t', [{ name: 'a"', type: 'text' }], [])).toThrow(/invalid column/);
    expect(() => buildInsertMany('t', [{ name: 'a', type: 'text' }], [['x', 'y']])).toThrow(/row 0: expected 1/);
  });
});
