import { logLevel, type logCreator } from 'kafkajs';

/** The part of a pino logger the Kafka adapter uses; a pino `Logger` fits as is. */
export interface KafkaBusLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * kafkajs warns about this on every start when the idempotent producer has a finite retry budget. The
 * budget is deliberate (publish must fail rather than hang; duplicates are removed by event id downstream),
 * so it is logged as info.
 */
const expectedWarnings = ['Limiting retries for the idempotent producer may invalidate EoS guarantees'];

/** Routes kafkajs's log entries to `logger` (nothing is printed when there is no logger). */
export function kafkaLogCreator(logger: KafkaBusLogger | undefined): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      if (!logger) return;
      const { message, timestamp: _timestamp, ...extra } = log;
      const fields = { kafkajs: namespace, ...extra };
      switch (level) {
        case logLevel.ERROR:
          return logger.error(fields, message);
        case logLevel.WARN:
          return expectedWarnings.includes(message) ? logger.info(fields, message) : logger.warn(fields, message);
        case logLevel.INFO:
          return logger.info(fields, message);
        default:
          return logger.debug(fields, message);
      }
    };
}
