/** Delays between reconnection attempts. */
export interface BackoffOptions {
  /**
   * Delay before the first reconnection attempt, in ms; each further attempt doubles it.
   * @default 250
   */
  initialDelayMs?: number;
  /**
   * Longest delay between two attempts, in ms.
   * @default 30_000
   */
  maxDelayMs?: number;
}

/** {@link BackoffOptions} with every default applied. */
export const BACKOFF_DEFAULTS: Required<BackoffOptions> = Object.freeze({ initialDelayMs: 250, maxDelayMs: 30_000 });

/**
 * The delay before reconnection attempt `attempt` (0 for the first): exponential, capped, with "equal jitter"
 * (between half and all of the capped delay) so that clients dropped together do not return together.
 */
export function backoffDelay(attempt: number, options: Required<BackoffOptions>, random: () => number = Math.random): number {
  const capped = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** attempt);
  return Math.round(capped / 2 + (capped / 2) * random());
}
