import { Kafka, Partitioners, logLevel, type Admin, type Message, type Producer } from 'kafkajs';
import { TallyError } from '../../errors.ts';
import type { Bus, BusMessage, Subscription } from '../bus.ts';
import { startKafkaSubscription } from './kafka-consumer.ts';
import { busUnavailable } from './kafka-errors.ts';
import { kafkaLogCreator, type KafkaBusLogger } from './kafka-log.ts';

export type { KafkaBusLogger } from './kafka-log.ts';

/** Retry budget of every Kafka request (connect, produce, commit, join…), with exponential backoff. */
export interface KafkaBusRetryOptions {
  /**
   * Retries after the first attempt; publish rejects with `bus_unavailable` once they are spent.
   * @default 5
   */
  retries?: number;
  /**
   * Wait before the first retry; it doubles each time. Also the first backoff of a partition whose handler failed.
   * @default 300
   */
  initialRetryTimeMs?: number;
  /**
   * Longest wait between two retries.
   * @default 30000
   */
  maxRetryTimeMs?: number;
}

/** Options for {@link createKafkaBus}. */
export interface KafkaBusOptions {
  /** Bootstrap brokers as `host:port`. */
  brokers: string[];
  /**
   * Client id the brokers see.
   * @default 'tally'
   */
  clientId?: string;
  /**
   * Use kafkajs's idempotent producer. Turn off for the librdkafka mock test broker, which cannot serve it.
   * @default true
   */
  idempotent?: boolean;
  /**
   * Create topics through the admin API: in ensureTopic (and growing a topic that has too few partitions),
   * and with `defaultPartitions` when publish or subscribe meets a topic for the first time. When false the
   * admin API is never asked to create anything: topics come from the broker side (operators, broker
   * auto-creation, the test broker) and ensureTopic only checks their partition count.
   * @default true
   */
  createTopics?: boolean;
  /**
   * Partitions of a topic that publish or subscribe creates because it is missing (when `createTopics`).
   * @default 12
   */
  defaultPartitions?: number;
  /** Receives kafkajs's log (info and above) and the adapter's own warnings. Without one, nothing is logged. */
  logger?: KafkaBusLogger;
  /**
   * Timeout of a TCP connection to a broker.
   * @default 1000
   */
  connectionTimeoutMs?: number;
  /**
   * Timeout of one request to a broker.
   * @default 30000
   */
  requestTimeoutMs?: number;
  /**
   * Longest time a fetch waits on the broker for new messages; it also bounds how long stop() waits for an
   * idle consumer.
   * @default 1000
   */
  maxWaitTimeMs?: number;
  /**
   * A consumer that sends no heartbeat for this long is dropped from its group. Heartbeats go out between
   * chunks, so a handler must finish well within it. (The librdkafka mock also waits this long, less a
   * second, before it completes a rebalance that is not a group's first: tests use a short one.)
   * @default 30000
   */
  sessionTimeoutMs?: number;
  /**
   * How often a consumer heartbeats; must be below `sessionTimeoutMs`, about a third of it.
   * @default 3000
   */
  heartbeatIntervalMs?: number;
  /** @default { retries: 5, initialRetryTimeMs: 300, maxRetryTimeMs: 30000 } */
  retry?: KafkaBusRetryOptions;
}

/** kafkajs's limit per request is far larger; these keep each partition's record batch under Kafka's 1 MB default. */
const chunkMaxMessages = 1000;
const chunkMaxBytes = 900 * 1024;

/**
 * The Kafka adapter of the {@link Bus} port, on kafkajs. One lazily connected producer (acks from all
 * in-sync replicas) serves every publish; each subscription is its own consumer in its group, committing
 * after its handler succeeds. Messages are keyed by `key` (kafkajs's Java-compatible murmur2 partitioner)
 * and carry `JSON.stringify(value)`.
 *
 * @example
 * const bus = createKafkaBus({ brokers: ['kafka-1:9092'], logger });
 * await bus.ensureTopic('events', 12);
 * await bus.publish('events', [{ key: 'acme:c42', value: event }]);
 */
export function createKafkaBus(options: KafkaBusOptions): Bus {
  const brokers = checkBrokers(options.brokers);
  const createTopics = options.createTopics ?? true;
  const idempotent = options.idempotent ?? true;
  const defaultPartitions = positiveInteger('defaultPartitions', options.defaultPartitions ?? 12);
  const logger = options.logger;
  const retry = {
    retries: nonNegativeInteger('retry.retries', options.retry?.retries ?? 5),
    initialRetryTime: positiveInteger('retry.initialRetryTimeMs', options.retry?.initialRetryTimeMs ?? 300),
    maxRetryTime: positiveInteger('retry.maxRetryTimeMs', options.retry?.maxRetryTimeMs ?? 30_000),
  };
  const consumerTimings = {
    maxWaitTimeMs: positiveInteger('maxWaitTimeMs', options.maxWaitTimeMs ?? 1000),
    sessionTimeoutMs: positiveInteger('sessionTimeoutMs', options.sessionTimeoutMs ?? 30_000),
    heartbeatIntervalMs: positiveInteger('heartbeatIntervalMs', options.heartbeatIntervalMs ?? 3000),
  };
  if (consumerTimings.heartbeatIntervalMs >= consumerTimings.sessionTimeoutMs) {
    throw new TallyError('config_invalid', 'heartbeatIntervalMs: must be below sessionTimeoutMs', { field: 'heartbeatIntervalMs' });
  }
  const kafka = new Kafka({
    clientId: options.clientId ?? 'tally',
    brokers,
    connectionTimeout: positiveInteger('connectionTimeoutMs', options.connectionTimeoutMs ?? 1000),
    requestTimeout: positiveInteger('requestTimeoutMs', options.requestTimeoutMs ?? 30_000),
    retry,
    logLevel: logger ? logLevel.INFO : logLevel.NOTHING,
    logCreator: kafkaLogCreator(logger),
  });

  let producer: Promise<Producer> | undefined;
  let admin: Promise<Admin> | undefined;
  const subscriptions = new Set<Subscription>();
  const pending = new Set<Promise<unknown>>();
  const known = new Map<string, Promise<void>>();
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
      const chunks = encode(messages);
      if (chunks.length === 0) return;
      await track(`publish to ${topic}`, async () => {
        await ensureKnown(topic);
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
          ...consumerTimings,
          logger,
        });
        subscriptions.add(started); // before close() can see this subscribe settle
        return started;
      });
      return {
        assignedPartitions: () => subscription.assignedPartitions(),
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

/** JSON-encodes the messages and cuts them into chunks, so that a bad value fails before anything is sent. */
function encode(messages: readonly BusMessage<unknown>[]): Message[][] {
  const chunks: Message[][] = [];
  let chunk: Message[] = [];
  let bytes = 0;
  messages.forEach(({ key, value }, i) => {
    if (typeof key !== 'string') {
      throw new TallyError('invalid_argument', `messages[${i}].key: expected a string`, { field: `messages[${i}].key` });
    }
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch (err) {
      throw new TallyError('invalid_argument', `messages[${i}].value: not JSON-serialisable`, { field: `messages[${i}].value`, cause: err });
    }
    if (json === undefined) {
      throw new TallyError('invalid_argument', `messages[${i}].value: not JSON-serialisable`, { field: `messages[${i}].value` });
    }
    const size = Buffer.byteLength(key) + Buffer.byteLength(json);
    if (chunk.length > 0 && (chunk.length >= chunkMaxMessages || bytes + size > chunkMaxBytes)) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push({ key, value: json });
    bytes += size;
  });
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

function isUnknownTopic(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if ((e as { type?: unknown }).type === 'UNKNOWN_TOPIC_OR_PARTITION') return true;
  }
  return false;
}

function checkTopic(topic: string): void {
  if (!/^[A-Za-z0-9._-]{1,249}$/.test(topic)) {
    throw new TallyError('invalid_argument', `topic: expected 1-249 characters of [A-Za-z0-9._-], got "${topic}"`, { field: 'topic' });
  }
}

function checkBrokers(brokers: unknown): string[] {
  if (!Array.isArray(brokers) || brokers.length === 0 || !brokers.every((b) => typeof b === 'string' && /^[^\s:]+:\d+$/.test(b))) {
    throw new TallyError('config_invalid', `brokers: expected a non-empty list of host:port, got ${JSON.stringify(brokers)}`, { field: 'brokers' });
  }
  return brokers as string[];
}

function positiveInteger(field: string, value: number, code: 'config_invalid' | 'invalid_argument' = 'config_invalid'): number {
  if (!Number.isInteger(value) || value < 1) throw new TallyError(code, `${field}: expected a positive integer, got ${value}`, { field });
  return value;
}

function nonNegativeInteger(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new TallyError('config_invalid', `${field}: expected an integer >= 0, got ${value}`, { field });
  return value;
}
