import { ROLES } from '@tally/client-sdk';
import { getMetric, SENSITIVITIES } from '@tally/core';
import { describe, expect, it } from 'vitest';
import { authorizeRead } from '../access/access-scope.ts';
import { ROLE_SENSITIVITIES } from './roles.ts';
import { scopeOfClaims } from './token-scope.ts';

describe('roles', () => {
  it('covers every role with known classes; admin has all, only admin and finance see finance', () => {
    expect(Object.keys(ROLE_SENSITIVITIES).sort()).toEqual([...ROLES].sort());
    for (const classes of Object.values(ROLE_SENSITIVITIES)) for (const c of classes) expect(SENSITIVITIES).toContain(c);
    expect(ROLE_SENSITIVITIES.admin).toEqual(SENSITIVITIES);
    expect(ROLES.filter((r) => ROLE_SENSITIVITIES[r].includes('finance'))).toEqual(['admin', 'finance']);
  });

  it('builds the access scope a token\'s claims give', () => {
    const scope = scopeOfClaims({ tenant: 'acme', role: 'viewer', metrics: ['dau', 'wau'], filters: { customerId: 'c1' } });
    expect(scope).toEqual({ tenant: 'acme', sensitivities: new Set(['general', 'product']), metrics: new Set(['dau', 'wau']), filters: { customerId: 'c1' } });
    expect(getMetric('revenue').sensitivity).toBe('finance');
    expect(() => authorizeRead(scopeOfClaims({ tenant: 'acme', role: 'viewer' }), 'revenue')).toThrow(/may not read revenue/);
    expect(authorizeRead(scopeOfClaims({ tenant: 'acme', role: 'finance' }), 'revenue').metric.name).toBe('revenue');
  });
});
