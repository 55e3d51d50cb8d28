import type { Admin, EachBatchPayload, Kafka, KafkaMessage, RetryOptions } from 'kafkajs';
import type { BatchHandler, DeliveredMessage, PartitionLag, Subscription } from '../bus.ts';
import { busUnavailable } from './kafka-errors.ts';
import { ENVELOPE_HEADER, ENVELOPE_VERSION } from './kafka-encode.ts';
import type { KafkaBusLogger } from './kafka-log.ts';

/** What {@link startKafkaSubscription} needs from the bus. */
export interface KafkaSubscriptionOptions<T> {
  kafka: Kafka;
  /** The bus's shared admin client, connected on first use. */
  admin: () => Promise<Admin>;
  topic: string;
  group: string;
  handler: BatchHandler<T>;
  from: 'earliest' | 'latest';
  maxBatchSize: number;
  /** kafkajs retry settings; also the backoff of a partition whose handler failed. */
  retry: Required<Pick<RetryOptions, 'retries' | 'initialRetryTime' | 'maxRetryTime'>>;
  maxWaitTimeMs: number;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  logger: KafkaBusLogger | undefined;
}

/** Backoff of one partition whose handler failed. */
interface Backoff {
  failures: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Runs one kafkajs consumer in `group` on `topic`. Each fetched batch is cut into chunks of at most
 * `maxBatchSize`; a chunk is committed only after its handler resolves. When the handler rejects, the
 * partition is paused for a backoff and then fetched again from the first unhandled offset, so the same
 * messages arrive again and nothing later is committed.
 */
export async function startKafkaSubscription<T>(options: KafkaSubscriptionOptions<T>): Promise<Subscription> {
  const { kafka, topic, group, handler, from, maxBatchSize, retry, logger } = options;
  const consumer = kafka.consumer({
    groupId: group,
    retry,
    maxWaitTimeInMs: options.maxWaitTimeMs,
    sessionTimeout: options.sessionTimeoutMs,
    heartbeatInterval: options.heartbeatIntervalMs,
  });
  const backoffs = new Map<number, Backoff>();
  let assigned: number[] = [];
  let joins = 0;
  let positioned: Promise<void> | undefined;
  let crashes = 0;
  let restartTimer: NodeJS.Timeout | undefined;
  let restarting: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;

  const isBackingOff = (partition: number) => backoffs.get(partition)?.timer !== undefined;
  const backoffMs = (attempt: number) => Math.min(retry.initialRetryTime * 2 ** (attempt - 1), retry.maxRetryTime);

  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    crashes = 0;
    const partitions = [...(payload.memberAssignment[topic] ?? [])].sort((a, b) => a - b);
    const join = ++joins;
    if (from !== 'latest' || join > 1 || partitions.length === 0) {
      assigned = partitions;
      return;
    }
    // kafkajs resolves "latest" lazily, on its first fetch, so a message published right after subscribe()
    // could fall before that point and be skipped. Hold the first assignment until its positions are
    // fixed; subscribe() waits for this.
    consumer.pause([{ topic, partitions }]);
    positioned = startAtLatest(partitions).finally(() => {
      const ready = partitions.filter((p) => !isBackingOff(p));
      try {
        if (ready.length > 0) consumer.resume([{ topic, partitions: ready }]);
      } catch {
        // stopped meanwhile: nothing to resume
      }
      if (join === joins) assigned = partitions;
    });
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    assigned = [];
    // kafkajs restarts the consumer itself after retriable errors only. After any other it would stay
    // stopped for good, with the subscription looking alive: restart it here, with backoff. (The librdkafka
    // mock answers a follower's SyncGroup with INVALID_REQUEST when the leader's arrives first.)
    if (payload.restart || stopping) return;
    crashes += 1;
    const delay = backoffMs(crashes);
    logger?.error({ err: payload.error, topic, group, restartInMs: delay }, 'kafka: consumer crashed; restarting it');
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      restarting = consumer
        .run(runConfig)
        .catch((err: unknown) => logger?.error({ err, topic, group }, 'kafka: consumer did not restart'))
        .finally(() => (restarting = undefined));
    }, delay);
  });
  consumer.on(consumer.events.STOP, () => {
    assigned = [];
  });

  /** Seeks partitions of the first assignment that have no committed offset to the current end. */
  async function startAtLatest(partitions: number[]): Promise<void> {
    try {
      const admin = await options.admin();
      const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      const hasCommit = new Set(committed?.partitions.filter((p) => p.offset !== '-1').map((p) => p.partition));
      const uncommitted = partitions.filter((p) => !hasCommit.has(p));
      if (uncommitted.length === 0) return;
      const ends = await admin.fetchTopicOffsets(topic);
      for (const partition of uncommitted) {
        const end = ends.find((e) => e.partition === partition);
        if (end) consumer.seek({ topic, partition, offset: end.high });
      }
    } catch (err) {
      logger?.warn({ err, topic, group }, 'kafka: could not read start offsets; kafkajs resolves "latest" itself');
    }
  }

  /** High watermarks and the group's committed offsets of the owned partitions, from the shared admin client. */
  async function lag(): Promise<PartitionLag[]> {
    const owned = [...assigned];
    if (owned.length === 0) return [];
    try {
      const admin = await options.admin();
      const [ends, [committed]] = await Promise.all([
        admin.fetchTopicOffsets(topic),
        admin.fetchOffsets({ groupId: group, topics: [topic] }),
      ]);
      return owned.map((partition) => {
        const end = ends.find((e) => e.partition === partition);
        if (!end) throw new Error(`partition ${partition} is missing from the topic's offsets`);
        const endOffset = Number(end.high);
        const offset = committed?.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
        // -1: the group has committed nothing here yet, so it starts from the oldest kept message.
        const committedOffset = offset === '-1' ? Number(end.low) : Number(offset);
        return { partition, endOffset, committedOffset, lag: Math.max(0, endOffset - committedOffset) };
      });
    } catch (err) {
      throw busUnavailable(`lag of ${group} on ${topic}`, err);
    }
  }

  function retryLater(partition: number, offset: string, pause: () => () => void, err: unknown): void {
    const backoff = backoffs.get(partition) ?? { failures: 0, timer: undefined };
    backoffs.set(partition, backoff);
    backoff.failures += 1;
    const delay = backoffMs(backoff.failures);
    logger?.error(
      { err, topic, group, partition, offset: Number(offset), attempt: backoff.failures, retryInMs: delay },
      'bus handler failed; retrying',
    );
    const resume = pause();
    clearTimeout(backoff.timer);
    backoff.timer = setTimeout(() => {
      backoff.timer = undefined;
      resume();
    }, delay);
  }

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, pause, commitOffsetsIfNecessary, isRunning, isStale } = payload;
    const { partition } = batch;
    // Envelope records carry several messages: handler batches are cut by message, and offsets are
    // committed through the last record whose messages have all been handled.
    const items = unpack<T>(batch.messages, topic, partition, logger);
    for (let start = 0; start < items.length; start += maxBatchSize) {
      if (!isRunning() || isStale()) return;
      const chunk = items.slice(start, start + maxBatchSize);
      try {
        await handler({ topic, partition, messages: chunk.map((i) => i.message) });
      } catch (err) {
        // Not resolving the offset makes kafkajs fetch this record again once the partition resumes.
        retryLater(partition, String(chunk[0]!.message.offset), pause, err);
        return;
      }
      backoffs.delete(partition);
      const done = chunk.findLast((i) => i.endsRecord)?.message.offset;
      if (done !== undefined) {
        // The payload's commit, unlike consumer.commitOffsets(), still commits while stop() drains this batch.
        await commitOffsetsIfNecessary({
          topics: [{ topic, partitions: [{ partition, offset: String(done + 1) }] }],
        });
        resolveOffset(String(done));
      }
      await heartbeat();
    }
  }

  const runConfig = { autoCommit: false, eachBatchAutoResolve: false, eachBatch };
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: from !== 'latest' });
    await consumer.run(runConfig);
  } catch (err) {
    await consumer.disconnect().catch(() => {});
    throw busUnavailable(`subscribe ${group} to ${topic}`, err);
  }
  await positioned;

  return {
    assignedPartitions: () => [...assigned],
    lag,
    stop: () =>
      (stopping ??= (async () => {
        clearTimeout(restartTimer);
        await restarting; // a consumer still starting up would outlive a disconnect()
        try {
          await consumer.disconnect(); // lets the batch in flight finish, then leaves the group
        } catch (err) {
          logger?.warn({ err, topic, group }, 'kafka: consumer did not disconnect cleanly');
        }
        for (const backoff of backoffs.values()) clearTimeout(backoff.timer);
        assigned = [];
      })()),
  };
}

/** A value that is not JSON (written by some other producer) arrives as its raw string, with a warning. */
/** A delivered message and whether it is the last of its record (an envelope holds several). */
interface Unpacked<T> {
  message: DeliveredMessage<T>;
  endsRecord: boolean;
}

/** Records to bus messages: an envelope record yields its messages, each with the record's offset. */
function unpack<T>(records: readonly KafkaMessage[], topic: string, partition: number, logger: KafkaBusLogger | undefined): Unpacked<T>[] {
  const out: Unpacked<T>[] = [];
  for (const record of records) {
    const offset = Number(record.offset);
    const envelope = record.headers?.[ENVELOPE_HEADER]?.toString() === ENVELOPE_VERSION && record.value !== null;
    if (envelope) {
      try {
        const parts = JSON.parse(record.value!.toString('utf8')) as [string, unknown][];
        parts.forEach(([key, value], i) => out.push({ message: { key, value: value as T, offset }, endsRecord: i === parts.length - 1 }));
        if (parts.length > 0) continue;
      } catch {
        logger?.warn({ topic, partition, offset }, 'kafka: envelope is not JSON; delivered as one string');
      }
    }
    out.push({ message: decode<T>(record, topic, partition, logger), endsRecord: true });
  }
  return out;
}

function decode<T>(message: KafkaMessage, topic: string, partition: number, logger: KafkaBusLogger | undefined): DeliveredMessage<T> {
  const offset = Number(message.offset);
  let value: unknown = null;
  if (message.value !== null) {
    const text = message.value.toString('utf8');
    try {
      value = JSON.parse(text);
    } catch {
      logger?.warn({ topic, partition, offset }, 'kafka: message value is not JSON; delivered as a string');
      value = text;
    }
  }
  return { key: message.key?.toString('utf8') ?? '', value: value as T, offset };
}
