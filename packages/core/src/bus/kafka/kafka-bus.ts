import { Kafka, Partitioners, logLevel, type Admin, type Producer } from 'kafkajs';
import { TallyError } from '../../errors.ts';
import type { Bus, Subscription } from '../bus.ts';
import { startKafkaSubscription } from './kafka-consumer.ts';
import { checkTopic, encode, encodeEnvelopes } from './kafka-encode.ts';
import { busUnavailable } from './kafka-errors.ts';
import { kafkaLogCreator } from './kafka-log.ts';
import { kafkaBusSettings, positiveInteger, type KafkaBusOptions } from './kafka-options.ts';

export type { KafkaBusLogger } from './kafka-log.ts';
export type { KafkaBusOptions, KafkaBusRetryOptions } from './kafka-options.ts';

/**
 * The Kafka adapter of the {@link Bus} port, on kafkajs. One lazily connected producer (acks from all
 * in-sync replicas) serves every publish; each subscription is its own consumer in its group, committing
 * after its handler succeeds. Messages are placed by `key` (the Java-compatible murmur2 partitioner, as
 * kafkajs's default) and carry `JSON.stringify(value)`; the messages of one publish bound for one partition
 * travel as one envelope record (`tally-envelope` header), which cuts Kafka's per-record cost for both
 * producer and consumers. Records without the header (other producers) are read as one message each.
 *
 * @example
 * const bus = createKafkaBus({ brokers: ['kafka-1:9092'], logger });
 * await bus.ensureTopic('events', 12);
 * await bus.publish('events', [{ key: 'acme:c42', value: event }]);
 */
export function createKafkaBus(options: KafkaBusOptions): Bus {
  const settings = kafkaBusSettings(options);
  const { createTopics, defaultPartitions, idempotent, logger, retry } = settings;
  const kafka = new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    connectionTimeout: settings.connectionTimeoutMs,
    requestTimeout: settings.requestTimeoutMs,
    retry,
    logLevel: logger ? logLevel.INFO : logLevel.NOTHING,
    logCreator: kafkaLogCreator(logger),
  });

  let producer: Promise<Producer> | undefined;
  let admin: Promise<Admin> | undefined;
  const subscriptions = new Set<Subscription>();
  const pending = new Set<Promise<unknown>>();
  const known = new Map<string, Promise<void>>();
  const partitionCounts = new Map<string, { at: number; count: Promise<number> }>();
  const partitioner = Partitioners.DefaultPartitioner();
  let closing: Promise<void> | undefined;
  let closed = false;

  /** Connects once; a failed connection is forgotten so that the next call tries again. */
  function connected<C extends { connect(): Promise<void> }>(client: C, forget: () => void): Promise<C> {
    return client.connect().then(
      () => client,
      (err: unknown) => {
        forget();
        throw err;
      },
    );
  }
  const getProducer = () =>
    (producer ??= connected(
      kafka.producer({
        createPartitioner: Partitioners.DefaultPartitioner,
        idempotent,
        // kafkajs keeps sequence numbers in order only with one request in flight.
        ...(idempotent ? { maxInFlightRequests: 1 } : {}),
        retry,
      }),
      () => (producer = undefined),
    ));
  const getAdmin = () => (admin ??= connected(kafka.admin({ retry }), () => (admin = undefined)));

  /** Runs `work` counted as in flight, so close() can wait for it; failures become TallyErrors. */
  async function track<R>(action: string, work: () => Promise<R>): Promise<R> {
    const run = work();
    pending.add(run);
    try {
      return await run;
    } catch (err) {
      throw busUnavailable(action, err);
    } finally {
      pending.delete(run);
    }
  }

  function refuseWhenClosing(action: string): void {
    if (closing) throw new TallyError('bus_closed', `kafka: ${action}: the bus is closed`);
  }

  async function ensureTopic(topic: string, partitions: number): Promise<void> {
    const client = await getAdmin();
    if (createTopics) await client.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
    let count: number;
    try {
      const { topics } = await client.fetchTopicMetadata({ topics: [topic] });
      count = topics[0]?.partitions.length ?? 0;
    } catch (err) {
      if (createTopics || !isUnknownTopic(err)) throw err;
      count = 0;
    }
    if (count >= partitions) return;
    if (createTopics) {
      await client.createPartitions({ topicPartitions: [{ topic, count: partitions }] });
      return;
    }
    throw new TallyError(
      'config_invalid',
      count === 0
        ? `kafka: topic ${topic} does not exist, and createTopics is off: create it on the broker with ${partitions} partitions`
        : `kafka: topic ${topic} has ${count} partitions, ${partitions} required, and createTopics is off: add partitions on the broker`,
      { field: 'createTopics' },
    );
  }

  /** With createTopics, creates a missing topic with defaultPartitions (never grows one), once per topic. */
  function ensureKnown(topic: string): Promise<void> {
    if (!createTopics) return Promise.resolve();
    let done = known.get(topic);
    if (!done) {
      done = getAdmin()
        .then((client) => client.createTopics({ topics: [{ topic, numPartitions: defaultPartitions }], waitForLeaders: true }))
        .then(
          () => {},
          (err: unknown) => {
            known.delete(topic);
            throw err;
          },
        );
      known.set(topic, done);
    }
    return done;
  }

  /** The topic's partition count from the broker's metadata, refreshed each minute. */
  function partitionCount(topic: string): Promise<number> {
    const cached = partitionCounts.get(topic);
    if (cached && Date.now() - cached.at < 60_000) return cached.count;
    const count = getAdmin()
      .then((client) => client.fetchTopicMetadata({ topics: [topic] }))
      .then(({ topics }) => {
        const n = topics[0]?.partitions.length ?? 0;
        if (n === 0) throw new TallyError('bus_unavailable', `kafka: topic ${topic} has no partitions`);
        return n;
      });
    count.catch(() => partitionCounts.delete(topic));
    partitionCounts.set(topic, { at: Date.now(), count });
    return count;
  }

  return {
    adapter: 'kafka',

    async ensureTopic(topic, partitions) {
      refuseWhenClosing(`ensureTopic ${topic}`);
      checkTopic(topic);
      positiveInteger('partitions', partitions, 'invalid_argument');
      await track(`ensureTopic ${topic}`, () => ensureTopic(topic, partitions));
      known.set(topic, Promise.resolve());
    },

    async publish(topic, messages) {
      if (closed) throw new TallyError('bus_closed', `kafka: publish to ${topic}: the bus is closed`);
      checkTopic(topic);
      const plain = encode(messages).flat(); // refuses a bad message before anything is sent
      if (plain.length === 0) return;
      await track(`publish to ${topic}`, async () => {
        await ensureKnown(topic);
        // The same murmur2 placement as kafkajs's default partitioner, so keys land where they always did.
        const metadata = Array.from({ length: await partitionCount(topic) }, (_, partitionId) => ({ partitionId, leader: 0 }));
        const chunks = encodeEnvelopes(plain, (key) =>
          partitioner({ topic, partitionMetadata: metadata as never, message: { key, value: null } }),
        );
        const client = await getProducer();
        // One chunk at a time keeps the messages of one key in order across chunks.
        for (const chunk of chunks) await client.sendBatch({ acks: -1, topicMessages: [{ topic, messages: chunk }] });
      });
    },

    async subscribe(topic, group, handler, subscribeOptions = {}) {
      refuseWhenClosing(`subscribe to ${topic}`);
      checkTopic(topic);
      if (group.length === 0) throw new TallyError('invalid_argument', 'group: expected a non-empty string', { field: 'group' });
      const maxBatchSize = positiveInteger('maxBatchSize', subscribeOptions.maxBatchSize ?? 1000, 'invalid_argument');
      const subscription = await track(`subscribe ${group} to ${topic}`, async () => {
        await ensureKnown(topic);
        const started = await startKafkaSubscription({
          kafka,
          admin: getAdmin,
          topic,
          group,
          handler,
          from: subscribeOptions.from ?? 'earliest',
          maxBatchSize,
          retry,
          ...settings.consumer,
          logger,
        });
        subscriptions.add(started); // before close() can see this subscribe settle
        return started;
      });
      return {
        assignedPartitions: () => subscription.assignedPartitions(),
        // Tracked, so close() waits for it before disconnecting the admin client it may have connected.
        lag: () => track(`lag of ${group} on ${topic}`, () => subscription.lag()),
        stop: async () => {
          await subscription.stop();
          subscriptions.delete(subscription);
        },
      };
    },

    close() {
      closing ??= (async () => {
        // Subscribing stops first; then the subscriptions drain (their handlers may still publish);
        // then publishing stops, and the clients disconnect once the last publish has settled.
        await Promise.allSettled([...pending]);
        await Promise.allSettled([...subscriptions].map((s) => s.stop()));
        subscriptions.clear();
        closed = true;
        await Promise.allSettled([...pending]);
        const clients = await Promise.allSettled([producer, admin]);
        await Promise.allSettled(clients.map((c) => (c.status === 'fulfilled' ? c.value?.disconnect() : undefined)));
      })();
      return closing;
    },
  };
}

function isUnknownTopic(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if ((e as { type?: unknown }).type === 'UNKNOWN_TOPIC_OR_PARTITION') return true;
  }
  return false;
}
