import type { BuiltInRole } from '@tally/client-sdk';
import { SENSITIVITIES, type RoleGrants, type Sensitivity } from '@tally/core';

/**
 * The built-in roles: which metric sensitivity classes each grants, and which customers. Documented in the
 * README ("Embedding: tokens and roles"); change both together. `TALLY_ROLES` may redefine them and add roles.
 */
export const BUILT_IN_ROLES: Readonly<Record<BuiltInRole, RoleGrants>> = Object.freeze({
  admin: { sensitivities: SENSITIVITIES, customers: 'any' },
  analyst: { sensitivities: ['general', 'product', 'support', 'customer'], customers: 'any' },
  finance: { sensitivities: ['general', 'finance'], customers: 'any' },
  success: { sensitivities: ['general', 'product', 'support', 'customer'], customers: 'any' },
  viewer: { sensitivities: ['general', 'product'], customers: 'any' },
});

/** The roles one deployment knows: the built-in ones, as configured, and its custom ones. */
export interface RoleTable {
  /** Every role name, built-in ones first. */
  readonly names: readonly string[];
  /** The grants of `role`, or undefined when the deployment has no such role. */
  grants(role: string): { sensitivities: ReadonlySet<Sensitivity>; customers: RoleGrants['customers'] } | undefined;
}

/**
 * The role table of a deployment: {@link BUILT_IN_ROLES} with `configured` (from `TALLY_ROLES`, see
 * `parseRolesConfig`) laid over them, a configured built-in role replacing its grants whole.
 *
 * @example
 * const roles = createRoleTable(config.tokens.roles);
 * roles.grants('support_agent')?.sensitivities.has('support');
 */
export function createRoleTable(configured: Readonly<Record<string, RoleGrants>> = {}): RoleTable {
  const table = new Map<string, { sensitivities: ReadonlySet<Sensitivity>; customers: RoleGrants['customers'] }>();
  for (const [name, grants] of Object.entries({ ...BUILT_IN_ROLES, ...configured })) {
    table.set(name, Object.freeze({ sensitivities: new Set(grants.sensitivities), customers: grants.customers }));
  }
  const names = Object.freeze([...table.keys()]);
  return {
    names,
    grants: (role) => table.get(role),
  };
}

/** The table of a deployment without `TALLY_ROLES`. */
export const DEFAULT_ROLES: RoleTable = createRoleTable();
