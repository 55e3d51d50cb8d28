import type { QueryResponse } from '@tally/client-sdk';
import { getMetric, type MetricChangedMessage, type MetricDefinition } from '@tally/core';

/** Options of {@link ResultCache}. */
export interface ResultCacheOptions {
  /**
   * Most answers kept; the least recently used goes first.
   * @default 1000
   */
  maxEntries?: number;
  /**
   * A backstop for answers no "metric changed" message touches (time moving under a health snapshot).
   * @default 300000
   */
  ttlMs?: number;
  /** The clock (tests fix it). */
  now?: () => number;
}

interface Entry {
  tenant: string;
  /** The metric and every metric it is computed from: a change to any of them drops the answer. */
  inputs: ReadonlySet<string>;
  value: QueryResponse;
  storedAt: number;
}

/** The metric's name and the names of every metric it reads, transitively. */
export function metricInputs(metric: MetricDefinition, into: Set<string> = new Set()): Set<string> {
  if (into.has(metric.name)) return into;
  into.add(metric.name);
  const { source } = metric;
  const refs = source.kind === 'slice' || source.kind === 'cumulative' || source.kind === 'scaled'
    ? [source.of]
    : source.kind === 'ratio' ? [source.numerator.metric, source.denominator.metric] : [];
  for (const ref of refs) metricInputs(getMetric(ref), into);
  return into;
}

/**
 * An in-process LRU of query answers, keyed by tenant, normalised request and the caller's confinement,
 * dropped when a "metric changed" message for the tenant names the metric or one of its inputs.
 */
export class ResultCache {
  readonly #entries = new Map<string, Entry>();
  readonly #max: number;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #generations = new Map<string, number>();

  constructor(options: ResultCacheOptions = {}) {
    this.#max = options.maxEntries ?? 1000;
    this.#ttlMs = options.ttlMs ?? 300_000;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** A copy of the answer under `key`, if fresh. */
  get(key: string): QueryResponse | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (this.#now() - entry.storedAt > this.#ttlMs) return undefined;
    this.#entries.set(key, entry);
    return structuredClone(entry.value);
  }

  /** Bumped by every invalidation of the tenant: an answer computed across one is not stored. */
  generation(tenant: string): number {
    return this.#generations.get(tenant) ?? 0;
  }

  /**
   * Stores an answer, unless the tenant saw an invalidation since `generation` (read it before computing):
   * the answer may predate the change.
   */
  set(key: string, tenant: string, metric: MetricDefinition, value: QueryResponse, generation = this.generation(tenant)): void {
    if (generation !== this.generation(tenant)) return;
    this.#entries.delete(key);
    this.#entries.set(key, { tenant, inputs: metricInputs(metric), value: structuredClone(value), storedAt: this.#now() });
    while (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value!);
  }

  /** Drops the tenant's answers that read a changed metric; resolves with how many. */
  invalidate(message: Pick<MetricChangedMessage, 'tenant' | 'metrics'>): number {
    this.#generations.set(message.tenant, this.generation(message.tenant) + 1);
    let dropped = 0;
    for (const [key, entry] of this.#entries) {
      if (entry.tenant === message.tenant && message.metrics.some((m) => entry.inputs.has(m))) {
        this.#entries.delete(key);
        dropped += 1;
      }
    }
    return dropped;
  }

  clear(): void {
    this.#entries.clear();
  }
}
