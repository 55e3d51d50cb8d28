/** Progress of an archive or restore run, reported as it goes (the CLI prints it to stderr). */
export interface RetentionProgress {
  /** `write`: streaming a day to its file; `verify`: checking a file; `drop`: a month partition; `restore`: loading a day back. */
  phase: 'write' | 'verify' | 'drop' | 'restore';
  /** The day (`YYYY-MM-DD`) being handled, or the partition's name in the `drop` phase. */
  day: string;
  /** Days (partitions in the `drop` phase) finished before this one. */
  done: number;
  /** Days (partitions in the `drop` phase) this phase handles. */
  total: number;
  /** Rows written (archive) or loaded (restore) so far in this run. */
  rows: number;
}

/** Receives {@link RetentionProgress} reports; called often, so it should be cheap (throttle printing). */
export type RetentionProgressListener = (progress: RetentionProgress) => void;
