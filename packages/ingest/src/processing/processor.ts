import { defaultUpcasters, TOPICS, type Bus, type Cache, type CanonicalEvent, type Logger, type Store, type Subscription } from '@tally/core';
import { BatchApplier, type AppliedBatch } from './aggregator.ts';
import { deadLetter, type DeadLetter } from '../dead-letters/dead-letter.ts';

/** How often every customer's health is rescored, events or not (usage trends move with time). */
const RESCORE_EVERY_MS = 3_600_000;

/** The consumer group of the processors: one more instance takes over partitions. */
export const PROCESSOR_GROUP = 'tally-processor';

/** Told about every applied batch, for `/metrics`. */
export interface ProcessorObserver {
  batch(info: {
    partition: number;
    applied: AppliedBatch;
    invalid: number;
    seconds: number;
    /** Milliseconds from ingest acceptance (`receivedAt`) to applied, for the newest event of the batch. */
    freshnessMs: number | undefined;
    /** The same for the oldest event of the batch: the batch's worst case. */
    maxFreshnessMs: number | undefined;
  }): void;
}

export interface ProcessorOptions {
  bus: Bus;
  store: Store;
  cache: Cache;
  logger?: Logger;
  group?: string;
  /**
   * The topic of canonical events.
   * @default TOPICS.events
   */
  topic?: string;
  /**
   * Largest batch handed to one transaction: bigger batches mean fewer, larger writes.
   * @default 5000
   */
  maxBatchSize?: number;
  observe?: ProcessorObserver;
  now?: () => number;
  /**
   * How often the health scores of touched customers are recomputed.
   * @default 10000
   */
  healthEveryMs?: number;
}

/** A running processor: a member of the processor group on the events topic. */
export interface Processor {
  subscription: Subscription;
  stop(): Promise<void>;
}

/**
 * Starts the stream processor (store writer + aggregator) as a member of {@link PROCESSOR_GROUP}. Offsets are
 * committed by the bus only after a batch's transaction commits; a failed batch is delivered again.
 */
export async function startProcessor(options: ProcessorOptions): Promise<Processor> {
  const { bus, logger, observe } = options;
  const now = options.now ?? Date.now;
  const healthEveryMs = options.healthEveryMs ?? 10_000;
  const applier = new BatchApplier({ store: options.store, cache: options.cache, now, healthEveryMs, ...(logger ? { logger } : {}) });
  // Customers touched by the last batches before a quiet spell still get their health refreshed.
  const healthTimer = setInterval(() => {
    applier.flushHealth().catch((err: unknown) => logger?.warn({ err }, 'processor: health refresh failed; retried on the next one'));
  }, healthEveryMs);
  healthTimer.unref();
  const rescoreTimer = setInterval(() => {
    applier.rescoreAll().catch((err: unknown) => logger?.warn({ err }, 'processor: hourly health rescore failed; retried next hour'));
  }, RESCORE_EVERY_MS);
  rescoreTimer.unref();
  const subscription = await bus.subscribe<unknown>(
    options.topic ?? TOPICS.events,
    options.group ?? PROCESSOR_GROUP,
    async (batch) => {
      const started = performance.now();
      const events: CanonicalEvent[] = [];
      const unreadable: DeadLetter[] = [];
      for (const m of batch.messages) {
        const read = defaultUpcasters.read(m.value);
        if (read.ok) events.push(read.event);
        else {
          // Ingest validated every event before publishing: an unreadable one is a bug or a foreign writer.
          // It goes to the dead-letter topic (before the batch commits, so a failure redelivers it).
          logger?.error({ partition: batch.partition, offset: m.offset, code: read.code, message: read.message }, 'processor: unreadable event sent to dead letters');
          unreadable.push(unreadableLetter(m.value, read.message, read.field ?? 'event'));
        }
      }
      if (unreadable.length > 0) await bus.publish(TOPICS.deadLetters, unreadable.map((d) => ({ key: `${d.tenant}:${d.source}`, value: d })));
      const invalid = unreadable.length;
      const applied = await applier.apply(events);
      let newest = '';
      let oldest = '';
      for (const e of events) {
        if (e.receivedAt > newest) newest = e.receivedAt;
        if (oldest === '' || e.receivedAt < oldest) oldest = e.receivedAt;
      }
      const appliedAt = now();
      observe?.batch({
        partition: batch.partition,
        applied,
        invalid,
        seconds: (performance.now() - started) / 1000,
        freshnessMs: events.length > 0 ? Math.max(0, appliedAt - Date.parse(newest)) : undefined,
        maxFreshnessMs: events.length > 0 ? Math.max(0, appliedAt - Date.parse(oldest)) : undefined,
      });
    },
    { maxBatchSize: options.maxBatchSize ?? 5000 },
  );
  return {
    subscription,
    async stop() {
      clearInterval(healthTimer);
      clearInterval(rescoreTimer);
      await subscription.stop();
      await applier.flushHealth();
    },
  };
}

function unreadableLetter(value: unknown, message: string, field: string): DeadLetter {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const text = (x: unknown, fallback: string) => (typeof x === 'string' && x !== '' ? x.slice(0, 64) : fallback);
  return deadLetter(
    { tenant: text(v.tenant, 'unknown'), source: text(v.source, 'unknown'), receivedAt: new Date(), connectorVersion: 0 },
    { code: 'invalid_event', field, message: `processor: ${message}` },
    value,
  );
}
