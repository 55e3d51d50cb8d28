import { TallyError, type SqlExecutor } from '@tally/core';
import type { SourceConfig } from '../connectors/types.ts';

interface Cached<T> {
  value: T;
  expires: number;
}

/**
 * Tenants' source settings (signing secrets, mappings), read from the `sources` table and cached briefly.
 * Secrets are held as given: verifying a vendor's HMAC needs the secret itself.
 */
export class SourceRegistry {
  readonly #db: SqlExecutor;
  readonly #cacheMs: number;
  readonly #configs = new Map<string, Cached<SourceConfig | undefined>>();
  readonly #tenants = new Map<string, Cached<string[]>>();

  /** @param cacheMs how long a source's settings are reused. @default 10000 */
  constructor(db: SqlExecutor, cacheMs = 10_000) {
    this.#db = db;
    this.#cacheMs = cacheMs;
  }

  /** The tenant's settings of `source`, or undefined when the tenant has not configured it. */
  async config(tenant: string, source: string): Promise<SourceConfig | undefined> {
    const key = `${tenant}\u0000${source}`;
    const hit = this.#configs.get(key);
    if (hit && hit.expires > Date.now()) return hit.value;
    const [row] = await this.#db.query<{ config: SourceConfig }>('SELECT config FROM sources WHERE tenant = $1 AND source = $2', [tenant, source]);
    this.#configs.set(key, { value: row?.config, expires: Date.now() + this.#cacheMs });
    return row?.config;
  }

  /**
   * Which tenant a webhook is for: the `tenant` query parameter when given, else the one tenant that has
   * configured the source. Undefined when none has; an error when several have and none was named.
   */
  async webhookTenant(source: string, named: string | undefined): Promise<string | undefined> {
    if (named !== undefined) return (await this.config(named, source)) ? named : undefined;
    const hit = this.#tenants.get(source);
    let tenants = hit && hit.expires > Date.now() ? hit.value : undefined;
    if (!tenants) {
      tenants = (await this.#db.query<{ tenant: string }>('SELECT tenant FROM sources WHERE source = $1 ORDER BY tenant LIMIT 2', [source])).map((r) => r.tenant);
      this.#tenants.set(source, { value: tenants, expires: Date.now() + this.#cacheMs });
    }
    if (tenants.length > 1) {
      throw new TallyError('validation_failed', `tenant: several tenants receive ${source} webhooks; add ?tenant=<id> to the webhook URL`, { field: 'tenant' });
    }
    return tenants[0];
  }

  /** Forgets cached settings (after a change). */
  invalidate(): void {
    this.#configs.clear();
    this.#tenants.clear();
  }
}

/** Creates or replaces a tenant's settings of a source. */
export async function upsertSource(db: SqlExecutor, tenant: string, source: string, config: SourceConfig): Promise<void> {
  await db.query(
    `INSERT INTO sources (tenant, source, config) VALUES ($1, $2, $3::jsonb)
     ON CONFLICT (tenant, source) DO UPDATE SET config = EXCLUDED.config, updated_at = now()`,
    [tenant, source, JSON.stringify(config)],
  );
}
