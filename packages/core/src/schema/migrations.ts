import type { Migration } from '../store/store.ts';
import { activeUsersWindowMigrationSql } from './active-users-window.ts';
import { analyticsSchemaSql } from './analytics-schema.ts';
import { userLastActiveMigrationSql } from './user-last-active.ts';

/**
 * Tally's schema, one ordered list for every package. Never edit an applied migration: add a new one.
 * The same SQL runs on Postgres and PGlite.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'tenants, api keys, sources, dead letters',
    sql: `
CREATE TABLE tenants (
  id text PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- API keys: "tk_<key_id>_<secret>"; only a SHA-256 of the secret is kept.
CREATE TABLE api_keys (
  key_id text PRIMARY KEY,
  tenant text NOT NULL REFERENCES tenants (id),
  secret_hash text NOT NULL,
  scopes text[] NOT NULL,
  name text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE INDEX api_keys_tenant ON api_keys (tenant);

-- A tenant's configuration of one source connector (signing secret, mappings).
CREATE TABLE sources (
  tenant text NOT NULL REFERENCES tenants (id),
  source text NOT NULL,
  config jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, source)
);
CREATE INDEX sources_source ON sources (source);

-- Items ingest refused, indexed from the dead-letter topic for listing and replay.
CREATE TABLE dead_letters (
  id text PRIMARY KEY,
  tenant text NOT NULL,
  source text NOT NULL,
  received_at timestamptz NOT NULL,
  code text NOT NULL,
  field text NOT NULL,
  message text NOT NULL,
  connector_version integer NOT NULL,
  payload text NOT NULL,
  replayed_at timestamptz,
  replay_result text
);
CREATE INDEX dead_letters_listing ON dead_letters (tenant, received_at DESC);
`,
  },
  {
    version: 2,
    name: 'demo runs',
    sql: `
-- The demo generator's progress per tenant, so a restart resumes instead of sending the year again.
CREATE TABLE demo_runs (
  tenant text PRIMARY KEY,
  seed integer NOT NULL,
  scale double precision NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  backfilled_through timestamptz,
  backfill_completed_at timestamptz,
  events_sent bigint NOT NULL DEFAULT 0
);
`,
  },
  {
    version: 3,
    name: 'events, rollups, activity, customer state',
    sql: analyticsSchemaSql,
  },
  {
    version: 4,
    name: 'archive manifest',
    sql: `
-- Cold storage: one row per UTC day of raw events written to the archive folder and verified. Rows leave
-- events only after their day is recorded here (see the retention module of @tally/ingest). path is the
-- file's name inside the archive folder, so the folder can move.
CREATE TABLE archive_files (
  day date PRIMARY KEY,
  path text NOT NULL,
  rows bigint NOT NULL,
  sha256 text NOT NULL,
  bytes bigint NOT NULL,
  archived_at timestamptz NOT NULL DEFAULT now(),
  dropped_at timestamptz,
  restored_at timestamptz
);
`,
  },
  {
    version: 5,
    name: 'embed token signing keys and revoked tokens',
    sql: `
-- ES256 keys that sign embed tokens (see packages/server/src/auth). The newest key without retired_at signs;
-- every key until expires_at verifies and is published in the JWKS. private_jwk is the private JWK, or an
-- AES-256-GCM envelope of it when TALLY_SECRET_KEY is set.
CREATE TABLE signing_keys (
  kid text PRIMARY KEY,
  alg text NOT NULL,
  public_jwk jsonb NOT NULL,
  private_jwk jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz,
  expires_at timestamptz
);

-- Embed tokens revoked by id (jti) before their expiry; a row is kept until no token with that id can
-- still be valid.
CREATE TABLE revoked_tokens (
  jti text NOT NULL,
  tenant text NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (jti, tenant)
);
CREATE INDEX revoked_tokens_expiry ON revoked_tokens (expires_at);
`,
  },
  {
    version: 6,
    name: 'active users per trailing window',
    sql: activeUsersWindowMigrationSql(),
  },
  {
    version: 7,
    name: 'saved dashboards',
    sql: `
-- Dashboard layouts saved per user (an embed token's subject) for <tally-dashboard>, see
-- packages/server/src/dashboards. version counts saves: a save based on an older version is refused.
CREATE TABLE saved_dashboards (
  tenant text NOT NULL,
  subject text NOT NULL,
  id text NOT NULL,
  layout jsonb NOT NULL,
  version integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, subject, id)
);
`,
  },
  {
    version: 8,
    name: 'last active day per user',
    sql: userLastActiveMigrationSql(),
  },
];
