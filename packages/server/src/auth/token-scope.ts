import type { EmbedClaims } from '@tally/client-sdk';
import { SENSITIVITIES, TallyError } from '@tally/core';
import type { AccessScope } from '../access/access-scope.ts';
import { DEFAULT_ROLES, type RoleTable } from './roles.ts';

/**
 * The {@link AccessScope} of a verified token's claims: its tenant, the sensitivity classes its role grants in
 * `roles`, the metrics it names (all the role allows when it names none), the widgets it names, and its
 * fixed filters. Throws `unauthorized` for a role `roles` does not have (verification refuses those first).
 */
export function scopeOfClaims(claims: EmbedClaims, roles: RoleTable = DEFAULT_ROLES): AccessScope {
  const grants = roles.grants(claims.role);
  if (!grants) throw new TallyError('unauthorized', `token: role ${claims.role} is not configured on this server`, { field: 'token' });
  return {
    tenant: claims.tenant,
    sensitivities: grants.sensitivities,
    ...(claims.metrics ? { metrics: new Set(claims.metrics) } : {}),
    ...(claims.widgets ? { widgets: new Set(claims.widgets) } : {}),
    filters: claims.filters?.customerId !== undefined ? { customerId: claims.filters.customerId } : {},
  };
}

/** The {@link AccessScope} of an `admin` API key: the whole tenant, every class, no fixed filters. */
export function scopeOfAdminKey(tenant: string): AccessScope {
  return { tenant, sensitivities: new Set(SENSITIVITIES), filters: {} };
}
