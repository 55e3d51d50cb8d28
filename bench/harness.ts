/**
 * The bench harness: each `bench/*.bench.ts` default-exports a suite of cases; every case runs once to warm
 * up, then at least five measured times. We report the median with min and max, never assert on them.
 * A case measures a rate (units per second) or a latency (milliseconds per run).
 */

/** One measured operation. `run` does the work once and resolves with how many units it did. */
export interface BenchCase {
  name: string;
  /** The adapter or variant measured, e.g. `embedded`, `kafka`, `postgres`. */
  adapter: string;
  /** The unit of the rate, e.g. `msgs/s`; `ms` for a latency. */
  unit: string;
  /**
   * `rate`: units per second (higher is better). `latency`: milliseconds per run (lower is better).
   * `value`: whatever `run` resolves with (for example a p99 the run measured itself).
   * @default 'rate'
   */
  kind?: 'rate' | 'latency' | 'value';
  run(): Promise<number>;
  /** Runs before each measured run (not timed). */
  before?(): Promise<void>;
}

/** What a suite gets from the harness: throwaway services for this bench run. */
export interface BenchContext {
  databaseUrl: string;
  redisUrl: string;
  keyPrefix: string;
  kafkaBrokers(): Promise<string[]>;
  kafkaCreateTopic(name: string, partitions: number): Promise<void>;
  tmpDir(): Promise<string>;
}

/** A file's worth of cases with shared setup and teardown. */
export interface BenchSuite {
  name: string;
  /** Measured runs per case at least, whatever BENCH_RUNS says. */
  runs?: number;
  setup(ctx: BenchContext): Promise<BenchCase[]>;
  /** A markdown section for latest.md, made from this suite's results (e.g. a side-by-side table). */
  report?(results: readonly BenchResult[]): string;
  teardown?(): Promise<void>;
}

export function defineBench(suite: BenchSuite): BenchSuite {
  return suite;
}

/** Result of one case. */
export interface BenchResult {
  suite: string;
  name: string;
  adapter: string;
  unit: string;
  runs: number;
  median: number;
  min: number;
  max: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs one case: a warm-up, then `runs` timed runs; rate = units / seconds, latency = milliseconds. */
export async function measure(suite: string, c: BenchCase, runs: number): Promise<BenchResult> {
  await c.before?.();
  await c.run();
  const values: number[] = [];
  for (let i = 0; i < runs; i++) {
    await c.before?.();
    const start = performance.now();
    const units = await c.run();
    const ms = performance.now() - start;
    values.push(c.kind === 'latency' ? ms : c.kind === 'value' ? units : units / (ms / 1000));
  }
  return { suite, name: c.name, adapter: c.adapter, unit: c.unit, runs, median: median(values), min: Math.min(...values), max: Math.max(...values) };
}
