import { createKafkaBus, openEmbeddedBus, type Bus } from '@tally/core';
import { defineBench, type BenchCase } from './harness.ts';

const MESSAGES = 20_000;
const BATCH = 500;
const IN_FLIGHT = 4;
const PARTITIONS = 4;

const payload = (i: number) => ({
  key: `acme:cus_${i % 500}`,
  value: { id: `evt_${i}`, type: 'product.feature_used', occurredAt: '2026-11-01T10:00:00.000Z', properties: { feature: `f${i % 20}` } },
});

/** Publishes MESSAGES in batches, a few batches in flight at once. */
async function publishAll(bus: Bus, topic: string): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < MESSAGES) {
      const from = next;
      next += BATCH;
      await bus.publish(topic, Array.from({ length: Math.min(BATCH, MESSAGES - from) }, (_, i) => payload(from + i)));
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return MESSAGES;
}

/** Consumes everything in `topic` with a new group; resolves with the count. */
async function consumeAll(bus: Bus, topic: string, group: string): Promise<number> {
  let seen = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const sub = await bus.subscribe(topic, group, async (batch) => {
    seen += batch.messages.length;
    if (seen >= MESSAGES) done();
  }, { maxBatchSize: 1000 });
  await finished;
  await sub.stop();
  return seen;
}

function cases(adapter: string, bus: Bus, newTopic: () => Promise<string>): BenchCase[] {
  let topic = '';
  let groups = 0;
  return [
    {
      name: `publish ${MESSAGES} msgs, batches of ${BATCH}, ${IN_FLIGHT} in flight`,
      adapter,
      unit: 'msgs/s',
      before: async () => {
        topic = await newTopic();
      },
      run: () => publishAll(bus, topic),
    },
    {
      name: `consume ${MESSAGES} msgs in a group`,
      adapter,
      unit: 'msgs/s',
      before: async () => {
        topic = await newTopic();
        await publishAll(bus, topic);
      },
      run: () => consumeAll(bus, topic, `bench-${++groups}`),
    },
  ];
}

let buses: Bus[] = [];
let topics = 0;

export default defineBench({
  name: 'bus',
  async setup(ctx) {
    const embedded = await openEmbeddedBus({ dataDir: await ctx.tmpDir(), defaultPartitions: PARTITIONS });
    const kafka = createKafkaBus({ brokers: await ctx.kafkaBrokers(), idempotent: false, createTopics: false });
    buses = [embedded, kafka];
    return [
      ...cases('embedded', embedded, async () => {
        const t = `bench-${++topics}`;
        await embedded.ensureTopic(t, PARTITIONS);
        return t;
      }),
      ...cases('kafka (test broker)', kafka, async () => {
        const t = `bench-${++topics}`;
        await ctx.kafkaCreateTopic(t, PARTITIONS);
        return t;
      }),
    ];
  },
  async teardown() {
    await Promise.allSettled(buses.map((b) => b.close()));
  },
});
