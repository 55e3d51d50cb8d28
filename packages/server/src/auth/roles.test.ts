import { ROLES } from '@tally/client-sdk';
import { getMetric, parseRolesConfig, SENSITIVITIES } from '@tally/core';
import { describe, expect, it } from 'vitest';
import { authorizeRead } from '../access/access-scope.ts';
import { BUILT_IN_ROLES, createRoleTable, DEFAULT_ROLES } from './roles.ts';
import { scopeOfClaims } from './token-scope.ts';

describe('roles', () => {
  it('covers every built-in role with known classes; admin has all, only admin and finance see finance', () => {
    expect(Object.keys(BUILT_IN_ROLES).sort()).toEqual([...ROLES].sort());
    for (const { sensitivities } of Object.values(BUILT_IN_ROLES)) for (const c of sensitivities) expect(SENSITIVITIES).toContain(c);
    expect(BUILT_IN_ROLES.admin.sensitivities).toEqual(SENSITIVITIES);
    expect(ROLES.filter((r) => BUILT_IN_ROLES[r].sensitivities.includes('finance'))).toEqual(['admin', 'finance']);
    expect(DEFAULT_ROLES.names).toEqual(ROLES);
  });

  it('builds the access scope a token\'s claims give', () => {
    const scope = scopeOfClaims({ tenant: 'acme', role: 'viewer', metrics: ['dau', 'wau'], filters: { customerId: 'c1' } });
    expect(scope).toEqual({ tenant: 'acme', sensitivities: new Set(['general', 'product']), metrics: new Set(['dau', 'wau']), filters: { customerId: 'c1' } });
    expect(getMetric('revenue').sensitivity).toBe('finance');
    expect(() => authorizeRead(scopeOfClaims({ tenant: 'acme', role: 'viewer' }), 'revenue')).toThrow(/may not read revenue/);
    expect(authorizeRead(scopeOfClaims({ tenant: 'acme', role: 'finance' }), 'revenue').metric.name).toBe('revenue');
  });

  it('lays TALLY_ROLES over the built-in roles: a redefined one replaces its grants, a custom one is added', () => {
    const roles = createRoleTable(parseRolesConfig('{"viewer":{"sensitivities":["general"]},"collections":{"sensitivities":["general","finance"],"customers":"one"}}'));
    expect(roles.names).toEqual([...ROLES, 'collections']);
    expect(roles.grants('viewer')).toEqual({ sensitivities: new Set(['general']), customers: 'any' });
    expect(roles.grants('collections')).toEqual({ sensitivities: new Set(['general', 'finance']), customers: 'one' });
    expect(roles.grants('analyst')).toEqual(DEFAULT_ROLES.grants('analyst'));
    expect(roles.grants('auditor')).toBeUndefined();
    expect(roles.grants('constructor')).toBeUndefined();
    expect(() => authorizeRead(scopeOfClaims({ tenant: 'acme', role: 'viewer' }, roles), 'dau')).toThrow(/may not read dau/);
    expect(authorizeRead(scopeOfClaims({ tenant: 'acme', role: 'collections', filters: { customerId: 'c1' } }, roles), 'revenue').customerId).toBe('c1');
    expect(() => scopeOfClaims({ tenant: 'acme', role: 'collections' })).toThrow(expect.objectContaining({ code: 'unauthorized' }));
  });
});
