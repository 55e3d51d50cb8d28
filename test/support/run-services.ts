/**
 * Throwaway resources on the real services, for one test or bench run: a database created for the run
 * and dropped after it, and a Redis key prefix whose keys are deleted after it.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import postgres from 'postgres';

export const ADMIN_URL = process.env.TALLY_TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.TALLY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const HINT = 'run through `npm test` (scripts/ensure-services.sh starts Postgres and Redis) or see README "Running the tests"';

/** Creates a database named `<prefix>_<random>`; `drop()` removes it, even with connections open. */
export async function createRunDatabase(prefix = 'tally_test'): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } catch (err) {
    await admin.end({ timeout: 1 });
    throw new Error(`cannot create a database through ${ADMIN_URL}: ${(err as Error).message}; ${HINT}`);
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end({ timeout: 5 });
    },
  };
}

/** A fresh key prefix for a run. */
export function runKeyPrefix(prefix = 'tally-test'): string {
  return `${prefix}:${Date.now().toString(36)}${randomBytes(3).toString('hex')}:`;
}

/** Fails with a clear message when Redis does not answer. */
export async function checkRedis(): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    throw new Error(`Redis is not reachable at ${REDIS_URL}: ${(err as Error).message}; ${HINT}`);
  } finally {
    redis.disconnect();
  }
}

/** Deletes every key under `prefix`. */
export async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}
