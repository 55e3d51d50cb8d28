/** @tally/server: the Hono app, the process runtime and the `tally` CLI. */
export { createApp } from './app.ts';
export type { AppDeps } from './app.ts';
export { startTally } from './runtime.ts';
export type { RunningTally, StartOptions } from './runtime.ts';
export { createMetrics } from './metrics.ts';
export type { ServerMetrics } from './metrics.ts';
export { ApiError, STATUS_OF, toErrorBody } from './http/error-response.ts';
export { main } from './cli/main.ts';
export { VERSION } from './version.ts';
