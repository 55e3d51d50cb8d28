import type { Subscription } from '@tally/core';
import type { ProcessorObserver } from '@tally/ingest';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * The processors' metrics on `/metrics`: events processed by outcome, batch latency, freshness (ingest
 * acknowledgement → rollups and cache updated), consumer lag per partition (read from the bus at scrape
 * time) and when rollups last changed. Returns the observer to hand to `startProcessor`.
 */
export function registerProcessorMetrics(registry: Registry, subscriptions: () => readonly Subscription[]): ProcessorObserver {
  const events = new Counter({
    name: 'tally_processor_events_total',
    help: 'Events handled by the processors: fresh (stored and counted), duplicate (already stored), invalid (unreadable, skipped).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const batches = new Histogram({
    name: 'tally_processor_batch_duration_seconds',
    help: 'Time to apply one batch: store write, rollups, state and cache.',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const freshness = new Histogram({
    name: 'tally_processor_freshness_seconds',
    help: 'From ingest acceptance (receivedAt) of the oldest event in a batch to the batch applied: the batch\'s worst case.',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 15, 60, 300],
    registers: [registry],
  });
  const lastApplied = new Gauge({
    name: 'tally_rollup_last_applied_timestamp_seconds',
    help: 'Unix time at which rollups last changed.',
    registers: [registry],
  });
  const lastFreshness = new Gauge({
    name: 'tally_rollup_freshness_seconds',
    help: 'Freshness of the last applied batch: how far behind ingest the rollups were when it was applied.',
    registers: [registry],
  });
  const cacheFailures = new Counter({
    name: 'tally_processor_cache_failures_total',
    help: 'Batches whose live cache update failed after the database committed them.',
    registers: [registry],
  });
  new Gauge({
    name: 'tally_processor_consumer_lag',
    help: 'Events on the bus not yet processed, per partition owned by this process.',
    labelNames: ['partition'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const subscription of subscriptions()) {
        try {
          for (const p of await subscription.lag()) this.set({ partition: String(p.partition) }, p.lag);
        } catch {
          // the bus is unreachable: no figure rather than a wrong one
        }
      }
    },
  });

  return {
    batch({ applied, invalid, seconds, freshnessMs, maxFreshnessMs }) {
      if (applied.fresh > 0) events.inc({ outcome: 'fresh' }, applied.fresh);
      if (applied.duplicates > 0) events.inc({ outcome: 'duplicate' }, applied.duplicates);
      if (invalid > 0) events.inc({ outcome: 'invalid' }, invalid);
      if (applied.cacheFailed) cacheFailures.inc();
      batches.observe(seconds);
      if (maxFreshnessMs !== undefined) freshness.observe(maxFreshnessMs / 1000);
      if (freshnessMs !== undefined) lastFreshness.set(freshnessMs / 1000);
      if (applied.fresh > 0) lastApplied.set(Date.now() / 1000);
    },
  };
}
