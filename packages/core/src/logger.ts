import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/**
 * The structured logger: JSON lines on stdout, level from `LOG_LEVEL`.
 *
 * @example
 * const log = createLogger({ level: 'debug', name: 'ingest' });
 */
export function createLogger(options: { level?: LevelWithSilent; name?: string } = {}): Logger {
  return pino({
    level: options.level ?? 'info',
    base: { service: options.name ?? 'tally' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
