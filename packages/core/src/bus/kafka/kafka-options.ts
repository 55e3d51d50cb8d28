import type { RetryOptions } from 'kafkajs';
import { TallyError } from '../../errors.ts';
import type { KafkaBusLogger } from './kafka-log.ts';

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

/** {@link KafkaBusOptions} checked, with every default filled in. */
export interface KafkaBusSettings {
  brokers: string[];
  clientId: string;
  idempotent: boolean;
  createTopics: boolean;
  defaultPartitions: number;
  logger: KafkaBusLogger | undefined;
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
  /** In kafkajs's shape. */
  retry: Required<Pick<RetryOptions, 'retries' | 'initialRetryTime' | 'maxRetryTime'>>;
  consumer: { maxWaitTimeMs: number; sessionTimeoutMs: number; heartbeatIntervalMs: number };
}

/** Checks the options and fills in the defaults; throws `config_invalid` naming the field. */
export function kafkaBusSettings(options: KafkaBusOptions): KafkaBusSettings {
  const consumer = {
    maxWaitTimeMs: positiveInteger('maxWaitTimeMs', options.maxWaitTimeMs ?? 1000),
    sessionTimeoutMs: positiveInteger('sessionTimeoutMs', options.sessionTimeoutMs ?? 30_000),
    heartbeatIntervalMs: positiveInteger('heartbeatIntervalMs', options.heartbeatIntervalMs ?? 3000),
  };
  if (consumer.heartbeatIntervalMs >= consumer.sessionTimeoutMs) {
    throw new TallyError('config_invalid', 'heartbeatIntervalMs: must be below sessionTimeoutMs', { field: 'heartbeatIntervalMs' });
  }
  return {
    brokers: checkBrokers(options.brokers),
    clientId: options.clientId ?? 'tally',
    idempotent: options.idempotent ?? true,
    createTopics: options.createTopics ?? true,
    defaultPartitions: positiveInteger('defaultPartitions', options.defaultPartitions ?? 12),
    logger: options.logger,
    connectionTimeoutMs: positiveInteger('connectionTimeoutMs', options.connectionTimeoutMs ?? 1000),
    requestTimeoutMs: positiveInteger('requestTimeoutMs', options.requestTimeoutMs ?? 30_000),
    retry: {
      retries: nonNegativeInteger('retry.retries', options.retry?.retries ?? 5),
      initialRetryTime: positiveInteger('retry.initialRetryTimeMs', options.retry?.initialRetryTimeMs ?? 300),
      maxRetryTime: positiveInteger('retry.maxRetryTimeMs', options.retry?.maxRetryTimeMs ?? 30_000),
    },
    consumer,
  };
}

function checkBrokers(brokers: unknown): string[] {
  if (!Array.isArray(brokers) || brokers.length === 0 || !brokers.every((b) => typeof b === 'string' && /^[^\s:]+:\d+$/.test(b))) {
    throw new TallyError('config_invalid', `brokers: expected a non-empty list of host:port, got ${JSON.stringify(brokers)}`, { field: 'brokers' });
  }
  return brokers as string[];
}

/** The value if it is an integer >= 1, else a TallyError (`config_invalid` unless told). */
export function positiveInteger(field: string, value: number, code: 'config_invalid' | 'invalid_argument' = 'config_invalid'): number {
  if (!Number.isInteger(value) || value < 1) throw new TallyError(code, `${field}: expected a positive integer, got ${value}`, { field });
  return value;
}

function nonNegativeInteger(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new TallyError('config_invalid', `${field}: expected an integer >= 0, got ${value}`, { field });
  return value;
}
