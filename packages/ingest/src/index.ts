/**
 * @tally/ingest: source connectors, the ingest HTTP routes, dead letters, and (next) the stream processors
 * and the demo data generator.
 */
export { createIngest } from './ingest.ts';
export type { Ingest, IngestOptions } from './ingest.ts';
export { CONNECTORS } from './connectors/registry.ts';
export { EVENT_TYPES } from './connectors/event-types.ts';
export type { EventTypeName } from './connectors/event-types.ts';
export type {
  Connector,
  EventDraft,
  NormaliseContext,
  NormaliseResult,
  Rejection,
  RejectCode,
  SignedRequest,
  SourceConfig,
  VerifyResult,
} from './connectors/types.ts';
export { createApiKey, revokeApiKey, listApiKeys, ensureTenant, ApiKeyVerifier, API_KEY_SCOPES } from './auth/api-keys.ts';
export { requireKey } from './api/request-auth.ts';
export type { ApiKeyScope, ApiKeyIdentity, ApiKeyListing } from './auth/api-keys.ts';
export { SourceRegistry, upsertSource } from './auth/source-registry.ts';
export { DEFAULT_TIME_BOUNDS } from './pipeline/prepare.ts';
export type { TimeBounds, ItemOutcome } from './pipeline/prepare.ts';
export type { IngestSummary, ItemResult, OutcomeObserver } from './pipeline/ingest-service.ts';
export type { DeadLetter } from './dead-letters/dead-letter.ts';
export type { DeadLetterRow } from './dead-letters/dead-letter-store.ts';
export type { ReplayReport } from './dead-letters/replay.ts';
export { readNdjson, readCsv, batches } from './backfill/index.ts';
export type { BackfillRecord, ReadOptions, TextSource } from './backfill/index.ts';
export { prepareDemoTenant, runDemo, DEMO_SECRETS } from './demo/index.ts';
export type { DemoSetup, DemoProgress, DemoReport, RunDemoOptions } from './demo/index.ts';
export { archiveExpired, planArchive, restoreArchive, DEFAULT_RESTORED_HOLD_DAYS, scanArchiveFile, verifyArchiveFile, archiveFileName, parseDay } from './retention/index.ts';
export type {
  ArchiveOptions,
  ArchiveReport,
  ArchivePlan,
  PlannedDay,
  PlanOptions,
  DayAction,
  RestoreOptions,
  RestoreReport,
  ArchiveDigest,
  RetentionProgress,
  RetentionProgressListener,
} from './retention/index.ts';
export { startProcessor, PROCESSOR_GROUP, BatchApplier, HEALTH_WEIGHTS, refreshHealth, isActivity } from './processing/index.ts';
export type { Processor, ProcessorOptions, ProcessorObserver, AppliedBatch, BatchApplierOptions } from './processing/index.ts';
