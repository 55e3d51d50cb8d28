import type { Role } from '@tally/client-sdk';
import { SENSITIVITIES, type Sensitivity } from '@tally/core';

/**
 * The one role table: which metric sensitivity classes each embed-token role may read. Documented in the
 * README ("Embedding: tokens and roles"); change both together.
 */
export const ROLE_SENSITIVITIES: Readonly<Record<Role, readonly Sensitivity[]>> = Object.freeze({
  admin: SENSITIVITIES,
  analyst: ['general', 'product', 'support', 'customer'],
  finance: ['general', 'finance'],
  success: ['general', 'product', 'support', 'customer'],
  viewer: ['general', 'product'],
});

/** The sensitivity classes `role` grants, as a set. */
export function sensitivitiesOf(role: Role): ReadonlySet<Sensitivity> {
  return new Set(ROLE_SENSITIVITIES[role]);
}
