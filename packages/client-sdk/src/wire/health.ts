/** Path of the health endpoint, relative to the API base URL. */
export const HEALTH_PATH = '/health';

/**
 * Answer of `GET /health`: whether the server is serving, and which adapter backs each port.
 *
 * @example
 * { "status": "ok", "version": "0.1.0", "adapters": { "bus": "embedded", "store": "pglite", "cache": "memory" } }
 */
export interface HealthResponse {
  /** `degraded` when the server answers but a port is failing. */
  status: 'ok' | 'degraded';
  /** Server version (semver). */
  version: string;
  /** The adapter behind each port: embedded defaults, or the services set in the environment. */
  adapters: {
    bus: 'embedded' | 'kafka';
    store: 'pglite' | 'postgres';
    cache: 'memory' | 'redis';
  };
}

const oneOf = (value: unknown, allowed: readonly string[]): boolean =>
  typeof value === 'string' && allowed.includes(value);

/** True when `value` has the shape of a {@link HealthResponse}. */
export function isHealthResponse(value: unknown): value is HealthResponse {
  if (typeof value !== 'object' || value === null) return false;
  const { status, version, adapters } = value as Record<string, unknown>;
  if (!oneOf(status, ['ok', 'degraded']) || typeof version !== 'string') return false;
  if (typeof adapters !== 'object' || adapters === null) return false;
  const { bus, store, cache } = adapters as Record<string, unknown>;
  return oneOf(bus, ['embedded', 'kafka']) && oneOf(store, ['pglite', 'postgres']) && oneOf(cache, ['memory', 'redis']);
}
