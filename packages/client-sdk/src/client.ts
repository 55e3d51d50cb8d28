import { resolveClientOptions, type TallyClientOptions } from './client-options.ts';
import { request } from './request.ts';
import { HEALTH_PATH, isHealthResponse, type HealthResponse } from './wire/health.ts';

/** A Tally API client. Every method rejects with a `TallyApiError` on failure, never with anything else. */
export interface TallyClient {
  /** Base URL the client talks to, absolute and without a trailing slash. */
  readonly baseUrl: string;
  /**
   * `GET /health`: whether the server is serving and which adapters back it.
   * @example
   * const { status, adapters } = await client.health();
   */
  health(): Promise<HealthResponse>;
}

/**
 * Creates a client for the Tally API. Works in browsers and in Node 20+ (global `fetch`). Throws a `TypeError`
 * naming the option when the options are invalid.
 *
 * @example
 * const client = createTallyClient({
 *   baseUrl: 'https://tally.example.com',
 *   token: () => fetch('/my-backend/tally-token').then((r) => r.text()),
 * });
 * const health = await client.health();
 */
export function createTallyClient(options: TallyClientOptions): TallyClient {
  const resolved = resolveClientOptions(options);
  return {
    baseUrl: resolved.baseUrl,
    health: () => request(resolved, { method: 'GET', path: HEALTH_PATH, accept: isHealthResponse }),
  };
}
