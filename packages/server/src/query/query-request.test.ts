import { isTallyError } from '@tally/core';
import { describe, expect, it } from 'vitest';
import { parseQueryRequest } from './query-request.ts';

function fieldOf(input: unknown): { field: string | undefined; message: string } {
  try {
    parseQueryRequest(input);
  } catch (err) {
    if (isTallyError(err, 'validation_failed')) return { field: err.field, message: err.message };
    throw err;
  }
  throw new Error('expected validation_failed');
}

describe('parseQueryRequest', () => {
  it('fills defaults and normalises filters and the zone', () => {
    expect(parseQueryRequest({ metric: 'feature_uses', range: '7d', filters: { feature: ['b', 'a', 'b'] }, timezone: 'Etc/UTC' })).toMatchObject({
      range: { kind: 'relative', n: 7, unit: 'day' }, granularity: 'day', filters: { feature: ['a', 'b'] }, compare: false, timezone: 'UTC',
    });
    expect(parseQueryRequest({ metric: 'mrr', range: '12mo', granularity: 'month', compare: 'previous_period', timezone: 'Europe/Paris', groupBy: 'currency' })).toMatchObject({
      range: { kind: 'relative', n: 12, unit: 'month' }, compare: true, timezone: 'Europe/Paris', groupBy: 'currency',
    });
    expect(parseQueryRequest({ metric: 'events', range: { from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00+01:00' } }).range).toEqual({
      kind: 'absolute', from: Date.UTC(2026, 10, 1), to: Date.UTC(2026, 10, 1, 23),
    });
  });

  it.each([
    [{ range: '7d' }, 'metric'],
    [{ metric: 'nope', range: '7d' }, 'metric'],
    [{ metric: 'events' }, 'range'],
    [{ metric: 'events', range: '7 days' }, 'range'],
    [{ metric: 'events', range: '0d' }, 'range'],
    [{ metric: 'events', range: '2000d' }, 'range'],
    [{ metric: 'events', range: { from: '2026-11-02T00:00:00Z', to: '2026-11-01T00:00:00Z' } }, 'range.to'],
    [{ metric: 'events', range: { from: '2016-11-02T00:00:00Z', to: '2026-11-01T00:00:00Z' } }, 'range'],
    [{ metric: 'events', range: { from: 'yesterday', to: '2026-11-01T00:00:00Z' } }, 'range.from'],
    [{ metric: 'events', range: '7d', granularity: 'minute' }, 'granularity'],
    [{ metric: 'events', range: '7d', timezone: 'Mars/Olympus' }, 'timezone'],
    [{ metric: 'events', range: '7d', timezone: '+05:30' }, 'timezone'],
    [{ metric: 'events', range: '7d', groupBy: 'feature' }, 'groupBy'],
    [{ metric: 'events', range: '7d', filters: { customer: ['c1'] } }, 'filters.customer'],
    [{ metric: 'events', range: '7d', filters: { type: 'billing.invoice_paid' } }, 'filters.type'],
    [{ metric: 'events', range: '7d', filters: { type: [] } }, 'filters.type'],
    [{ metric: 'events', range: '7d', compare: 'last_year' }, 'compare'],
    [{ metric: 'events', range: '7d', limit: 5 }, 'limit'],
    [{ metric: 'health_score_distribution', range: '7d', groupBy: 'plan' }, 'groupBy'],
    ['events', 'body'],
  ])('refuses %j naming %s', (input, field) => {
    const error = fieldOf(input);
    expect(error.field).toBe(field);
    expect(error.message.startsWith(`${field}: `)).toBe(true);
  });
});
