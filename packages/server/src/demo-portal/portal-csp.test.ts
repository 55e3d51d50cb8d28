import { describe, expect, it } from 'vitest';
import { PORTAL_CSP } from './portal-csp.ts';

describe('the portal CSP', () => {
  it('never allows inline script, inline style or eval', () => {
    expect(PORTAL_CSP.scriptSrc).toEqual(["'self'"]);
    expect(PORTAL_CSP.styleSrc).toEqual(["'self'"]);
    expect(JSON.stringify(PORTAL_CSP)).not.toMatch(/unsafe-(eval|inline)|sha256-/);
  });
});
