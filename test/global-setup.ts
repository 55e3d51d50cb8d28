/**
 * Once per `vitest run`: a fresh Postgres database, a fresh Redis key prefix and a Kafka test broker, all
 * removed again at the end. Workers find them in the TALLY_TEST_* variables (see test/support/services.ts).
 */
import { startKafkaTestBroker, type KafkaTestBroker } from '../tools/kafka-test-broker/index.ts';
import { checkRedis, createRunDatabase, deleteKeys, REDIS_URL, runKeyPrefix } from './support/run-services.ts';

export default async function setup(): Promise<() => Promise<void>> {
  const keyPrefix = runKeyPrefix();
  await checkRedis();
  const db = await createRunDatabase();
  let broker: KafkaTestBroker;
  try {
    broker = await startKafkaTestBroker({ brokers: 3 });
  } catch (err) {
    await db.drop();
    throw err;
  }
  Object.assign(process.env, {
    TALLY_TEST_DATABASE_URL: db.url,
    TALLY_TEST_REDIS_URL: REDIS_URL,
    TALLY_TEST_KEY_PREFIX: keyPrefix,
    TALLY_TEST_KAFKA_BROKERS: broker.brokers.join(','),
    TALLY_TEST_KAFKA_CONTROL: String(broker.controlPort),
  });
  return async () => {
    await Promise.allSettled([broker.stop(), db.drop(), deleteKeys(keyPrefix)]);
  };
}
