/** Stream processing: the store writer and the aggregator, run as one consumer group on the events topic. */
export { startProcessor, PROCESSOR_GROUP } from './processor.ts';
export type { Processor, ProcessorOptions, ProcessorObserver } from './processor.ts';
export { BatchApplier } from './aggregator.ts';
export type { AppliedBatch, BatchApplierOptions } from './aggregator.ts';
export { HEALTH_WEIGHTS, refreshHealth } from './health-score.ts';
export { isActivity } from './activity-deltas.ts';
