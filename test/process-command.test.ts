/**
 * `tally process` as a separate process against Kafka (the test broker), Postgres and Redis: it joins the
 * processor group, applies what ingest would publish, reports on /metrics and stops cleanly on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createKafkaBus, eventKey, openPostgresStore, TOPICS } from '@tally/core';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { verifyRollups } from '../packages/ingest/src/processing/recompute.ts';
import { seededEvents } from './support/seeded-events.ts';
import { freshKeyPrefix, testDatabaseUrl, testKafkaBrokers, testRedisUrl, uniqueName } from './support/services.ts';
import { waitFor } from './support/wait-for.ts';

const TALLY = join(import.meta.dirname, '..', 'node_modules', '.bin', 'tally');

describe('tally process', () => {
  it('runs the processors as their own process on Kafka, Postgres and Redis', async () => {
    const schema = uniqueName('t_process');
    const child = spawn(TALLY, ['process', '--port', '0'], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        LOG_LEVEL: 'warn',
        DATABASE_URL: testDatabaseUrl(),
        DATABASE_SCHEMA: schema,
        REDIS_URL: testRedisUrl(),
        TALLY_KEY_PREFIX: freshKeyPrefix(),
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        KAFKA_IDEMPOTENT: 'false',
        KAFKA_CREATE_TOPICS: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const publisher = createKafkaBus({ brokers: testKafkaBrokers(), idempotent: false, createTopics: false });
    const store = await openPostgresStore({ url: testDatabaseUrl(), schema });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).on('line', (line) => {
          output.push(line);
          const m = /metrics at (http:\/\/\S+)\/metrics/.exec(line);
          if (m) resolve(m[1]!);
        });
        void exit.then((code) => reject(new Error(`tally process exited with ${code}:\n${output.join('\n')}`)));
      });
      const tenant = uniqueName('proc');
      const events = seededEvents({ endMs: Date.now() - 3_600_000, days: 10, customersPerTenant: 4 }).map((e) => ({ ...e, tenant, id: `${e.id}-${tenant}` }));
      for (let i = 0; i < events.length; i += 500) {
        await publisher.publish(TOPICS.events, events.slice(i, i + 500).map((e) => ({ key: eventKey(e), value: e })));
      }
      await waitFor(async () => {
        const [row] = await store.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE tenant = $1', [tenant]).catch(() => [{ n: 0 }]);
        return row!.n === events.length;
      }, { timeoutMs: 90_000, message: `${events.length} events stored by tally process` });
      expect(await verifyRollups(store)).toEqual([]);

      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(Number(/^tally_processor_events_total\{outcome="fresh"\} (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(events.length);
      expect(metrics).toMatch(/^tally_processor_consumer_lag\{partition="\d+"\} \d+/m);
      expect(await (await fetch(`${url}/health`)).json()).toMatchObject({ status: 'ok', adapters: { bus: 'kafka', store: 'postgres', cache: 'redis' } });

      child.kill('SIGTERM');
      expect(await exit).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await publisher.close();
      await store.close();
      const sql = postgres(testDatabaseUrl(), { max: 1, onnotice: () => {} });
      await sql.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await sql.end();
    }
  }, 150_000);
});
