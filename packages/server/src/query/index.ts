/**
 * The query planner: `POST /v1/query` answered from rollups, activity and state tables, raw events when
 * nothing coarser serves, behind an in-process result cache dropped by "metric changed".
 */
export { createQueryService } from './query-service.ts';
export type { QueryService, QueryServiceOptions, QueryStats } from './query-service.ts';
export { queryRoutes } from './query-routes.ts';
export type { ScopeReader } from './query-routes.ts';
export { parseQueryRequest } from './query-request.ts';
export type { ParsedQuery } from './query-request.ts';
export { ResultCache, metricInputs } from './result-cache.ts';
export type { ResultCacheOptions } from './result-cache.ts';
export { MAX_BUCKETS } from './buckets.ts';
