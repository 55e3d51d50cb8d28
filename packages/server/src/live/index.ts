/**
 * The live socket (`GET /v1/live`): embed-token auth in the first message, query subscriptions re-answered
 * when "metric changed" touches them (coalesced, latest only for slow clients), heartbeats, token refresh.
 */
export { createLiveHub } from './live-hub.ts';
export type { LiveHub, LiveHubOptions, LiveStats } from './live-hub.ts';
export { LiveConnection } from './live-connection.ts';
export type { LiveOrigin, LiveSocket } from './live-connection.ts';
export { attachLive, liveRoutes, LIVE_MAX_FRAME_BYTES } from './live-routes.ts';
export type { NodeLive } from './live-routes.ts';
export { registerLiveMetrics } from './live-metrics.ts';
export { parseLiveMessage, MAX_SUBSCRIPTION_ID_LENGTH } from './live-messages.ts';
export type { ReceivedLiveMessage } from './live-messages.ts';
