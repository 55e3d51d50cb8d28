/** One message on the bus. `value` is any JSON-serialisable value; adapters encode it as JSON. */
export interface BusMessage<T = unknown> {
  /** Partitioning key: messages with one key keep their order. For events, `tenant:customerId`. */
  key: string;
  value: T;
}

/** A message as delivered to a consumer, with its position in the partition. */
export interface DeliveredMessage<T = unknown> extends BusMessage<T> {
  /**
   * Offset within the partition, counted from 0. On Kafka the messages of one publish that share a
   * partition travel in one record (an envelope) and share its offset; offsets never go backwards.
   */
  offset: number;
}

/** A batch of messages from one partition of one topic, in offset order. */
export interface BusBatch<T = unknown> {
  topic: string;
  partition: number;
  messages: DeliveredMessage<T>[];
}

/**
 * Called with each batch. The batch is committed only after the returned promise resolves; if it rejects,
 * the same messages are delivered again (at least once).
 */
export type BatchHandler<T = unknown> = (batch: BusBatch<T>) => Promise<void>;

/** Options for {@link Bus.subscribe}. */
export interface SubscribeOptions {
  /**
   * Where a group with no committed offset starts.
   * @default 'earliest'
   */
  from?: 'earliest' | 'latest';
  /**
   * Largest number of messages in one batch.
   * @default 1000
   */
  maxBatchSize?: number;
}

/** How far a consumer group is behind on one partition (see {@link Subscription.lag}). */
export interface PartitionLag {
  partition: number;
  /** Offset the next message published to the partition will get (Kafka's high watermark). */
  endOffset: number;
  /**
   * Offset the group resumes from: its committed offset, or the partition's oldest kept offset (Kafka's low
   * watermark) while the group has committed nothing there.
   */
  committedOffset: number;
  /** `endOffset - committedOffset` (never below 0): messages published but not yet committed by the group. */
  lag: number;
}

/** A running consumer. `stop()` lets the batch in flight finish and commit, then leaves the group. */
export interface Subscription {
  stop(): Promise<void>;
  /** Partitions of the topic this member currently owns. */
  assignedPartitions(): number[];
  /**
   * The group's lag on each partition this member owns now, in partition order; empty once stopped. Cheap
   * enough to call every few seconds (for `/metrics`). Rejects with `bus_unavailable` when the broker
   * cannot be asked.
   *
   * @example
   * const behind = (await subscription.lag()).reduce((n, p) => n + p.lag, 0);
   */
  lag(): Promise<PartitionLag[]>;
}

/**
 * The bus port: durable, partitioned, ordered per key, consumed by groups with commit-after-success.
 * Adapters: embedded (in process, durable on disk) and Kafka.
 */
export interface Bus {
  /** Which adapter this is, for `/health` and logs. */
  readonly adapter: 'embedded' | 'kafka';
  /** Makes sure the topic exists with at least this many partitions. */
  ensureTopic(topic: string, partitions: number): Promise<void>;
  /** Resolves only once every message is durable (on disk / acknowledged by all in-sync replicas). */
  publish<T>(topic: string, messages: readonly BusMessage<T>[]): Promise<void>;
  /** Joins `group` on `topic`; members of one group split the partitions between them. */
  subscribe<T>(topic: string, group: string, handler: BatchHandler<T>, options?: SubscribeOptions): Promise<Subscription>;
  /** Stops every subscription (draining in-flight batches) and releases resources. */
  close(): Promise<void>;
}
