import { SENSITIVITIES, type Sensitivity } from '@tally/core';
import { describe, expect, it } from 'vitest';
import { authorizeCustomer, authorizeWidget, type AccessScope } from './access-scope.ts';

const scope = (sensitivities: readonly Sensitivity[], extra: Partial<AccessScope> = {}): AccessScope => ({ tenant: 'acme', sensitivities: new Set(sensitivities), filters: {}, ...extra });

describe('authorizeCustomer', () => {
  it('needs the customer class, and the read metric when the token names metrics', () => {
    expect(authorizeCustomer(scope(SENSITIVITIES), 'c1')).toEqual({ customerId: 'c1' });
    expect(authorizeCustomer(scope(SENSITIVITIES))).toEqual({});
    expect(() => authorizeCustomer(scope(['general', 'product']), 'c1')).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => authorizeCustomer(scope(SENSITIVITIES, { metrics: new Set(['dau']) }))).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(authorizeCustomer(scope(SENSITIVITIES, { metrics: new Set(['health_score_distribution']) }))).toEqual({});
  });

  it('confines a sidebar scope to its customer and refuses any other', () => {
    const sidebar = scope(['general', 'customer'], { filters: { customerId: 'c1' } });
    expect(authorizeCustomer(sidebar)).toEqual({ customerId: 'c1' });
    expect(authorizeCustomer(sidebar, 'c1')).toEqual({ customerId: 'c1' });
    expect(() => authorizeCustomer(sidebar, 'c2')).toThrow(expect.objectContaining({ code: 'forbidden', field: 'customerId' }));
  });
});

describe('authorizeWidget', () => {
  it('lets any widget, or none, use a scope without a widgets claim; one with it needs a widget it lists', () => {
    expect(() => authorizeWidget(scope(SENSITIVITIES), undefined, 'widget')).not.toThrow();
    expect(() => authorizeWidget(scope(SENSITIVITIES), 'anything', 'widget')).not.toThrow();
    const tiles = scope(SENSITIVITIES, { widgets: new Set(['kpi-tile']) });
    expect(() => authorizeWidget(tiles, 'kpi-tile', 'widget')).not.toThrow();
    expect(() => authorizeWidget(tiles, undefined, 'x-tally-widget')).toThrow(expect.objectContaining({ code: 'forbidden_widget', field: 'x-tally-widget' }));
    expect(() => authorizeWidget(tiles, 'metric-chart', 'widget')).toThrow(expect.objectContaining({ code: 'forbidden_widget', field: 'widget' }));
  });
});
