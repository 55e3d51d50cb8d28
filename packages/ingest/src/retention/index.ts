/**
 * Retention and cold storage of raw events: expired UTC days of `events` go to verified, gzipped NDJSON
 * files (one per day) before their month partition (or Timescale chunk) is dropped; a range of days can be
 * restored. Rollups and the dedup table (`event_ids`) are never touched. See the README's "Retention and
 * cold storage".
 */
export { archiveExpired } from './archive.ts';
export type { ArchiveOptions, ArchiveReport } from './archive.ts';
export { planArchive, DEFAULT_RESTORED_HOLD_DAYS } from './plan.ts';
export type { ArchivePlan, PlannedDay, PlanOptions, DayAction } from './plan.ts';
export { restoreArchive } from './restore.ts';
export type { RestoreOptions, RestoreReport } from './restore.ts';
export { scanArchiveFile, verifyArchiveFile } from './archive-file.ts';
export type { ArchiveDigest } from './archive-file.ts';
export { archiveFileName, parseDay } from './days.ts';
export type { RetentionProgress, RetentionProgressListener } from './progress.ts';
