/**
 * Where the test run's services are. `test/global-setup.ts` creates a fresh database, picks a fresh key
 * prefix and starts the Kafka test broker once per run, and passes them to the workers in these variables.
 */
import { randomBytes } from 'node:crypto';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through vitest (test/global-setup.ts sets it)`);
  return value;
}

/** A URL of this run's own database (dropped at the end of the run). */
export const testDatabaseUrl = (): string => required('TALLY_TEST_DATABASE_URL');
/** The Redis URL for this run. */
export const testRedisUrl = (): string => required('TALLY_TEST_REDIS_URL');
/** Bootstrap brokers of this run's Kafka test broker. */
export const testKafkaBrokers = (): string[] => required('TALLY_TEST_KAFKA_BROKERS').split(',');
/** Control port of this run's Kafka test broker. */
export const testKafkaControlPort = (): number => Number(required('TALLY_TEST_KAFKA_CONTROL'));

/** A unique lower-case suffix for schema, topic and group names. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** A fresh cache key prefix under this run's prefix (deleted at the end of the run). */
export function freshKeyPrefix(): string {
  return `${required('TALLY_TEST_KEY_PREFIX')}${randomBytes(4).toString('hex')}:`;
}
