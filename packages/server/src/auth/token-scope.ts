import type { EmbedClaims } from '@tally/client-sdk';
import { SENSITIVITIES } from '@tally/core';
import type { AccessScope } from '../access/access-scope.ts';
import { sensitivitiesOf } from './roles.ts';

/**
 * The {@link AccessScope} of a verified token's claims: its tenant, the sensitivity classes its role grants,
 * the metrics it names (all the role allows when it names none) and its fixed filters.
 */
export function scopeOfClaims(claims: EmbedClaims): AccessScope {
  return {
    tenant: claims.tenant,
    sensitivities: sensitivitiesOf(claims.role),
    ...(claims.metrics ? { metrics: new Set(claims.metrics) } : {}),
    filters: claims.filters?.customerId !== undefined ? { customerId: claims.filters.customerId } : {},
  };
}

/** The {@link AccessScope} of an `admin` API key: the whole tenant, every class, no fixed filters. */
export function scopeOfAdminKey(tenant: string): AccessScope {
  return { tenant, sensitivities: new Set(SENSITIVITIES), filters: {} };
}
