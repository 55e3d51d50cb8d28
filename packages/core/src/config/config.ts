import { join } from 'node:path';
import { z } from 'zod';
import { TallyError } from '../errors.ts';
import { parseRolesConfig, type RoleGrants } from './roles-config.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const port = z.coerce.number().int().min(0).max(65535);
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `expected a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
const brokerList = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter((s) => s.length > 0))
  .refine((list) => list.length > 0 && list.every((b) => /^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/.test(b)), {
    message: 'expected a comma-separated list of host:port',
  });

/**
 * Every environment variable Tally reads, with its rule and default. An absent variable for a port
 * (`DATABASE_URL`, `REDIS_URL`, `KAFKA_BROKERS`) selects that port's embedded adapter.
 */
const envSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  TALLY_DATA_DIR: z.string().min(1).default('.tally-data'),
  TALLY_ARCHIVE_DIR: z.string().min(1).optional(),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'expected a lower-case SQL identifier')
    .default('public'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  TALLY_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_\-.]{0,64}$/, 'expected up to 64 characters of A-Z a-z 0-9 : _ - .')
    .default('tally:'),
  KAFKA_BROKERS: brokerList.optional(),
  KAFKA_CLIENT_ID: z.string().min(1).default('tally'),
  KAFKA_IDEMPOTENT: bool.default(true),
  KAFKA_CREATE_TOPICS: bool.default(true),
  KAFKA_PARTITIONS: z.coerce.number().int().min(1).max(1024).default(12),
  BUS_PARTITIONS: z.coerce.number().int().min(1).max(256).default(4),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(400),
  INGEST_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(5 * 1024 * 1024),
  INGEST_MAX_FUTURE_SECONDS: z.coerce.number().int().min(0).max(30 * 86_400).default(3600),
  INGEST_LATE_AFTER_SECONDS: z.coerce.number().int().min(0).max(365 * 86_400).default(3600),
  INGEST_DEDUP_TTL_SECONDS: z.coerce.number().int().min(60).max(30 * 86_400).default(86_400),
  INGEST_MAX_IN_FLIGHT: z.coerce.number().int().min(100).max(10_000_000).default(200_000),
  TALLY_PROCESSORS: z.enum(['on', 'off']).default('on'),
  TALLY_DEMO: z.enum(['auto', 'on', 'off']).default('auto'),
  TALLY_DEMO_SCALE: z.coerce.number().min(0.01).max(100).default(1),
  TALLY_DEMO_SEED: z.coerce.number().int().min(0).max(2_147_483_647).default(42),
  TALLY_DEMO_RATE: z.coerce.number().min(0).max(100_000).default(20),
  TALLY_DEMO_DAYS: z.coerce.number().int().min(1).max(365).default(365),
  TALLY_TOKEN_ISSUER: z.string().min(1).max(256).default('tally'),
  TALLY_TOKEN_AUDIENCE: z.string().min(1).max(256).default('tally-embed'),
  TALLY_TOKEN_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(600),
  TALLY_SECRET_KEY: z.string().min(32, 'expected at least 32 characters').optional(),
  TALLY_ROLES: z.string().optional(),
});

type Env = z.output<typeof envSchema>;

/** Tally's configuration, read once from the environment. */
export interface TallyConfig {
  http: { host: string; port: number };
  logLevel: Env['LOG_LEVEL'];
  /** Folder for the embedded adapters' data (PGlite, the embedded bus log). */
  dataDir: string;
  shutdownTimeoutMs: number;
  /** Raw events older than this many days leave the hot store; ingest refuses older ones. */
  retentionDays: number;
  /**
   * Folder of the cold-storage archive: one gzipped NDJSON file of raw events per archived UTC day.
   * @default `<dataDir>/archive`
   */
  archiveDir: string;
  /** Whether `tally start` runs the stream processors in its process (off when `tally process` runs them). */
  processors: boolean;
  /** The demo data generator: on by default only on the embedded store (a first `npm start`). */
  demo: { enabled: boolean; scale: number; seed: number; liveRate: number; days: number };
  /** Embed tokens: the `iss` and `aud` they carry and are checked against, and requests per minute per token. */
  tokens: {
    issuer: string;
    audience: string;
    rateLimitPerMinute: number;
    /** Encrypts the signing keys' private halves at rest when set. */
    secretKey?: string;
    /**
     * Roles from `TALLY_ROLES` (JSON text or a JSON file): grants replacing a built-in role's, or custom roles.
     * Unset when `TALLY_ROLES` is.
     */
    roles?: Record<string, RoleGrants>;
  };
  ingest: {
    maxBodyBytes: number;
    maxFutureMs: number;
    lateAfterMs: number;
    dedupTtlMs: number;
    maxInFlight: number;
  };
  bus:
    | { adapter: 'embedded'; partitions: number }
    | {
        adapter: 'kafka';
        brokers: string[];
        clientId: string;
        idempotent: boolean;
        createTopics: boolean;
        partitions: number;
      };
  store:
    | { adapter: 'pglite' }
    | { adapter: 'postgres'; url: string; schema: string; poolSize: number };
  cache: { adapter: 'memory'; keyPrefix: string } | { adapter: 'redis'; url: string; keyPrefix: string };
}

/** Variables a user may set; anything else is ignored. */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape) as (keyof Env)[];

/**
 * Reads and validates the configuration. A bad value throws `TallyError('config_invalid')` whose message
 * names every offending variable and what was expected.
 *
 * @example
 * const config = readConfig(process.env);
 */
export function readConfig(env: Record<string, string | undefined> = process.env): TallyConfig {
  // An empty string means "unset" (a common result of `FOO= cmd`).
  const input = Object.fromEntries(
    CONFIG_VARIABLES.map((name) => [name, env[name] === '' ? undefined : env[name]]),
  );
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const got = input[name];
      return `${name}: ${issue.message}${got === undefined ? '' : ` (got ${JSON.stringify(got)})`}`;
    });
    const first = parsed.error.issues[0]?.path[0];
    throw new TallyError('config_invalid', `invalid configuration: ${problems.join('; ')}`, {
      field: first === undefined ? undefined : String(first),
    });
  }
  const e = parsed.data;
  return {
    http: { host: e.HOST, port: e.PORT },
    logLevel: e.LOG_LEVEL,
    dataDir: e.TALLY_DATA_DIR,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    retentionDays: e.RETENTION_DAYS,
    archiveDir: e.TALLY_ARCHIVE_DIR ?? join(e.TALLY_DATA_DIR, 'archive'),
    processors: e.TALLY_PROCESSORS === 'on',
    demo: {
      enabled: e.TALLY_DEMO === 'on' || (e.TALLY_DEMO === 'auto' && !e.DATABASE_URL),
      scale: e.TALLY_DEMO_SCALE,
      seed: e.TALLY_DEMO_SEED,
      liveRate: e.TALLY_DEMO_RATE,
      days: e.TALLY_DEMO_DAYS,
    },
    tokens: {
      issuer: e.TALLY_TOKEN_ISSUER,
      audience: e.TALLY_TOKEN_AUDIENCE,
      rateLimitPerMinute: e.TALLY_TOKEN_RATE_LIMIT,
      ...(e.TALLY_SECRET_KEY ? { secretKey: e.TALLY_SECRET_KEY } : {}),
      ...(e.TALLY_ROLES ? { roles: parseRolesConfig(e.TALLY_ROLES) } : {}),
    },
    ingest: {
      maxBodyBytes: e.INGEST_MAX_BODY_BYTES,
      maxFutureMs: e.INGEST_MAX_FUTURE_SECONDS * 1000,
      lateAfterMs: e.INGEST_LATE_AFTER_SECONDS * 1000,
      dedupTtlMs: e.INGEST_DEDUP_TTL_SECONDS * 1000,
      maxInFlight: e.INGEST_MAX_IN_FLIGHT,
    },
    bus: e.KAFKA_BROKERS
      ? {
          adapter: 'kafka',
          brokers: e.KAFKA_BROKERS,
          clientId: e.KAFKA_CLIENT_ID,
          idempotent: e.KAFKA_IDEMPOTENT,
          createTopics: e.KAFKA_CREATE_TOPICS,
          partitions: e.KAFKA_PARTITIONS,
        }
      : { adapter: 'embedded', partitions: e.BUS_PARTITIONS },
    store: e.DATABASE_URL
      ? { adapter: 'postgres', url: e.DATABASE_URL, schema: e.DATABASE_SCHEMA, poolSize: e.DATABASE_POOL_SIZE }
      : { adapter: 'pglite' },
    cache: e.REDIS_URL
      ? { adapter: 'redis', url: e.REDIS_URL, keyPrefix: e.TALLY_KEY_PREFIX }
      : { adapter: 'memory', keyPrefix: e.TALLY_KEY_PREFIX },
  };
}
