import type { SqlExecutor } from '@tally/core';
import { createApiKey, ensureTenant } from '../auth/api-keys.ts';
import { upsertSource } from '../auth/source-registry.ts';
import { DEMO_SECRETS, type DemoSecrets } from './secrets.ts';

/** Everything {@link runDemo} needs to send as the demo tenant. */
export interface DemoSetup {
  /** Where the run's progress is kept (`demo_runs`). */
  store: SqlExecutor;
  tenant: string;
  /** A fresh `ingest`-scope key for the batch sources. */
  ingestKey: string;
  secrets: DemoSecrets;
}

/** Options for {@link prepareDemoTenant}. */
export interface PrepareDemoOptions {
  /** @default 'demo' */
  tenant?: string;
  /** Display name of the tenant. @default 'Tally demo' */
  name?: string;
}

/** The name of the demo's API keys, so that a new start can revoke the previous one. */
const KEY_NAME = 'demo-generator';

/**
 * Prepares the demo tenant: creates it when new, replaces its demo ingest key, and configures every
 * signed source with the fixed demo secrets (see docs/demo.md). Safe to call on every start.
 *
 * @example
 * const setup = await prepareDemoTenant(store);
 * await runDemo({ baseUrl: 'http://127.0.0.1:3000', setup, seed: 42, scale: 1 });
 */
export async function prepareDemoTenant(store: SqlExecutor, options: PrepareDemoOptions = {}): Promise<DemoSetup> {
  const tenant = options.tenant ?? 'demo';
  await ensureTenant(store, tenant, options.name ?? 'Tally demo');
  await store.query('UPDATE api_keys SET revoked_at = now() WHERE tenant = $1 AND name = $2 AND revoked_at IS NULL', [tenant, KEY_NAME]);
  const { key } = await createApiKey(store, { tenant, scopes: ['ingest'], name: KEY_NAME });
  const secrets = DEMO_SECRETS;
  await upsertSource(store, tenant, 'stripe', { secret: secrets.stripe });
  await upsertSource(store, tenant, 'chargebee', { basicAuth: secrets.chargebee });
  await upsertSource(store, tenant, 'hubspot', { secret: secrets.hubspot });
  await upsertSource(store, tenant, 'zendesk', { secret: secrets.zendesk });
  await upsertSource(store, tenant, 'intercom', { secret: secrets.intercom });
  return { store, tenant, ingestKey: key, secrets };
}
