/**
 * Processors as a Kafka consumer group: two instances in one group split the partitions and give the same
 * totals as one instance, on the Kafka test broker with Postgres stores.
 */
import { createKafkaBus, createMemoryCache, eventKey, type Bus, type Store } from '@tally/core';
import { startProcessor, type Processor } from '@tally/ingest';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyRollups } from '../packages/ingest/src/processing/recompute.ts';
import { connectKafkaTestBrokerControl } from '../tools/kafka-test-broker/index.ts';
import { seededEvents } from './support/seeded-events.ts';
import { testKafkaBrokers, testKafkaControlPort, uniqueName } from './support/services.ts';
import { openTestStore, type TestStore } from './support/stores.ts';
import { waitFor } from './support/wait-for.ts';

const openBus = (): Bus =>
  createKafkaBus({ brokers: testKafkaBrokers(), idempotent: false, createTopics: false, maxWaitTimeMs: 200, sessionTimeoutMs: 6000, heartbeatIntervalMs: 1000 });

async function totals(store: Store, tenant: string) {
  return {
    events: await store.query(`SELECT type, count(*)::int AS n FROM events WHERE tenant = $1 GROUP BY type ORDER BY type`, [tenant]),
    rollups: await store.query(
      `SELECT metric, dimension, dim_value, sum(value)::bigint AS value, sum(count)::bigint AS count
       FROM rollup_month WHERE tenant = $1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [tenant],
    ),
    activity: await store.query(`SELECT count(*)::int AS rows, count(DISTINCT user_id)::int AS users FROM user_activity_daily WHERE tenant = $1`, [tenant]),
    customers: await store.query(`SELECT customer_id, mrr_minor, plan, billing_status, owner, stage, crm_health FROM customers WHERE tenant = $1 ORDER BY 1`, [tenant]),
  };
}

describe('processors in one consumer group on Kafka', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });

  it('two instances split the partitions and give the same totals as one', async () => {
    const topic = uniqueName('events');
    const control = await connectKafkaTestBrokerControl(testKafkaControlPort());
    await control.createTopic(topic, 4);
    const data = seededEvents({ endMs: Date.now() - 3_600_000, days: 30, customersPerTenant: 10 });

    const start = async (store: TestStore, group: string) => {
      const bus = openBus();
      const cache = createMemoryCache();
      let batches = 0;
      const processor = await startProcessor({ bus, store: store.store, cache, group, topic, maxBatchSize: 500, observe: { batch: () => void (batches += 1) } });
      cleanups.push(() => bus.close(), () => cache.close());
      return { processor, batches: () => batches };
    };
    const single = await openTestStore('postgres');
    const pair = await openTestStore('postgres');
    cleanups.push(() => single.close(), () => pair.close());

    const one = await start(single, uniqueName('g1'));
    const groupOfTwo = uniqueName('g2');
    const first = await start(pair, groupOfTwo);
    await waitFor(() => first.processor.subscription.assignedPartitions().length === 4, { timeoutMs: 60_000, message: 'the first member to own all partitions' });
    const second = await start(pair, groupOfTwo);
    const owned = (p: Processor) => p.subscription.assignedPartitions().length;
    await waitFor(() => owned(first.processor) > 0 && owned(second.processor) > 0 && owned(first.processor) + owned(second.processor) === 4, {
      timeoutMs: 60_000,
      message: 'the two members to split the partitions',
    });
    await waitFor(() => owned(one.processor) === 4, { timeoutMs: 60_000, message: 'the single member to own all partitions' });

    const publisher = openBus();
    cleanups.push(() => publisher.close());
    for (let i = 0; i < data.length; i += 500) {
      await publisher.publish(topic, data.slice(i, i + 500).map((e) => ({ key: eventKey(e), value: e })));
    }
    const stored = async (store: Store) => (await store.query<{ n: number }>('SELECT count(*)::int AS n FROM events'))[0]!.n;
    await waitFor(async () => (await stored(single.store)) === data.length && (await stored(pair.store)) === data.length, {
      timeoutMs: 120_000,
      message: `both stores to hold ${data.length} events`,
    });

    expect(first.batches()).toBeGreaterThan(0);
    expect(second.batches()).toBeGreaterThan(0);
    for (const tenant of ['acme', 'globex']) {
      expect(await totals(pair.store, tenant)).toEqual(await totals(single.store, tenant));
    }
    expect(await verifyRollups(pair.store)).toEqual([]);
  }, 240_000);
});
