import { buildInsertMany, openPGliteStore, openPostgresStore, type ColumnSpec, type Store } from '@tally/core';
import { defineBench, type BenchCase } from './harness.ts';

const ROWS = 20_000;
const BATCH = 1000;
const COLUMNS: ColumnSpec[] = [
  { name: 'tenant', type: 'text' },
  { name: 'id', type: 'text' },
  { name: 'type', type: 'text' },
  { name: 'occurred_at', type: 'timestamptz' },
  { name: 'customer_id', type: 'text' },
  { name: 'properties', type: 'jsonb' },
];
const TABLE = `CREATE TABLE IF NOT EXISTS bench_events (
  tenant text NOT NULL, id text NOT NULL, type text NOT NULL, occurred_at timestamptz NOT NULL,
  customer_id text, properties jsonb NOT NULL, PRIMARY KEY (tenant, id))`;

let round = 0;
const rows = (r: number) =>
  Array.from({ length: ROWS }, (_, i) => [
    'acme',
    `evt_${r}_${i}`,
    'product.feature_used',
    new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    `cus_${i % 500}`,
    { feature: `f${i % 20}`, plan: 'pro' },
  ]);

function insertCase(adapter: string, store: Store): BenchCase {
  let data: unknown[][] = [];
  return {
    name: `insert ${ROWS} events, ${BATCH} per statement`,
    adapter,
    unit: 'rows/s',
    async before() {
      data = rows(++round);
    },
    async run() {
      for (let i = 0; i < data.length; i += BATCH) {
        const { sql, params } = buildInsertMany('bench_events', COLUMNS, data.slice(i, i + BATCH), 'ON CONFLICT DO NOTHING');
        await store.query(sql, params);
      }
      return data.length;
    },
  };
}

let stores: Store[] = [];

export default defineBench({
  name: 'store',
  async setup(ctx) {
    const postgres = await openPostgresStore({ url: ctx.databaseUrl });
    const pglite = await openPGliteStore({ dataDir: await ctx.tmpDir() });
    stores = [postgres, pglite];
    for (const s of stores) await s.exec(TABLE);
    return [insertCase('postgres', postgres), insertCase('pglite', pglite)];
  },
  async teardown() {
    await Promise.allSettled(stores.map((s) => s.close()));
  },
});
